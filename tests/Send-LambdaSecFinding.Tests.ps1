Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
    Import-LambdaSecUnderTest
    if (-not (Initialize-TestAwsCli)) { throw 'The AWS CLI is needed to build the estate and read Security Hub back (apt-get install awscli).' }
    $script:emulator = Start-TestEmulator
    $script:aws = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = '111111111111'; SecretKey = 'x'; Region = 'us-east-1' }
    # A small estate built with the AWS CLI: a public function and one on an end-of-life runtime.
    $source = Join-Path $TestDrive 'index.py'; Set-Content $source "def handler(event, context):`n    return 1`n"
    $zip = Join-Path $TestDrive 'code.zip'; Compress-Archive -Path $source -DestinationPath $zip
    $role = 'arn:aws:iam::111111111111:role/lambda-basic-execution'
    foreach ($f in @(@{ Name = 'pub'; Runtime = 'python3.13' }, @{ Name = 'old'; Runtime = 'python3.8' })) {
        $null = Invoke-TestAwsCli -Emulator $emulator -Arguments @('lambda', 'create-function', '--function-name', $f.Name, '--runtime', $f.Runtime, '--handler', 'index.handler', '--role', $role, '--zip-file', "fileb://$zip")
    }
    $null = Invoke-TestAwsCli -Emulator $emulator -Arguments @('lambda', 'add-permission', '--function-name', 'pub', '--statement-id', 'anyone', '--action', 'lambda:InvokeFunction', '--principal=*')
    $script:audit = @{ Rule = 'LS-EXP-*', 'LS-RT-*'; AsOf = [datetime] '2026-12-03' }
    function script:Get-HubFindings {
        @((Invoke-TestAwsCli -Emulator $emulator -Arguments @('securityhub', 'get-findings')).Findings)
    }
}

AfterAll {
    Stop-TestEmulator $emulator
}

Describe 'Send-LambdaSecFinding' {
    Context 'When the findings of a first audit are sent' {
        BeforeAll {
            $script:first = @(Invoke-LambdaSecAudit @aws @audit)
            $iac = [pscustomobject]@{ RuleId = 'LS-IAC-001'; Title = 'Lambda permission lets anyone invoke'; Severity = 'Critical'; ResourceType = 'AWS::Lambda::Permission'; SourceFile = 'template.yaml'; LogicalId = 'Open' }
            $script:sent = @($first + $iac | Send-LambdaSecFinding @aws -PassThru -WarningVariable warnings -WarningAction SilentlyContinue)
            $script:warnings = $warnings
            $script:held = Get-HubFindings
        }

        It 'Should import every audit finding under its stable Id, in the finding''s account and region' {
            $first.RuleId | Sort-Object | Should -Be @('LS-EXP-001', 'LS-RT-001')
            $sent | Should -HaveCount 2
            $sent.Action | Sort-Object -Unique | Should -Be 'Imported'
            @($held.Id | Sort-Object) | Should -Be @($first | ForEach-Object { "lambdasec/$($_.RuleId)/$($_.Fingerprint)" } | Sort-Object)
            $held.RecordState | Sort-Object -Unique | Should -Be 'ACTIVE'
            $held.ProductArn | Sort-Object -Unique | Should -Be 'arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default'
        }

        It 'Should map the finding to ASFF with provider fields, resource and compliance' {
            $exp = $held | Where-Object GeneratorId -eq 'LS-EXP-001'
            $exp.Severity.Label | Should -Be 'CRITICAL'
            $exp.FindingProviderFields.Severity.Label | Should -Be 'CRITICAL'
            $exp.Resources[0].Type | Should -Be 'AwsLambdaFunction'
            $exp.Resources[0].Id | Should -Be 'arn:aws:lambda:us-east-1:111111111111:function:pub'
            $exp.Compliance.RelatedRequirements | Should -Contain 'SecurityHub:Lambda.1'
        }

        It 'Should leave out the template finding, which has no account or region, with a warning' {
            $warnings | Should -Match '1 finding\(s\) have no account or region'
        }
    }

    Context 'When the audit runs again after one finding was fixed' {
        BeforeAll {
            $script:createdBefore = (Get-HubFindings | Where-Object GeneratorId -eq 'LS-RT-001').CreatedAt
            $null = Invoke-TestAwsCli -Emulator $emulator -Arguments @('lambda', 'remove-permission', '--function-name', 'pub', '--statement-id', 'anyone')
            $script:second = @(Invoke-LambdaSecAudit @aws @audit)
            $script:rerun = @($second | Send-LambdaSecFinding @aws -PassThru)
            # What if: lines go to the host, so a transcript is what catches them.
            $transcript = Join-Path $TestDrive 'whatif.txt'
            $null = Start-Transcript -Path $transcript
            try { Send-LambdaSecFinding @aws -WhatIf } finally { $null = Stop-Transcript }
            $script:preview = Get-Content $transcript -Raw
            $script:held = Get-HubFindings
        }

        It 'Should archive the fixed finding and update the other in place' {
            $second.RuleId | Should -Be @('LS-RT-001')
            ($rerun | Where-Object Action -eq 'Archived').RuleId | Should -Be 'LS-EXP-001'
            ($rerun | Where-Object Action -eq 'Imported').RuleId | Should -Be 'LS-RT-001'
            $held | Should -HaveCount 2 -Because 'the same Id updates the finding instead of adding one'
            ($held | Where-Object GeneratorId -eq 'LS-EXP-001').RecordState | Should -Be 'ARCHIVED'
            ($held | Where-Object GeneratorId -eq 'LS-RT-001').RecordState | Should -Be 'ACTIVE'
        }

        It 'Should keep the CreatedAt Security Hub first got' {
            ($held | Where-Object GeneratorId -eq 'LS-RT-001').CreatedAt | Should -Be $createdBefore
        }

        It 'Should leave an archived finding alone on the next run' {
            $again = @($second | Send-LambdaSecFinding @aws -PassThru)
            $again.Action | Should -Be @('Imported')
        }

        It 'Should only say, with -WhatIf, what it would archive when nothing comes in' {
            $preview | Should -Match 'Archive \(RecordState ARCHIVED, no longer reported\) 1 finding\(s\): LS-RT-001 arn:aws:lambda:us-east-1:111111111111:function:old'
            $preview | Should -Match 'on target "Security Hub of 111111111111 in us-east-1"'
            (Get-HubFindings | Where-Object GeneratorId -eq 'LS-RT-001').RecordState | Should -Be 'ACTIVE'
        }

        It 'Should not archive the findings of rules outside -Rule' {
            $none = @(Send-LambdaSecFinding @aws -Rule 'LS-EXP-*' -PassThru)
            $none | Should -BeNullOrEmpty
            (Get-HubFindings | Where-Object GeneratorId -eq 'LS-RT-001').RecordState | Should -Be 'ACTIVE'
        }
    }

    Context 'When Security Hub refuses some findings or throttles' {
        It 'Should report each refused finding as LambdaSec.SecurityHubImportFailed and import the others' {
            $foreign = [pscustomobject]@{ RuleId = 'LS-EXP-003'; Title = 'Cross account'; Severity = 'Medium'; AccountId = '222222222222'; Region = 'us-east-1'; ResourceType = 'AWS::Lambda::Function'; ResourceArn = 'arn:aws:lambda:us-east-1:222222222222:function:b-cross'; FunctionName = 'b-cross'; Evidence = 'x'; Remediation = 'y' }
            $out = @($second + $foreign | Send-LambdaSecFinding @aws -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)
            $out.RuleId | Should -Be @('LS-RT-001')
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.SecurityHubImportFailed,LambdaSec.Cmdlets.SendLambdaSecFindingCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
            "$($err[0].TargetObject)" | Should -BeLike 'lambdasec/LS-EXP-003/*'
            $err[0].Exception.Message | Should -Match 'InvalidInput: AwsAccountId 222222222222 is not the calling account'
        }

        It 'Should retry a throttled BatchImportFindings and send every finding' {
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path '/_emulator/stats'
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{ service = 'securityhub'; operation = 'BatchImportFindings'; kind = 'throttle'; count = 2 }
            try {
                $out = @($second | Send-LambdaSecFinding @aws -PassThru)
            } finally {
                $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path '/_emulator/faults'
            }
            $out.Action | Should -Be @('Imported')
            (Invoke-TestEmulatorAdmin -Emulator $emulator -Path '/_emulator/stats').operations.'securityhub:BatchImportFindings'.calls | Should -Be 3
        }

        It 'Should send 250 findings in batches of 100' {
            $many = 1..250 | ForEach-Object { [pscustomobject]@{ RuleId = 'LS-RT-003'; Title = 'Unknown runtime'; Severity = 'Low'; AccountId = '111111111111'; Region = 'us-east-1'; ResourceType = 'AWS::Lambda::Function'; ResourceArn = "arn:aws:lambda:us-east-1:111111111111:function:f$_"; FunctionName = "f$_"; Evidence = 'x'; Remediation = 'y' } }
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path '/_emulator/stats'
            $out = @($many | Send-LambdaSecFinding @aws -Rule 'LS-RT-003' -PassThru)
            $out | Should -HaveCount 250
            (Invoke-TestEmulatorAdmin -Emulator $emulator -Path '/_emulator/stats').operations.'securityhub:BatchImportFindings'.calls | Should -Be 3
        }
    }
}
