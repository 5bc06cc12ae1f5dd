Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
    Import-LambdaSecUnderTest
    $script:emulator = Start-TestEmulator -Scenario (Join-Path $PSScriptRoot 'data/audit-estate.json')
    $script:aws = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = '111111111111'; SecretKey = 'x'; Region = 'us-east-1' }
    $script:audit = @{ OrganizationRoleName = 'LambdaSecAudit'; AsOf = [datetime]'2026-11-26' }
    $script:findings = @(Invoke-LambdaSecAudit @aws @audit -ErrorVariable auditErrors -ErrorAction SilentlyContinue)
    $script:auditErrors = $auditErrors
    # The emulator counts every call it answered since it started: the first audit's call plan.
    $script:auditCalls = (Invoke-TestEmulatorAdmin -Emulator $emulator -Path '/_emulator/stats').operations
    function Get-Key($finding) { "$($finding.RuleId) $($finding.AccountId) $($finding.FunctionName)" }
}

AfterAll {
    Stop-TestEmulator $emulator
}

Describe 'Invoke-LambdaSecAudit' {
    Context 'When an organization is audited through a role' {
        It 'Should report exactly the findings the estate has' {
            # One line per (rule, account, function) the estate was built to produce, as of 2026-11-26.
            $expected = @(
                'LS-EXP-001 111111111111 a-public', 'LS-DOW-001 111111111111 a-public'
                'LS-EXP-001 111111111111 a-public-capped'
                'LS-RT-001 111111111111 a-eol'
                'LS-RT-002 111111111111 a-soon'
                'LS-EXP-001 111111111111 a-url', 'LS-URL-001 111111111111 a-url', 'LS-URL-003 111111111111 a-url', 'LS-DOW-001 111111111111 a-url'
                'LS-EXP-002 111111111111 a-confused'
                'LS-WAF-001 111111111111 a-api', 'LS-API-001 111111111111 a-api', 'LS-DOW-001 111111111111 a-api'
                'LS-WAF-002 111111111111 a-alb', 'LS-DOW-001 111111111111 a-alb'
                'LS-ROLE-001 111111111111 a-admin', 'LS-ROLE-005 111111111111 a-admin'
                'LS-CONFIG-002 111111111111 a-layered'
                'LS-EXP-003 222222222222 b-cross'
                'LS-ROLE-001 222222222222 a-admin', 'LS-ROLE-005 222222222222 a-admin'
                'LS-AUDIT-001 333333333333 '
            )
            # Only a-layered enables X-Ray active tracing: the configuration rule flags every other audited function.
            $audited = 'a-admin', 'a-public', 'a-public-capped', 'a-eol', 'a-soon', 'a-url', 'a-confused', 'a-api', 'a-alb', 'a-internal-alb', 'a-clean'
            $expected += @($audited | ForEach-Object { "LS-CONFIG-007 111111111111 $_" }) + @('b-cross', 'a-admin' | ForEach-Object { "LS-CONFIG-007 222222222222 $_" })
            # Only a-layered carries the Lambda Insights extension layer; every function but a-admin shares fn-role in 111111111111
            # (b-cross and a-admin are alone with their roles in 222222222222); LS-CONFIG-011 (not in a VPC) is opt-in and absent here.
            $expected += @($audited | ForEach-Object { "LS-CONFIG-012 111111111111 $_" }) + @('b-cross', 'a-admin' | ForEach-Object { "LS-CONFIG-012 222222222222 $_" })
            $expected += @($audited + 'a-layered' | Where-Object { $_ -ne 'a-admin' } | ForEach-Object { "LS-CONFIG-013 111111111111 $_" })
            # Only a-clean has a log group (with a retention): every other function's is missing (LS-CONFIG-015).
            $expected += @($audited + 'a-layered' | Where-Object { $_ -ne 'a-clean' } | ForEach-Object { "LS-CONFIG-015 111111111111 $_" }) + @('b-cross', 'a-admin' | ForEach-Object { "LS-CONFIG-015 222222222222 $_" })
            @($findings | ForEach-Object { Get-Key $_ } | Sort-Object) | Should -Be @($expected | Sort-Object)
        }

        It 'Should report the account whose role cannot be assumed with an error, and audit the others' {
            $failed = $findings | Where-Object RuleId -eq 'LS-AUDIT-001'
            $failed.Evidence | Should -Match 'arn:aws:iam::333333333333:role/LambdaSecAudit'
            $failed.Remediation | Should -Match 'LambdaSecAudit'
            $auditErrors | Should -HaveCount 1
            $auditErrors[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.AccessDenied,LambdaSec.Cmdlets.InvokeLambdaSecAuditCommand'
            $auditErrors[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            ($findings | Where-Object AccountId -eq '222222222222') | Should -Not -BeNullOrEmpty
        }

        It 'Should fill the finding contract: rule, title, severity, account, region, resource, evidence, remediation' {
            foreach ($finding in $findings | Where-Object RuleId -ne 'LS-AUDIT-001') {
                $finding.RuleId | Should -Match '^LS-[A-Z]+-\d{3}$'
                $finding.Title | Should -Not -BeNullOrEmpty
                $finding.Region | Should -Be 'us-east-1'
                $finding.ResourceType | Should -Match '^AWS::'
                $finding.ResourceArn | Should -Match '^arn:aws:'
                $finding.Evidence | Should -Not -BeNullOrEmpty
                $finding.Remediation | Should -Not -BeNullOrEmpty
            }
        }

        It 'Should name the developer role that can replace the admin function''s code, and not a role that can change only a plain function' {
            $takeover = @($findings | Where-Object { $_.RuleId -eq 'LS-ROLE-005' -and $_.AccountId -eq '111111111111' })
            $takeover | Should -HaveCount 1
            $takeover[0].FunctionName | Should -Be 'a-admin'
            $takeover[0].Severity | Should -Be 'Critical'
            $takeover[0].Evidence | Should -Match 'Role developer-role may call lambda:UpdateFunctionCode \(deploy UpdateAdmin\)'
            $takeover[0].Evidence | Should -Match 'admin-role is admin'
            $takeover[0].Evidence | Should -Not -Match 'tester-role'
            # An organization audit reads the SCPs; 111111111111 is the management account, where none apply.
            $takeover[0].Evidence | Should -Match 'service control policies do not apply \(management account\)'
        }

        It 'Should judge each account''s roles against its own functions when accounts hold roles of the same shape (docs/scale.md)' {
            # 222222222222 holds admin-role (the same documents as in 111111111111: one shared analysis), developer-role with
            # the same policy as 111111111111's but naming its own a-admin, and copied-role, whose text is 111111111111's
            # developer-role word for word (it names 111111111111's a-admin). Each verdict is the account's own.
            $takeover = @($findings | Where-Object { $_.RuleId -eq 'LS-ROLE-005' -and $_.AccountId -eq '222222222222' })
            $takeover | Should -HaveCount 1
            $takeover[0].FunctionName | Should -Be 'a-admin'
            $takeover[0].Evidence | Should -Match 'Role developer-role may call lambda:UpdateFunctionCode \(deploy UpdateAdmin\)'
            $takeover[0].Evidence | Should -Not -Match 'copied-role'
            ($findings | Where-Object { $_.RuleId -eq 'LS-ROLE-005' -and $_.AccountId -eq '111111111111' }).Evidence | Should -Not -Match 'copied-role'
        }

        It 'Should name the LambdaSec command that fixes a public policy' {
            ($findings | Where-Object { $_.RuleId -eq 'LS-EXP-001' -and $_.FunctionName -eq 'a-public' }).Remediation |
                Should -BeLike '*Get-LambdaExposure -FunctionName a-public*| Remove-LambdaPublicPermission*'
        }

        It 'Should rate a deprecated runtime whose functions can still be updated High, with its dates and catalog in the evidence' {
            # python3.8 per AWS's table: deprecated 2024-10-14, block create 2027-02-01, block update 2027-03-03.
            $eol = $findings | Where-Object RuleId -eq 'LS-RT-001'
            $eol.Severity | Should -Be 'High'
            $eol.Runtime | Should -Be 'python3.8'
            $eol.DueDate | Should -Be ([datetime] '2024-10-14')
            $eol.Evidence | Should -BeLike '*Deprecated*block*2027-02-01*2027-03-03*Catalog: embedded catalog, dated 2026-12-03*'
        }

        It 'Should rate the same runtime Critical once AWS blocks function updates' {
            $later = @(Invoke-LambdaSecAudit @aws -AsOf 2027-03-03 -Rule 'LS-RT-001' -ErrorAction SilentlyContinue)
            $eol = $later | Where-Object FunctionName -eq 'a-eol'
            $eol.Severity | Should -Be 'Critical'
            $eol.Evidence | Should -BeLike '*UpdateBlocked*'
        }

        It 'Should map severities to the compliance rules: public policy Critical, WAF Medium' {
            ($findings | Where-Object RuleId -eq 'LS-EXP-001' | Select-Object -First 1).Severity | Should -Be 'Critical'
            ($findings | Where-Object RuleId -eq 'LS-WAF-001').Severity | Should -Be 'Medium'
        }
    }

    Context 'When the audit plans its calls (docs/scale.md)' {
        It 'Should read aliases and the policy of every function, but URL configs only where a policy lets someone outside the account in' {
            # 14 functions can be entered (12 in 111111111111, 2 in 222222222222), none with an alias. Outsiders are let in by
            # a-public, a-public-capped, a-url (principal *), a-confused (s3 without a source pin) and b-cross (account 333333333333).
            $auditCalls.'lambda:ListAliases'.calls | Should -Be 14
            $auditCalls.'lambda:GetPolicy'.calls | Should -Be 14
            $auditCalls.'lambda:ListFunctionUrlConfigs'.calls | Should -Be 5
            # Per region, not per function: one DescribeLogGroups of /aws/lambda/ in each audited account-region.
            $auditCalls.'logs:DescribeLogGroups'.calls | Should -Be 2
        }

        It 'Should still find the public URL and the denial-of-wallet door behind it' {
            ($findings | Where-Object { $_.RuleId -eq 'LS-URL-001' }).FunctionName | Should -Be 'a-url'
            ($findings | Where-Object { $_.RuleId -eq 'LS-DOW-001' -and $_.FunctionName -eq 'a-url' }).Evidence | Should -Match 'lambda-url'
        }
    }

    Context 'When the organization is audited in shards (docs/scale.md)' {
        BeforeAll {
            $script:shardFolder = Join-Path ([IO.Path]::GetTempPath()) "lambdasec-shards-$([guid]::NewGuid().ToString('N'))"
            $null = New-Item -ItemType Directory -Path $shardFolder
            $script:shardAccounts = @{}
            foreach ($i in 1..3) {
                $shard = @(Invoke-LambdaSecAudit @aws @audit -Shard "$i/3" -ErrorAction SilentlyContinue)
                $shardAccounts[$i] = @($shard.AccountId | Sort-Object -Unique)
                $null = $shard | Export-LambdaSecReport -Path (Join-Path $shardFolder "shard-$i.json") -Format Json
            }
            $script:merged = @(Export-LambdaSecReport -InputPath (Join-Path $shardFolder 'shard-*.json') -Path (Join-Path $shardFolder 'merged.json') -Format Json -PassThru)
        }

        AfterAll {
            Remove-Item $shardFolder -Recurse -Force -ErrorAction SilentlyContinue
        }

        It 'Should find, merged from the shards'' JSON files, exactly the findings of one unsharded run' {
            $key = { "$($_.RuleId)|$($_.AccountId)|$($_.Region)|$($_.ResourceArn)|$($_.FunctionName)|$($_.Fingerprint)" }
            @($merged | ForEach-Object $key | Sort-Object) | Should -Be @($findings | ForEach-Object $key | Sort-Object)
        }

        It 'Should put each account in exactly one shard' {
            $all = @($shardAccounts.Values | ForEach-Object { $_ })
            $all | Sort-Object | Should -Be @($findings.AccountId | Sort-Object -Unique)
        }

        It 'Should refuse a shard that does not exist, saying how to write one' -ForEach @(
            @{ Shard = '0/3' }, @{ Shard = '4/3' }, @{ Shard = 'two' }
        ) {
            { Invoke-LambdaSecAudit @aws @audit -Shard $Shard } | Should -Throw -ErrorId 'ParameterArgumentValidationError,LambdaSec.Cmdlets.InvokeLambdaSecAuditCommand' -ExpectedMessage '*1 <= i <= n*'
        }

        It 'Should report a file that is not a JSON report and still merge the others' {
            $bad = Join-Path $shardFolder 'not-a-report.json'
            Set-Content -Path $bad -Value '{"items": []}'
            $result = @(Export-LambdaSecReport -InputPath (Join-Path $shardFolder 'shard-1.json'), $bad -Path (Join-Path $shardFolder 'partial.json') -Format Json -PassThru -ErrorVariable err -ErrorAction SilentlyContinue)
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.InvalidFinding,LambdaSec.Cmdlets.ExportLambdaSecReportCommand'
            $err[0].Exception.Message | Should -Match "no 'findings' list"
            $result.Count | Should -Be (Get-Content (Join-Path $shardFolder 'shard-1.json') -Raw | ConvertFrom-Json).findings.Count
        }
    }

    Context 'When -Rule narrows the audit' {
        It 'Should emit only the rules asked for, wildcards included' {
            $runtime = @(Invoke-LambdaSecAudit @aws @audit -Rule 'LS-RT-*' -ErrorAction SilentlyContinue)
            $runtime.RuleId | Sort-Object | Should -Be @('LS-RT-001', 'LS-RT-002')
        }

        It 'Should report the opt-in VPC rule only when -Rule names it, for every function outside a VPC' {
            $vpc = @(Invoke-LambdaSecAudit @aws @audit -Rule 'LS-CONFIG-011' -ErrorAction SilentlyContinue)
            $outside = 'a-admin', 'a-public', 'a-public-capped', 'a-eol', 'a-soon', 'a-url', 'a-confused', 'a-api', 'a-alb', 'a-internal-alb', 'a-layered'
            @($vpc | ForEach-Object { Get-Key $_ } | Sort-Object) | Should -Be @(@($outside | ForEach-Object { "LS-CONFIG-011 111111111111 $_" }) + @('b-cross', 'a-admin' | ForEach-Object { "LS-CONFIG-011 222222222222 $_" }) | Sort-Object)
            $vpc[0].ControlIds | Should -Contain 'SecurityHub:Lambda.3'
            $vpc[0].Severity | Should -Be 'Low'
        }

        It 'Should name the functions that share the execution role and the CORS origin in the evidence' {
            $shared = $findings | Where-Object { $_.RuleId -eq 'LS-CONFIG-013' -and $_.FunctionName -eq 'a-clean' }
            $shared.Evidence | Should -Match 'role/fn-role like 10 other function\(s\) \(a-alb, a-api, a-confused, a-eol, a-internal-alb, \.\.\.\)'
            ($findings | Where-Object RuleId -eq 'LS-URL-003').Evidence | Should -Match 'CORS allows origin \* \(without credentials\)'
            @($findings | Where-Object { $_.RuleId -eq 'LS-CONFIG-002' -and $_.FunctionName -eq 'a-layered' }) | Should -HaveCount 1
        }
    }

    Context 'When accounts are trusted (-TrustedAccountId)' {
        It 'Should report no LS-EXP-003 for a grant to a trusted account or a service grant pinned to it' {
            $trusted = @(Invoke-LambdaSecAudit @aws @audit -Rule 'LS-EXP-*' -TrustedAccountId 333333333333 -ErrorAction SilentlyContinue)
            $trusted | Where-Object RuleId -eq 'LS-EXP-003' | Should -BeNullOrEmpty
            @($trusted | Where-Object RuleId -eq 'LS-EXP-001').FunctionName | Sort-Object | Should -Be @('a-public', 'a-public-capped', 'a-url')
            ($findings | Where-Object RuleId -eq 'LS-EXP-003').Evidence | Should -Match "333333333333 may invoke \(statement 'partner', 'partner-bucket'\)"
        }

        It 'Should still show the trusted account on the function''s Get-LambdaExposure object and each statement' {
            $exposure = Get-LambdaExposure -EndpointUrl $emulator.EndpointUrl -AccessKey 222222222222 -SecretKey x -Region us-east-1 -FunctionName b-cross -TrustedAccountId 333333333333
            $exposure.Exposure | Should -Be 'Organization'
            $exposure.ExternalAccounts | Should -BeNullOrEmpty
            $exposure.TrustedAccounts | Should -Be @('333333333333')
            @($exposure.Statements | ForEach-Object { $_.TrustedAccounts -join ',' }) | Should -Be @('333333333333', '333333333333')
            $exposure.Summary | Should -Match 'trusted accounts 333333333333 can invoke'
        }
    }

    Context 'When the caller names an account without a role to enter it' {
        It 'Should report the account as not audited and still audit the caller''s own' {
            $result = @(Invoke-LambdaSecAudit @aws -AccountId 111111111111, 222222222222 -AsOf 2026-11-26)
            ($result | Where-Object RuleId -eq 'LS-AUDIT-001').Evidence | Should -Match 'no -OrganizationRoleName'
            ($result | Where-Object AccountId -eq '111111111111').Count | Should -BeGreaterThan 5
            $result | Where-Object { $_.AccountId -eq '222222222222' -and $_.RuleId -ne 'LS-AUDIT-001' } | Should -BeNullOrEmpty
        }
    }

    Context 'When an audit is resumed from a checkpoint' {
        BeforeAll {
            $script:checkpoint = Join-Path ([IO.Path]::GetTempPath()) "lambdasec-audit-$([guid]::NewGuid().ToString('N')).jsonl"
        }

        AfterAll {
            Remove-Item $checkpoint -ErrorAction SilentlyContinue
        }

        It 'Should record each finished account and region and replay them without calling AWS again' {
            $first = @(Invoke-LambdaSecAudit @aws @audit -CheckpointPath $checkpoint -ErrorAction SilentlyContinue)
            @(Get-Content $checkpoint) | Should -HaveCount 2
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path '/_emulator/stats'
            $second = @(Invoke-LambdaSecAudit @aws @audit -CheckpointPath $checkpoint -ErrorAction SilentlyContinue)
            $stats = Invoke-TestEmulatorAdmin -Emulator $emulator -Path '/_emulator/stats'
            @($stats.operations.PSObject.Properties.Name | Where-Object { $_ -like 'lambda*' }) | Should -BeNullOrEmpty
            @($second | ForEach-Object { Get-Key $_ } | Sort-Object) | Should -Be @($first | ForEach-Object { Get-Key $_ } | Sort-Object)
        }

        It 'Should have created the checkpoint readable by its owner only (0600)' -Skip:$IsWindows {
            (Get-Item $checkpoint).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
        }

        It 'Should have created the checkpoint with an ACL for its owner only (Windows)' -Skip:(-not $IsWindows) {
            Assert-OwnerOnlyAcl $checkpoint
        }

        It 'Should audit again a region whose checkpoint line was torn by a crash' {
            Set-Content $checkpoint -Value '{"AccountId":"111111111111","Region":"us-east-1","Findi'
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path '/_emulator/stats'
            $again = @(Invoke-LambdaSecAudit @aws @audit -CheckpointPath $checkpoint -ErrorAction SilentlyContinue)
            (Invoke-TestEmulatorAdmin -Emulator $emulator -Path '/_emulator/stats').operations.PSObject.Properties.Name | Should -Contain 'lambda:ListFunctions'
            ($again | Where-Object AccountId -eq '111111111111') | Should -Not -BeNullOrEmpty
        }
    }

    Context 'When someone made a function public in the last days' {
        It 'Should report who did it and when, from CloudTrail' {
            Initialize-TestAwsCli | Should -BeTrue
            $null = Invoke-TestAwsCli -Emulator $emulator -Arguments @('lambda', 'add-permission', '--function-name', 'a-clean', '--statement-id', 'oops', '--action', 'lambda:InvokeFunction', '--principal', '*')
            $events = @(Invoke-LambdaSecAudit @aws -AsOf 2026-11-26 -Rule LS-EVT-001)
            $events | Should -HaveCount 1
            $events[0].FunctionName | Should -Be 'a-clean'
            $events[0].Evidence | Should -Match "AddPermission20150331v2 at .*statement 'oops' lets \* call lambda:InvokeFunction"
            $events[0].Severity | Should -Be 'High'
        }
    }

    Context 'When findings are exported' {
        It 'Should round-trip through the JSON report' {
            $path = Join-Path ([IO.Path]::GetTempPath()) "lambdasec-audit-$([guid]::NewGuid().ToString('N')).json"
            try {
                $null = $findings | Export-LambdaSecReport -Path $path -Format Json
                (Get-Content $path -Raw | ConvertFrom-Json).findings | Should -HaveCount $findings.Count
            }
            finally { Remove-Item $path -ErrorAction SilentlyContinue }
        }
    }
}
