Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# LS-DETECT-001..004 (docs/vulnerabilities.md, "AWS's own detectors"): one account with a function in us-east-1 and
# us-west-2 and none in eu-west-1; the emulator's Inspector and GuardDuty states are flipped between audits through
# its scenario endpoint.
BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
    Import-LambdaSecUnderTest
    $script:emulator = Start-TestEmulator
    $function = { param($name) @{ name = $name; runtime = 'python3.12'; role = 'fn-role' } }
    $estate = @{ accounts = @(@{ id = '111111111111'; roles = @(@{ name = 'fn-role' }); regions = @{
                    'us-east-1' = @{ functions = @(& $function 'd-east') }
                    'us-west-2' = @{ functions = @(& $function 'd-west') } } }) }
    $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/scenario' -Body $estate
    $script:aws = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = '111111111111'; SecretKey = 'x'; Region = 'us-east-1', 'us-west-2', 'eu-west-1' }

    function Set-Detector([hashtable] $Regions) {
        $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/scenario' -Body @{ accounts = @(@{ id = '111111111111'; regions = $Regions }) }
    }

    # The audit's LS-DETECT findings as "rule region", its errors, and the Inspector/GuardDuty calls it made.
    function Invoke-DetectorAudit([string[]] $Rule = @('LS-DETECT-*')) {
        $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path '/_emulator/stats'
        $findings = @(Invoke-LambdaSecAudit @aws -Rule $Rule -ErrorVariable errors -ErrorAction SilentlyContinue)
        $operations = (Invoke-TestEmulatorAdmin -Emulator $emulator -Path '/_emulator/stats').operations
        $calls = @{}
        foreach ($name in $operations.PSObject.Properties.Name | Where-Object { $_ -match '^(inspector2|guardduty):' }) { $calls[$name] = $operations.$name.calls }
        [pscustomobject]@{
            Findings = @($findings | Where-Object RuleId -like 'LS-DETECT-*')
            Keys     = @($findings | Where-Object RuleId -like 'LS-DETECT-*' | ForEach-Object { "$($_.RuleId) $($_.Region)" } | Sort-Object)
            Errors   = @($errors)
            Calls    = $calls
        }
    }
}

AfterAll {
    Stop-TestEmulator $emulator
}

Describe 'Invoke-LambdaSecAudit -Rule LS-DETECT-*' {
    Context 'When neither Inspector nor GuardDuty is on' {
        BeforeAll { $script:run = Invoke-DetectorAudit }

        It 'Should report all three detectors off in each region that has functions, and nothing for the empty region' {
            $run.Keys | Should -Be @('LS-DETECT-001 us-east-1', 'LS-DETECT-001 us-west-2', 'LS-DETECT-002 us-east-1', 'LS-DETECT-002 us-west-2', 'LS-DETECT-003 us-east-1', 'LS-DETECT-003 us-west-2')
            $run.Errors | Should -BeNullOrEmpty
        }

        It 'Should report them against the account and region, with the peers'' control ids' {
            $standard = $run.Findings | Where-Object { $_.RuleId -eq 'LS-DETECT-001' -and $_.Region -eq 'us-east-1' }
            $standard.ResourceType | Should -BeExactly 'AWS::::Account'
            $standard.AccountId | Should -Be '111111111111'
            $standard.ResourceArn | Should -BeNullOrEmpty
            $standard.Severity | Should -Be 'Medium'
            $standard.ControlIds | Should -Contain 'SecurityHub:Inspector.4'
            $standard.Evidence | Should -Match 'Lambda standard scanning is DISABLED \(Inspector account status DISABLED\)'
            $standard.Remediation | Should -Match 'aws inspector2 enable --resource-types LAMBDA --account-ids 111111111111 --region us-east-1'
            ($run.Findings | Where-Object { $_.RuleId -eq 'LS-DETECT-002' -and $_.Region -eq 'us-east-1' }).Severity | Should -Be 'Low'
            $guard = $run.Findings | Where-Object { $_.RuleId -eq 'LS-DETECT-003' -and $_.Region -eq 'us-west-2' }
            $guard.Evidence | Should -Match 'GuardDuty has no detector'
            $guard.ControlIds | Should -Contain 'SecurityHub:GuardDuty.6'
        }

        It 'Should make one Inspector and one GuardDuty call per region with functions, none for the empty region' {
            $run.Calls['inspector2:BatchGetAccountStatus'] | Should -Be 2
            $run.Calls['guardduty:ListDetectors'] | Should -Be 2
            $run.Calls.ContainsKey('guardduty:GetDetector') | Should -BeFalse
        }
    }

    Context 'When the detectors are switched on in part' {
        BeforeAll {
            Set-Detector @{
                'us-east-1' = @{ inspector = @{ lambda = 'ENABLED' }; guardDuty = @{ enable = $true; features = @{ LAMBDA_NETWORK_LOGS = 'ENABLED' } } }
                'us-west-2' = @{ inspector = @{ lambda = 'ENABLED'; lambdaCode = 'ENABLED' }; guardDuty = @{ enable = $true; features = @{ LAMBDA_NETWORK_LOGS = 'DISABLED' } } }
            }
            $script:run = Invoke-DetectorAudit
        }

        It 'Should report only what is still off: code scanning in us-east-1, Lambda Protection in us-west-2' {
            $run.Keys | Should -Be @('LS-DETECT-002 us-east-1', 'LS-DETECT-003 us-west-2')
            ($run.Findings | Where-Object RuleId -eq 'LS-DETECT-003').Evidence | Should -Match 'detector [0-9a-f]{32} is ENABLED but its LAMBDA_NETWORK_LOGS feature \(Lambda Protection\) is DISABLED'
            $run.Calls['guardduty:GetDetector'] | Should -Be 2
        }

        It 'Should report a suspended detector even when its Lambda feature is on' {
            Set-Detector @{ 'us-west-2' = @{ guardDuty = @{ enable = $false; features = @{ LAMBDA_NETWORK_LOGS = 'ENABLED' } } } }
            $suspended = Invoke-DetectorAudit
            $suspended.Keys | Should -Be @('LS-DETECT-002 us-east-1', 'LS-DETECT-003 us-west-2')
            ($suspended.Findings | Where-Object RuleId -eq 'LS-DETECT-003').Evidence | Should -Match 'is DISABLED \(LAMBDA_NETWORK_LOGS ENABLED\)'
        }
    }

    Context 'When the audit role may not read Inspector' {
        It 'Should report the status as unknown (LS-DETECT-004), not as on or off, and finish the audit' {
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path /_emulator/faults -Body @{ service = 'inspector2'; operation = 'BatchGetAccountStatus'; kind = 'denied' }
            try { $denied = Invoke-DetectorAudit } finally { $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path /_emulator/faults }
            $denied.Keys | Should -Be @('LS-DETECT-003 us-west-2', 'LS-DETECT-004 us-east-1', 'LS-DETECT-004 us-west-2')
            $unknown = $denied.Findings | Where-Object { $_.RuleId -eq 'LS-DETECT-004' -and $_.Region -eq 'us-east-1' }
            $unknown.Evidence | Should -Match 'inspector2:BatchGetAccountStatus failed with AccessDeniedException'
            $unknown.Remediation | Should -Match 'inspector2:BatchGetAccountStatus'
            $denied.Errors | Should -BeNullOrEmpty
        }
    }

    Context 'When -Rule does not select them' {
        It 'Should call neither Inspector nor GuardDuty' {
            $plain = Invoke-DetectorAudit -Rule 'LS-RT-*'
            $plain.Calls.Count | Should -Be 0
            $plain.Keys | Should -BeNullOrEmpty
        }
    }
}
