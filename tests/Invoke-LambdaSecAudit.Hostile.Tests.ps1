Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# An estate whose answers carry what an attacker (or a broken endpoint) could put in them (docs/hostile-input.md):
# lone surrogate escapes in policy values and keys and in the answer itself, and terminal and direction controls in
# a statement id. The emulator's "rewrite" fault puts the escapes into the answer bytes, which no JSON serializer writes.
BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
    Import-LambdaSecUnderTest
    $script:emulator = Start-TestEmulator
    $script:aws = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = '111111111111'; SecretKey = 'x'; Region = 'us-east-1' }

    $script:hostileSid = "evil`e[31m`a`u{202E}fdp"
    $public = @{ Effect = 'Allow'; Principal = '*'; Action = 'lambda:InvokeFunction' }
    $scenario = @{
        accounts = @(@{
                id      = '111111111111'
                roles   = @(@{ name = 'fn-role' })
                regions = @{
                    'us-east-1' = @{
                        functions = @(
                            @{ name = 'h-public'; runtime = 'python3.12'; role = 'fn-role'; permissions = @(@{ sid = 'anyone'; principal = '*' }) }
                            # The marker XLONEX becomes a lone surrogate escape: in the policy text (value, key), or in the answer itself.
                            @{ name = 'h-value'; runtime = 'python3.12'; role = 'fn-role'; policyStatements = @($public + @{ Sid = 'XLONEX' }) }
                            @{ name = 'h-key'; runtime = 'python3.12'; role = 'fn-role'; policyStatements = @($public + @{ Sid = 'k'; XLONEX = '1' }) }
                            @{ name = 'h-raw'; runtime = 'python3.12'; role = 'fn-role'; policyStatements = @($public + @{ Sid = 'XLONEX' }) }
                            @{ name = 'h-env'; runtime = 'python3.12'; role = 'fn-role'; environment = @{ XLONEX = 'v' } }
                            @{ name = 'h-sid'; runtime = 'python3.12'; role = 'fn-role'; policyStatements = @(($public + @{ Sid = $hostileSid }), @{ Sid = "bad$hostileSid"; Effect = 'Maybe'; Principal = '*'; Action = 'lambda:InvokeFunction' }) }
                        )
                    }
                    # A second region, for the checkpoint that fails between two regions.
                    'us-west-2' = @{ functions = @(@{ name = 'w-public'; runtime = 'python3.12'; role = 'fn-role'; permissions = @(@{ sid = 'anyone'; principal = '*' }) }) }
                }
            })
    }
    $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/scenario' -Body $scenario
    # In order (one rewrite per answer): h-raw's GetPolicy answer gets an invalid string; the other GetPolicy answers a
    # valid string holding the escape (so the policy text has it); every other Lambda answer the invalid escape.
    $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @(
        @{ service = 'lambda'; operation = 'GetPolicy'; match = '/functions/h-raw/'; kind = 'rewrite'; find = 'XLONEX'; replace = '\ud800' }
        @{ service = 'lambda'; operation = 'GetPolicy'; kind = 'rewrite'; find = 'XLONEX'; replace = '\\ud800' }
        @{ service = 'lambda'; operation = '*'; kind = 'rewrite'; find = 'XLONEX'; replace = '\ud800' }
    )
    $script:findings = @(Invoke-LambdaSecAudit @aws -Rule 'LS-EXP-*', 'LS-SEC-*' -ErrorVariable auditErrors -ErrorAction SilentlyContinue)
    $script:auditErrors = @($auditErrors)
    function script:Test-HasControl([string] $Text) { $Text -match "[\x00-\x08\x0B-\x1F\x7F\u202A-\u202E\u2066-\u2069]" }
}

AfterAll {
    Stop-TestEmulator $emulator
}

Describe 'Invoke-LambdaSecAudit facing hostile AWS answers' {
    Context 'When a resource policy holds a lone surrogate escape' {
        It 'Should judge <Name> Unknown (LS-EXP-004) with LambdaSec.PolicyParseError naming it' -ForEach @(
            @{ Name = 'h-value'; Case = 'in a statement value' }
            @{ Name = 'h-key'; Case = 'in a statement key' }
            @{ Name = 'h-raw'; Case = 'in the answer itself' }
        ) {
            ($findings | Where-Object FunctionName -eq $Name).RuleId | Should -Be 'LS-EXP-004'
            $errors = @($auditErrors | Where-Object { "$($_.TargetObject)" -like "*$Name*" })
            $errors | Should -Not -BeNullOrEmpty
            $errors.FullyQualifiedErrorId | Sort-Object -Unique | Should -BeExactly 'LambdaSec.PolicyParseError,LambdaSec.Cmdlets.InvokeLambdaSecAuditCommand'
        }

        It 'Should go on and audit the other functions normally, with no error but PolicyParseError' {
            ($findings | Where-Object FunctionName -eq 'h-public').RuleId | Should -Be 'LS-EXP-001'
            ($findings | Where-Object FunctionName -eq 'h-sid').RuleId | Should -Contain 'LS-EXP-001'
            $auditErrors.FullyQualifiedErrorId | Sort-Object -Unique | Should -BeExactly 'LambdaSec.PolicyParseError,LambdaSec.Cmdlets.InvokeLambdaSecAuditCommand'
        }

        It 'Should read a function whose environment variable name is a lone surrogate escape' {
            $exposure = Get-LambdaExposure @aws -FunctionName 'h-env'
            $exposure.FunctionName | Should -Be 'h-env'
            $exposure.Exposure | Should -Be 'None'
        }
    }

    Context 'When -CheckpointPath is not a regular file' {
        It 'Should stop with LambdaSec.CheckpointInvalid before any AWS call when it is <Case>' -Skip:$IsWindows -ForEach @(
            @{ Case = 'a FIFO'; Make = { param($p) & mkfifo $p }; Message = '*FIFO*' }
            @{ Case = 'a link to /dev/zero'; Make = { param($p) $null = New-Item -ItemType SymbolicLink -Path $p -Target '/dev/zero' }; Message = '*character device*' }
            @{ Case = 'a folder'; Make = { param($p) $null = New-Item -ItemType Directory -Path $p }; Message = '*folder*' }
        ) {
            $path = Join-Path $TestDrive "checkpoint-$($Case.Length)"
            & $Make $path
            $calls = (Invoke-TestEmulatorAdmin -Emulator $emulator -Path '/_emulator/stats').totals.calls
            $err = $null
            try { $null = Invoke-LambdaSecAudit @aws -CheckpointPath $path } catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.CheckpointInvalid,LambdaSec.Cmdlets.InvokeLambdaSecAuditCommand'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -BeLike $Message
            (Invoke-TestEmulatorAdmin -Emulator $emulator -Path '/_emulator/stats').totals.calls | Should -Be $calls
        }
    }

    Context 'When the checkpoint cannot be written during the run' {
        It 'Should go on without recording, output every finding of both regions, and say so once (LambdaSec.CheckpointWriteFailed)' -Skip:$IsWindows {
            $path = Join-Path $TestDrive 'failing.checkpoint'
            $twoRegions = @{} + $aws
            $twoRegions.Remove('Region')
            # One region's listing is slowed, so the other finishes first; its first finding replaces the checkpoint
            # file with a folder, and the next record fails (as root, a read-only folder would not stop the write).
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @(@{ service = 'lambda'; operation = 'ListFunctions'; kind = 'slow'; delayMs = 3000; count = 1 })
            $script:swapped = $false
            $out = @(Invoke-LambdaSecAudit @twoRegions -Region us-east-1, us-west-2 -Rule 'LS-EXP-*' -CheckpointPath $path -ErrorVariable err -ErrorAction SilentlyContinue | ForEach-Object {
                    if (-not $script:swapped) {
                        $script:swapped = $true
                        Remove-Item -LiteralPath $path -ErrorAction SilentlyContinue
                        $null = New-Item -ItemType Directory -Path $path
                    }
                    $_
                })
            $failures = @($err | Where-Object { $_.FullyQualifiedErrorId -like 'LambdaSec.CheckpointWriteFailed,*' })
            $failures | Should -HaveCount 1
            $failures[0].CategoryInfo.Category | Should -Be 'WriteError'
            "$($failures[0].TargetObject)" | Should -BeExactly $path
            $failures[0].Exception.Message | Should -BeLike '*goes on without recording*'
            @($err | Where-Object { $_.FullyQualifiedErrorId -notlike 'LambdaSec.CheckpointWriteFailed,*' -and $_.FullyQualifiedErrorId -notlike 'LambdaSec.PolicyParseError,*' }) | Should -BeNullOrEmpty
            $expected = @($findings | Where-Object RuleId -like 'LS-EXP-*' | ForEach-Object { "$($_.Region) $($_.FunctionName) $($_.RuleId)" }) + 'us-west-2 w-public LS-EXP-001'
            @($out | ForEach-Object { "$($_.Region) $($_.FunctionName) $($_.RuleId)" }) | Sort-Object | Should -Be ($expected | Sort-Object)
        }
    }

    Context 'When a statement id carries terminal and direction controls' {
        It 'Should make them visible escapes in the error message and keep them in the finding object' {
            $message = @($auditErrors | Where-Object { "$($_.TargetObject)" -like '*h-sid*' })[0].Exception.Message
            $message.Contains('badevil\u001B[31m\u0007\u202Efdp') | Should -BeTrue -Because $message
            Test-HasControl $message | Should -BeFalse
            ($findings | Where-Object { $_.FunctionName -eq 'h-sid' -and $_.RuleId -eq 'LS-EXP-001' }).Evidence.Contains($hostileSid) | Should -BeTrue
        }

        It 'Should send neutralised Title, Description and Remediation text to Security Hub, with identifiers exact' {
            $sent = @($findings | Where-Object FunctionName -eq 'h-sid' | Send-LambdaSecFinding @aws -PassThru)
            $sent | Should -Not -BeNullOrEmpty
            $answer = Invoke-TestEmulatorRaw -Emulator $emulator -Service securityhub -Method POST -Path '/findings' -Body '{}'
            $held = @(($answer.Content | ConvertFrom-Json).Findings | Where-Object GeneratorId -eq 'LS-EXP-001')
            $held | Should -HaveCount 1
            $held[0].Description.Contains('evil\u001B[31m\u0007\u202Efdp') | Should -BeTrue -Because $held[0].Description
            foreach ($text in $held[0].Title, $held[0].Description, $held[0].Remediation.Recommendation.Text) { Test-HasControl $text | Should -BeFalse }
            $held[0].Resources[0].Id | Should -BeExactly 'arn:aws:lambda:us-east-1:111111111111:function:h-sid'
        }

        It 'Should keep the statement id exact in the JSON report' {
            $path = Join-Path $TestDrive 'report.json'
            $findings | Export-LambdaSecReport -Path $path -Format Json
            (Get-Content $path -Raw | ConvertFrom-Json).Findings.Evidence | Should -Contain (($findings | Where-Object { $_.FunctionName -eq 'h-sid' -and $_.RuleId -eq 'LS-EXP-001' }).Evidence)
        }
    }
}
