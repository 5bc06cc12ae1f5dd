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

    Context 'When accepted risks (suppressed findings) are sent' {
        BeforeAll {
            # A second public function, accepted from its first audit on; the end-of-life one, already in Security Hub, accepted now.
            $null = Invoke-TestAwsCli -Emulator $emulator -Arguments @('lambda', 'create-function', '--function-name', 'accepted', '--runtime', 'python3.13', '--handler', 'index.handler', '--role', $role, '--zip-file', "fileb://$zip")
            $null = Invoke-TestAwsCli -Emulator $emulator -Arguments @('lambda', 'add-permission', '--function-name', 'accepted', '--statement-id', 'anyone', '--action', 'lambda:InvokeFunction', '--principal=*')
            $risks = Join-Path $TestDrive 'accepted-risks.yaml'
            Set-Content $risks "version: 1`nsuppressions:`n  - name: webhook`n    rules: LS-EXP-001`n    resource: accepted`n    reason: Signed webhook (SEC-1)`n  - name: migration`n    rules: LS-RT-001`n    resource: old`n    reason: Migration in PLAT-7`n"
            $script:scope = @{ Rule = 'LS-EXP-*', 'LS-RT-001' }
            $script:accepted = @(Invoke-LambdaSecAudit @aws @audit -SuppressionPath $risks)
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path '/_emulator/stats'
            $script:suppressed = @($accepted | Send-LambdaSecFinding @aws @scope -PassThru)
            $script:updates = (Invoke-TestEmulatorAdmin -Emulator $emulator -Path '/_emulator/stats').operations.'securityhub:BatchUpdateFindings'.calls
            $script:held = Get-HubFindings
        }

        It 'Should send a new accepted risk with Workflow SUPPRESSED and say LambdaSec suppressed it' {
            $accepted | Where-Object { -not $_.Suppressed } | Should -BeNullOrEmpty
            $new = $held | Where-Object { $_.GeneratorId -eq 'LS-EXP-001' -and $_.RecordState -eq 'ACTIVE' }
            $new.Resources[0].Id | Should -Be 'arn:aws:lambda:us-east-1:111111111111:function:accepted'
            $new.Workflow.Status | Should -Be 'SUPPRESSED'
            $new.ProductFields.'LambdaSec/Suppressed' | Should -Be 'true'
            $new.ProductFields.'LambdaSec/SuppressionReason' | Should -BeLike 'Signed webhook (SEC-1)*'
        }

        It 'Should suppress a finding Security Hub already held as NEW with one BatchUpdateFindings call' {
            ($held | Where-Object GeneratorId -eq 'LS-RT-001').Workflow.Status | Should -Be 'SUPPRESSED'
            $updates | Should -Be 1 -Because 'the new finding took its status from the import; only the one held needed an update'
            $suppressed.WorkflowStatus | Sort-Object -Unique | Should -Be 'SUPPRESSED'
        }

        It 'Should put a suppression LambdaSec set back to NEW when it ends, and keep one a person set' {
            # pub is public again and not an accepted risk; someone suppresses its finding by hand in Security Hub.
            $null = Invoke-TestAwsCli -Emulator $emulator -Arguments @('lambda', 'add-permission', '--function-name', 'pub', '--statement-id', 'anyone', '--action', 'lambda:InvokeFunction', '--principal=*')
            $null = Invoke-LambdaSecAudit @aws @audit -SuppressionPath $risks | Send-LambdaSecFinding @aws @scope
            $pub = Get-HubFindings | Where-Object { $_.Resources[0].Id -like '*:function:pub' }
            $pub.RecordState | Should -Be 'ACTIVE'
            $null = Invoke-TestAwsCli -Emulator $emulator -Arguments @('securityhub', 'batch-update-findings', '--finding-identifiers', "Id=$($pub.Id),ProductArn=$($pub.ProductArn)", '--workflow', 'Status=SUPPRESSED')
            # The accepted-risk file goes: the next run lifts LambdaSec's suppressions only.
            $records = @(Invoke-LambdaSecAudit @aws @audit | Send-LambdaSecFinding @aws @scope -PassThru)
            $after = Get-HubFindings | Where-Object RecordState -eq 'ACTIVE'
            $status = @{}; $after | ForEach-Object { $status[$_.Resources[0].Id -replace '^.*:function:'] = $_.Workflow.Status }
            $status.old | Should -Be 'NEW'
            $status.accepted | Should -Be 'NEW'
            $status.pub | Should -Be 'SUPPRESSED'
            ($after | Where-Object { $_.Resources[0].Id -like '*:function:old' }).ProductFields.PSObject.Properties.Name | Should -Not -Contain 'LambdaSec/Suppressed'
            ($records | Where-Object ResourceArn -like '*:function:old').WorkflowStatus | Should -Be 'NEW'
            ($records | Where-Object ResourceArn -like '*:function:pub').WorkflowStatus | Should -BeNullOrEmpty
        }
    }

    Context 'When an organization audit''s findings are sent with -OrganizationRoleName' {
        BeforeAll {
            # Member account 222222222222: the audit role, and a function on an end-of-life runtime.
            $member = @{ Emulator = $emulator; AccountId = '222222222222' }
            $trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::111111111111:root"},"Action":"sts:AssumeRole"}]}'
            $null = Invoke-TestAwsCli @member -Arguments @('iam', 'create-role', '--role-name', 'LambdaSecAudit', '--assume-role-policy-document', $trust)
            $null = Invoke-TestAwsCli @member -Arguments @('lambda', 'create-function', '--function-name', 'b-old', '--runtime', 'python3.8', '--handler', 'index.handler', '--role', 'arn:aws:iam::222222222222:role/LambdaSecAudit', '--zip-file', "fileb://$zip")
            $script:org = @{ OrganizationRoleName = 'LambdaSecAudit'; Rule = 'LS-RT-001' }
            $script:orgFindings = @(Invoke-LambdaSecAudit @aws @org -AccountId 111111111111, 222222222222 -AsOf '2026-12-03')
            $script:orgSent = @($orgFindings | Send-LambdaSecFinding @aws @org -PassThru)
            function script:Get-MemberHubFindings { @((Invoke-TestAwsCli @member -Arguments @('securityhub', 'get-findings')).Findings) }
        }

        It 'Should import each member account''s findings into that account''s Security Hub' {
            $orgFindings.AccountId | Sort-Object | Should -Be @('111111111111', '222222222222')
            ($orgSent | Where-Object AccountId -eq '222222222222').Action | Should -Be 'Imported'
            $held = Get-MemberHubFindings
            $held | Should -HaveCount 1
            $held[0].AwsAccountId | Should -Be '222222222222'
            $held[0].ProductArn | Should -Be 'arn:aws:securityhub:us-east-1:222222222222:product/222222222222/default'
            $held[0].RecordState | Should -Be 'ACTIVE'
            Get-HubFindings | Where-Object AwsAccountId -eq '222222222222' | Should -BeNullOrEmpty
        }

        It 'Should archive a member''s fixed finding when the account is named with -AccountId' {
            $null = Invoke-TestAwsCli @member -Arguments @('lambda', 'delete-function', '--function-name', 'b-old')
            $rerun = @(Invoke-LambdaSecAudit @aws @org -AccountId 222222222222 -AsOf '2026-12-03')
            $rerun | Should -BeNullOrEmpty
            $records = @(Send-LambdaSecFinding @aws @org -AccountId 222222222222 -PassThru)
            $records.Action | Should -Be @('Archived')
            (Get-MemberHubFindings)[0].RecordState | Should -Be 'ARCHIVED'
        }

        It 'Should report an account whose role cannot be assumed and still send the caller''s findings' {
            $out = @($orgFindings | Send-LambdaSecFinding @aws -OrganizationRoleName 'NoSuchRole' -Rule 'LS-RT-001' -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeLike 'LambdaSec.AccessDenied,*'
            "$($err[0].TargetObject)" | Should -Be 'arn:aws:iam::222222222222:role/NoSuchRole'
            $out.AccountId | Sort-Object -Unique | Should -Be '111111111111'
        }
    }
}
