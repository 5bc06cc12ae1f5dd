Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest

    function script:New-Finding([string] $Rule, [string] $Function, [string] $Severity = 'High', [string] $Evidence = 'seen') {
        [LambdaSec.Model.LambdaSecFinding] @{
            RuleId = $Rule; Title = "$Rule title"; Severity = $Severity; AccountId = '111111111111'; Region = 'us-east-1'
            ResourceType = 'AWS::Lambda::Function'; ResourceArn = "arn:aws:lambda:us-east-1:111111111111:function:$Function"; FunctionName = $Function
            Evidence = $Evidence; Remediation = 'fix it'
        }
    }

    function script:Save-Report([object[]] $Findings, [string] $Name) {
        $path = Join-Path $TestDrive $Name
        $null = $Findings | Export-LambdaSecReport -Path $path -Format Json -Force
        $path
    }

    # Yesterday: a public function and an old runtime. Today: the runtime finding again (other wording and a
    # raised severity: the same finding), the public function fixed, a new public function.
    $script:yesterday = Save-Report @((New-Finding 'LS-EXP-001' 'payments' 'Critical'), (New-Finding 'LS-RT-001' 'legacy' 'High' 'python3.8 deprecated')) 'yesterday.json'
    $script:today = Save-Report @((New-Finding 'LS-RT-001' 'legacy' 'Critical' 'python3.8: updates blocked'), (New-Finding 'LS-EXP-001' 'intake' 'Critical')) 'today.json'
}

Describe 'Compare-LambdaSecAudit' {
    Context 'When two JSON reports are compared' {
        BeforeAll { $script:changes = @(Compare-LambdaSecAudit -Reference $yesterday -Difference $today) }

        It 'Should call each finding <Change>: <Function>' -ForEach @(
            @{ Function = 'intake'; Change = 'New' }
            @{ Function = 'payments'; Change = 'Resolved' }
            @{ Function = 'legacy'; Change = 'Unchanged' }
        ) {
            ($changes | Where-Object FunctionName -eq $Function).Change | Should -Be $Change
        }

        It 'Should emit one LambdaSecFindingChange per finding, carrying the finding (the newer one, or the older one when resolved)' {
            $changes | Should -HaveCount 3
            $changes | ForEach-Object { $_ | Should -BeOfType ([LambdaSec.Model.LambdaSecFindingChange]) }
            ($changes | Where-Object Change -eq 'Unchanged').Finding.Evidence | Should -Be 'python3.8: updates blocked'
            ($changes | Where-Object Change -eq 'Resolved').Finding.FunctionName | Should -Be 'payments'
        }

        It 'Should keep only the changes asked for with -Change' {
            @(Compare-LambdaSecAudit $yesterday $today -Change New, Resolved).FunctionName | Sort-Object | Should -Be @('intake', 'payments')
        }

        It 'Should show the change in its default table view' {
            $text = Compare-LambdaSecAudit $yesterday $today | Format-Table | Out-String
            $text | Should -Match 'Change\s+Severity\s+RuleId'
            $text | Should -Match 'Resolved\s+Critical\s+LS-EXP-001'
        }
    }

    Context 'When an audit is in several files (shards) or piped' {
        It 'Should read several files per side, counting a finding listed twice once' {
            $shardA = Save-Report @((New-Finding 'LS-EXP-001' 'payments' 'Critical')) 'shard-a.json'
            $shardB = Save-Report @((New-Finding 'LS-RT-001' 'legacy'), (New-Finding 'LS-EXP-001' 'payments' 'Critical')) 'shard-b.json'
            $changes = @(Compare-LambdaSecAudit -Reference $shardA, $shardB -Difference $today)
            $changes | Should -HaveCount 3
            ($changes | Where-Object Change -eq 'Resolved').FunctionName | Should -Be 'payments'
        }

        It 'Should take the newer audit from the pipeline, also as re-imported JSON' {
            $piped = @((New-Finding 'LS-RT-001' 'legacy'), (New-Finding 'LS-EXP-001' 'intake')) | Compare-LambdaSecAudit -Reference $yesterday
            @($piped | Where-Object Change -eq 'New').FunctionName | Should -Be 'intake'
            $reimported = (Get-Content $today -Raw | ConvertFrom-Json).findings | Compare-LambdaSecAudit -Reference $yesterday
            @($reimported | Where-Object Change -eq 'Unchanged').FunctionName | Should -Be 'legacy'
        }

        It 'Should keep Suppressed so a gate can leave accepted risks out' {
            $accepted = (New-Finding 'LS-EXP-001' 'intake') | ConvertTo-Json | ConvertFrom-Json
            $accepted.Suppressed = $true
            ($accepted | Compare-LambdaSecAudit -Reference $yesterday -Change New).Suppressed | Should -BeTrue
        }
    }

    Context 'When a file is not a LambdaSec JSON report' {
        It 'Should stop with LambdaSec.FindingReportInvalid naming the file: <Why>' -ForEach @(
            @{ Why = 'missing'; Name = 'none.json'; Text = $null; Message = 'does not exist' }
            @{ Why = 'not JSON'; Name = 'broken.json'; Text = "{`n  ""findings"": [ oops"; Message = 'broken.json:2: it is not a LambdaSec JSON report' }
            @{ Why = 'JSON without findings'; Name = 'other.json'; Text = '{"name": "package"}'; Message = "no 'findings' list" }
        ) {
            $path = Join-Path $TestDrive $Name
            if ($null -ne $Text) { Set-Content $path -Value $Text }
            $err = { Compare-LambdaSecAudit -Reference $path -Difference $today } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.FindingReportInvalid,LambdaSec.Cmdlets.CompareLambdaSecAuditCommand'
            $err.Exception.Message | Should -BeLike "*$Message*"
        }
    }
}
