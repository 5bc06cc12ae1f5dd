Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# The README's "Daily audit" runbook (demo/Invoke-DailyAudit.ps1 with demo/accepted-risks.yaml), run as written
# against the emulator: the first run records a baseline, an unchanged estate passes, a newly introduced public
# function is the only New finding and fails the run; with -SecurityHub the findings reach the emulator's Security Hub
# and the fixed function's finding is archived on the next run.
BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
    Import-LambdaSecUnderTest
    $script:root = Split-Path $PSScriptRoot
    $script:runbook = Join-Path $root 'demo/Invoke-DailyAudit.ps1'
    $script:risks = Join-Path $root 'demo/accepted-risks.yaml'
    $script:emulator = Start-TestEmulator -Scenario (Join-Path $PSScriptRoot 'data/daily-audit-estate.json')
    $script:saved = Save-TestEnvironment -Name AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN, AWS_REGION, AWS_PROFILE
    Remove-Item Env:\AWS_PROFILE, Env:\AWS_SESSION_TOKEN -ErrorAction SilentlyContinue
    $env:AWS_ENDPOINT_URL = $emulator.EndpointUrl; $env:AWS_ACCESS_KEY_ID = '111111111111'; $env:AWS_SECRET_ACCESS_KEY = 'x'; $env:AWS_REGION = 'us-east-1'
    # Not under TestDrive: Pester empties it after each Context, and the runs of all Contexts share the reports.
    $script:folder = Join-Path ([IO.Path]::GetTempPath()) "lambdasec-daily-$([guid]::NewGuid().ToString('N'))"

    function script:Invoke-Runbook {
        $global:LASTEXITCODE = 0
        $summary = & $runbook -ReportFolder $folder -SuppressionPath $risks -SecurityHub -WarningVariable warnings -WarningAction SilentlyContinue
        [pscustomobject]@{ Summary = $summary; ExitCode = $LASTEXITCODE; Warnings = @($warnings) }
    }

    function script:Get-HubFinding([string] $FunctionName, [string] $RuleId) {
        @((Invoke-TestAwsCli -Emulator $emulator -Arguments @('securityhub', 'get-findings')).Findings |
            Where-Object { $_.GeneratorId -eq $RuleId -and $_.Resources[0].Id -like "*:function:$FunctionName" })
    }
}

AfterAll {
    Remove-Item $folder -Recurse -Force -ErrorAction SilentlyContinue
    Restore-TestEnvironment $saved
    Stop-TestEmulator $emulator
}

Describe 'Daily audit runbook (README)' {
    Context 'When it runs for the first time' {
        BeforeAll { $script:first = Invoke-Runbook }

        It 'Should record a baseline and pass, since nothing can be new without one' {
            $first.ExitCode | Should -Be 0
            $first.Summary.Baseline | Should -BeNullOrEmpty
            $first.Summary.Failed | Should -BeFalse
            Test-Path $first.Summary.Report | Should -BeTrue
        }

        It 'Should mark the accepted risks Suppressed with their reason and entry, and not report the trusted vendor' {
            $findings = (Get-Content $first.Summary.Report -Raw | ConvertFrom-Json).findings
            $webhook = $findings | Where-Object { $_.RuleId -eq 'LS-EXP-001' -and $_.FunctionName -eq 'public-webhook' }
            $webhook.Suppressed | Should -BeTrue
            $webhook.SuppressionReason | Should -BeLike 'Stripe calls this webhook*'
            $webhook.SuppressedBy | Should -BeLike '*accepted-risks.yaml:*(stripe-webhook)'
            ($findings | Where-Object { $_.FunctionName -eq 'legacy-py38' -and $_.RuleId -like 'LS-RT-*' }).Suppressed | Should -BeTrue
            $findings | Where-Object { $_.RuleId -eq 'LS-EXP-003' } | Should -BeNullOrEmpty
        }
    }

    Context 'When nothing changed since the last run' {
        It 'Should tag every finding Existing and pass' {
            $second = Invoke-Runbook
            $second.ExitCode | Should -Be 0
            $second.Summary.Baseline | Should -Not -BeNullOrEmpty
            $second.Summary.New | Should -Be 0
            $second.Summary.Failed | Should -BeFalse
        }
    }

    Context 'When a public function is introduced between runs' {
        BeforeAll {
            $scenario = @{ accounts = @(@{ id = '111111111111'; regions = @{ 'us-east-1' = @{ functions = @(@{ name = 'new-public'; runtime = 'python3.12'; role = 'fn-role'; permissions = @(@{ sid = 'oops'; principal = '*' }) }) } } }) }
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/scenario' -Body $scenario
            $script:third = Invoke-Runbook
            $script:thirdFindings = (Get-Content $third.Summary.Report -Raw | ConvertFrom-Json).findings
        }

        It 'Should fail the run (exit code 1) on the new High and Critical findings, naming them' {
            $third.ExitCode | Should -Be 1
            $third.Summary.Failed | Should -BeTrue
            $third.Summary.Blocking.RuleId | Should -Contain 'LS-EXP-001'
            $third.Warnings -join "`n" | Should -Match 'New Critical finding LS-EXP-001 on new-public'
        }

        It 'Should tag only the new function''s findings New' {
            @($thirdFindings | Where-Object BaselineState -eq 'New' | ForEach-Object FunctionName | Sort-Object -Unique) | Should -Be @('new-public')
            @($thirdFindings | Where-Object { $_.FunctionName -ne 'new-public' -and $_.BaselineState -ne 'Existing' }) | Should -BeNullOrEmpty
        }

        It 'Should show the new findings in the HTML report as new since the baseline' {
            $html = Get-Content ($third.Summary.Report -replace '\.json$', '.html') -Raw
            $html | Should -Match 'New since \d{4}-\d{2}-\d{2}'
            $html | Should -Match '<section id="suppressed"'
            ([regex]::Matches($html, 'data-new="true"')).Count | Should -Be @($thirdFindings | Where-Object { $_.BaselineState -eq 'New' -and -not $_.Suppressed }).Count
        }

        It 'Should send the new finding to Security Hub as an active finding' {
            $third.Summary.HubImported | Should -Be $thirdFindings.Count
            (Get-HubFinding -FunctionName new-public -RuleId LS-EXP-001).RecordState | Should -Be 'ACTIVE'
        }

        It 'Should send the accepted risk to Security Hub as SUPPRESSED, and the new finding as NEW work' {
            $accepted = Get-HubFinding -FunctionName public-webhook -RuleId LS-EXP-001
            $accepted.RecordState | Should -Be 'ACTIVE'
            $accepted.Workflow.Status | Should -Be 'SUPPRESSED'
            (Get-HubFinding -FunctionName new-public -RuleId LS-EXP-001).Workflow.Status | Should -Be 'NEW'
        }

        It 'Should list the same change with Compare-LambdaSecAudit' {
            $changes = @(Compare-LambdaSecAudit -Reference $third.Summary.Baseline -Difference $third.Summary.Report -Change New, Resolved)
            @($changes.FunctionName | Sort-Object -Unique) | Should -Be @('new-public')
            $changes.Change | Sort-Object -Unique | Should -Be 'New'
        }
    }

    Context 'When the new public function is fixed before the next run' {
        BeforeAll {
            $null = Get-LambdaExposure -FunctionName new-public | Remove-LambdaPublicPermission -BackupPath (Join-Path $folder 'removed.jsonl') -Confirm:$false
            $script:fourth = Invoke-Runbook
        }

        It 'Should pass, with nothing new' {
            $fourth.ExitCode | Should -Be 0
            $fourth.Summary.New | Should -Be 0
        }

        It 'Should archive the fixed finding in Security Hub and keep the others active' {
            $fourth.Summary.HubArchived.RuleId | Should -Contain 'LS-EXP-001'
            (Get-HubFinding -FunctionName new-public -RuleId LS-EXP-001).RecordState | Should -Be 'ARCHIVED'
            (Get-HubFinding -FunctionName public-webhook -RuleId LS-EXP-001).RecordState | Should -Be 'ACTIVE'
        }
    }
}
