Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
    Import-LambdaSecUnderTest

    # The organization (management 111111111111):
    #   Root                                   FullAWSAccess
    #   +- Workloads                           FullAWSAccess + the SCP of New-LambdaSecGuardrail (exempts BreakGlass)
    #   |  +- Prod    222222222222 prod-app    FullAWSAccess (inherits the guardrail from its parent OU)
    #   |  +- Dev     555555555555 dev-app     FullAWSAccess (inherits too)
    #   +- Sandbox    333333333333 sandbox     FullAWSAccess only: the gap
    #   444444444444 legacy, under the root,   FullAWSAccess + a hand-written SCP on the account denying NONE URLs only
    $script:members = '111111111111', '222222222222', '333333333333', '444444444444', '555555555555'
    $script:guardrail = New-LambdaSecGuardrail -Kind Scp -ExemptPrincipalArn 'arn:aws:iam::*:role/BreakGlass' -AllowedAccountId $members
    $urlOnly = '{"Version":"2012-10-17","Statement":[{"Sid":"NoOpenUrls","Effect":"Deny","Action":["lambda:CreateFunctionUrlConfig","lambda:UpdateFunctionUrlConfig"],"Resource":"*","Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}}]}'
    # In 444444444444 only the CI role may change function code or configuration; a second Deny hangs on a principal
    # tag, which the takeover analysis cannot know, so it must not count (LS-ROLE-005).
    $ciOnly = '{"Version":"2012-10-17","Statement":[{"Sid":"CodeChangesFromCiOnly","Effect":"Deny","Action":["lambda:UpdateFunctionCode","lambda:UpdateFunctionConfiguration"],"Resource":"*","Condition":{"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/ci-role"}}},{"Sid":"PlatformTeamOnly","Effect":"Deny","Action":"lambda:UpdateFunctionCode","Resource":"*","Condition":{"StringNotEquals":{"aws:PrincipalTag/team":"platform"}}}]}'
    $update = { param($name) @{ deploy = @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Action = 'lambda:UpdateFunctionCode'; Resource = 'arn:aws:lambda:us-east-1:444444444444:function:legacy-admin' }) } } }
    $scenario = [ordered]@{
        organization = [ordered]@{
            id                  = 'o-guardrail01'
            managementAccount   = '111111111111'
            organizationalUnits = @(
                [ordered]@{ name = 'Workloads'; organizationalUnits = @(
                        [ordered]@{ name = 'Prod'; accounts = @('222222222222') }
                        [ordered]@{ name = 'Dev'; accounts = @('555555555555') }
                    )
                }
                [ordered]@{ name = 'Sandbox'; accounts = @('333333333333') }
            )
            policies            = @(
                [ordered]@{ name = 'lambdasec-guardrail'; description = 'New-LambdaSecGuardrail -Kind Scp'; content = $guardrail.Content; targets = @('Workloads') }
                [ordered]@{ name = 'no-open-urls'; description = 'hand-written'; content = $urlOnly; targets = @('444444444444') }
                [ordered]@{ name = 'code-changes-from-ci-only'; description = 'hand-written'; content = $ciOnly; targets = @('444444444444') }
            )
        }
        accounts     = @(
            @{ id = '111111111111'; name = 'management' }
            @{ id = '222222222222'; name = 'prod-app' }
            @{ id = '333333333333'; name = 'sandbox' }
            @{ id = '444444444444'; name = 'legacy'
                roles = @(
                    @{ name = 'LambdaSecAudit'; managedPolicies = @('arn:aws:iam::aws:policy/ReadOnlyAccess') }
                    @{ name = 'admin-role'; managedPolicies = @('arn:aws:iam::aws:policy/AdministratorAccess') }
                    @{ name = 'developer-role'; inlinePolicies = (& $update) }
                    @{ name = 'ci-role'; inlinePolicies = (& $update) }
                )
                regions = @{ 'us-east-1' = @{ functions = @(@{ name = 'legacy-admin'; runtime = 'python3.12'; role = 'admin-role' }) } }
            }
            @{ id = '555555555555'; name = 'dev-app' }
        )
    }
    $path = Join-Path $TestDrive 'guardrail-org.json'
    $scenario | ConvertTo-Json -Depth 10 | Set-Content -Path $path -Encoding utf8
    $script:emulator = Start-TestEmulator -Scenario $path
    $script:aws = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = '111111111111'; SecretKey = 'x'; Region = 'us-east-1' }
    $script:all = @(Test-LambdaSecGuardrail @aws)
    function script:Get-Account([string] $Id) { @($all | Where-Object AccountId -eq $Id) }
}

AfterAll {
    Stop-TestEmulator $emulator
}

Describe 'Test-LambdaSecGuardrail' {
    Context 'When the whole organization is read from the management account' {
        It 'Should answer once per account, sorted by account id' {
            $all.AccountId | Should -Be $members
            $all | ForEach-Object { $_ | Should -BeOfType ([LambdaSec.Model.LambdaGuardrailCoverage]) }
        }

        It 'Should deny everything in <Id>, which inherits the guardrail from the Workloads OU' -ForEach @(
            @{ Id = '222222222222'; Ou = 'Prod' }
            @{ Id = '555555555555'; Ou = 'Dev' }
        ) {
            $c = Get-Account $Id
            $c.PublicPermissionDenied | Should -BeTrue
            $c.ExternalAccountPermissionDenied | Should -BeTrue
            $c.FunctionUrlNoneDenied | Should -BeTrue
            $c.Gaps | Should -BeNullOrEmpty
            $c.GapLeftBy | Should -BeNullOrEmpty
            $c.ClosingGuardrail | Should -BeNullOrEmpty
            $c.PublicPermissionReason | Should -Match "LambdaSecDenyPublicPermission.*lambdasec-guardrail.*ou-"
            $c.PathNames[0] | Should -Match '^Root \(r-[a-z0-9]{4}\)$'
            $c.PathNames[1] | Should -Match '^Workloads \(ou-'
            $c.PathNames[2] | Should -Match "^$Ou \(ou-"
            $c.Path[3] | Should -Be $Id
        }

        It 'Should find the gap of the account with only FullAWSAccess and name its OU' {
            $c = Get-Account '333333333333'
            $c.AccountName | Should -Be 'sandbox'
            $c.PublicPermissionDenied | Should -BeFalse
            $c.ExternalAccountPermissionDenied | Should -BeFalse
            $c.FunctionUrlNoneDenied | Should -BeFalse
            $c.Gaps | Should -HaveCount 3
            $c.GapLeftBy | Should -Match '^Sandbox \(ou-[a-z0-9]{4}-[a-z0-9]{8}\)$'
            $c.ClosingGuardrail | Should -Match '^New-LambdaSecGuardrail -Kind Scp -AllowedAccountId \(Get-ORGAccountList\)\.Id, attached to Root \(r-'
            $c.ClosingGuardrail | Should -Match 'or to Sandbox \(ou-'
        }

        It 'Should credit an SCP attached to the account itself, and only for what it denies' {
            $c = Get-Account '444444444444'
            $c.FunctionUrlNoneDenied | Should -BeTrue
            $c.FunctionUrlNoneReason | Should -Match "NoOpenUrls.*no-open-urls.*attached to 444444444444"
            $c.PublicPermissionDenied | Should -BeFalse
            $c.Gaps | Should -HaveCount 2
            $c.GapLeftBy | Should -Match '^Root \(r-'
        }

        It 'Should report that SCPs do not apply to the management account' {
            $c = Get-Account '111111111111'
            $c.IsManagementAccount | Should -BeTrue
            $c.PublicPermissionDenied | Should -BeFalse
            $c.FunctionUrlNoneDenied | Should -BeFalse
            $c.Gaps | Should -HaveCount 1
            $c.Gaps[0] | Should -Match 'do not apply to the management account'
            $c.GapLeftBy | Should -Be '111111111111'
        }

        It 'Should show a table by default' {
            $table = ($all | Out-String -Width 200)
            $table | Should -Match 'AccountId\s+AccountName\s+Public\s+External\s+UrlNone\s+GapLeftBy'
            $table | Should -Match '333333333333 sandbox\s+ALLOWED\s+ALLOWED\s+ALLOWED\s+Sandbox \(ou-'
            $table | Should -Match '222222222222 prod-app\s+denied\s+denied\s+denied\s+\(no gap\)'
        }
    }

    Context 'When -AccountId and -RoleName are given' {
        It 'Should answer only for the accounts asked, also from the pipeline' {
            $c = @([pscustomobject]@{ Id = '555555555555' }, [pscustomobject]@{ Id = '333333333333' } | Test-LambdaSecGuardrail @aws)
            $c.AccountId | Should -Be @('333333333333', '555555555555')
        }

        It 'Should let the exempt break-glass role through the guardrail' {
            $c = Test-LambdaSecGuardrail @aws -AccountId 222222222222 -RoleName BreakGlass
            $c.PrincipalArn | Should -Be 'arn:aws:iam::222222222222:role/BreakGlass'
            $c.PublicPermissionDenied | Should -BeFalse
            $c.FunctionUrlNoneDenied | Should -BeFalse
            (Test-LambdaSecGuardrail @aws -AccountId 222222222222 -RoleName Developer).PublicPermissionDenied | Should -BeTrue
        }

        It 'Should write LambdaSec.AccountNotInOrganization for an account of another organization and answer the rest' {
            $c = @(Test-LambdaSecGuardrail @aws -AccountId 999999999998, 333333333333 -ErrorVariable err -ErrorAction SilentlyContinue)
            $c.AccountId | Should -Be '333333333333'
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.AccountNotInOrganization,LambdaSec.Cmdlets.TestLambdaSecGuardrailCommand'
            $err[0].TargetObject | Should -Be '999999999998'
        }

        It 'Should reject an -AccountId that is not 12 digits' {
            { Test-LambdaSecGuardrail @aws -AccountId 12345 } | Should -Throw -ErrorId 'ParameterArgumentValidationError,LambdaSec.Cmdlets.TestLambdaSecGuardrailCommand'
        }
    }

    Context 'When -AsFinding is given' {
        BeforeAll { $script:findings = @(Test-LambdaSecGuardrail @aws -AsFinding) }

        It 'Should emit one finding per account and gap' {
            $findings | ForEach-Object { $_ | Should -BeOfType ([LambdaSec.Model.LambdaSecFinding]) }
            @($findings | ForEach-Object { "$($_.AccountId) $($_.RuleId)" }) | Should -Be @(
                '111111111111 LS-GUARD-004'
                '333333333333 LS-GUARD-001'
                '333333333333 LS-GUARD-002'
                '333333333333 LS-GUARD-003'
                '444444444444 LS-GUARD-001'
                '444444444444 LS-GUARD-002'
            )
        }

        It 'Should say where the gap is and what closes it' {
            $f = $findings | Where-Object { $_.AccountId -eq '333333333333' -and $_.RuleId -eq 'LS-GUARD-003' }
            $f.Severity | Should -Be 'High'
            $f.ResourceType | Should -Be 'AWS::Organizations::Account'
            $f.ControlIds | Should -Be 'ControlTower:CT.LAMBDA.PV.1'
            $f.Evidence | Should -Match 'sandbox.*Root \(r-.*> Sandbox \(ou-.*The gap is left by Sandbox \(ou-'
            $f.Remediation | Should -Match 'New-LambdaSecGuardrail -Kind Scp'
        }

        It 'Should export through Export-LambdaSecReport' {
            $out = Join-Path $TestDrive 'guard.json'
            $null = $findings | Export-LambdaSecReport -Format Json -Path $out
            (Get-Content $out -Raw) | Should -Match 'LS-GUARD-001'
        }
    }

    Context 'When the credentials cannot read the organization' {
        It 'Should say that a member account needs the management account or a delegated administrator' {
            $c = @(Test-LambdaSecGuardrail -EndpointUrl $emulator.EndpointUrl -AccessKey 333333333333 -SecretKey x -Region us-east-1 -ErrorVariable err -ErrorAction SilentlyContinue)
            $c | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.OrganizationsAccessDenied,LambdaSec.Cmdlets.TestLambdaSecGuardrailCommand'
            $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $err[0].Exception.Message | Should -Match 'Account 333333333333 may not read'
            $err[0].Exception.Message | Should -Match 'management account or a delegated administrator'
            $err[0].Exception.Message | Should -Match 'AWSOrganizationsReadOnlyAccess'
        }

        It 'Should say that an account outside any organization has no SCPs to test' {
            $c = @(Test-LambdaSecGuardrail -EndpointUrl $emulator.EndpointUrl -AccessKey 777777777777 -SecretKey x -Region us-east-1 -ErrorVariable err -ErrorAction SilentlyContinue)
            $c | Should -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.OrganizationsNotInUse,LambdaSec.Cmdlets.TestLambdaSecGuardrailCommand'
            $err[0].Exception.Message | Should -Match 'Account 777777777777 is not in an AWS organization'
        }
    }

    Context 'When an organization audit judges who can take over a function (LS-ROLE-005)' {
        It 'Should apply the account''s SCPs: only the CI role may change the admin function, and a Deny on an unknown key does not count' {
            $finding = @(Invoke-LambdaSecAudit @aws -OrganizationRoleName LambdaSecAudit -AccountId 444444444444 -Rule LS-ROLE-005)
            $finding | Should -HaveCount 1
            $finding[0].FunctionName | Should -Be 'legacy-admin'
            $finding[0].Evidence | Should -Match 'Role ci-role may call lambda:UpdateFunctionCode'
            $finding[0].Evidence | Should -Not -Match 'developer-role'
            $finding[0].Evidence | Should -Match 'under the service control policies of Root \(r-[a-z0-9]{4}\) > legacy \(444444444444\)'
        }
    }

    Context 'When Get-LambdaRolePrivilege and a single-account audit are given the organization''s credentials' {
        BeforeAll {
            $script:member = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = '444444444444'; SecretKey = 'x'; Region = 'us-east-1' }
            $script:management = [pscredential]::new('111111111111', (ConvertTo-SecureString 'x' -AsPlainText -Force))
        }

        It 'Should list <Expected> as able to take over the admin function <When>' -ForEach @(
            @{ When = 'without them (SCPs not read)'; Org = $false; Expected = 'ci-role, developer-role, OrganizationAccountAccessRole'; Basis = 'service control policies not read' }
            @{ When = 'with them (the account''s SCP lets only the CI role change code)'; Org = $true; Expected = 'ci-role'; Basis = 'under the service control policies of Root \(r-[a-z0-9]{4}\) > legacy \(444444444444\)' }
        ) {
            $extra = if ($Org) { @{ OrganizationCredential = $management } } else { @{} }
            $r = @(Get-LambdaRolePrivilege @member -FunctionName legacy-admin @extra)
            $r | Should -HaveCount 1
            (@($r[0].TakeoverBy.PrincipalName) -join ', ') | Should -Be $Expected
            $r[0].TakeoverBy | ForEach-Object { $_.Basis | Should -Match $Basis }
        }

        It 'Should agree with the organization audit and with a single-account audit given the same credentials' {
            $cmdlet = @((Get-LambdaRolePrivilege @member -FunctionName legacy-admin -OrganizationCredential $management).TakeoverBy | Where-Object RoleCanDoMore | ForEach-Object PrincipalName)
            $organizationAudit = @(Invoke-LambdaSecAudit @aws -OrganizationRoleName LambdaSecAudit -AccountId 444444444444 -Rule LS-ROLE-005)
            $singleAudit = @(Invoke-LambdaSecAudit @member -OrganizationCredential $management -Rule LS-ROLE-005)
            $cmdlet | Should -Be @('ci-role')
            foreach ($f in $organizationAudit, $singleAudit) {
                $f | Should -HaveCount 1
                $f[0].Evidence | Should -Match 'Role ci-role may call lambda:UpdateFunctionCode'
                $f[0].Evidence | Should -Not -Match 'developer-role'
            }
            $singleAudit[0].Evidence | Should -BeExactly $organizationAudit[0].Evidence
        }

        It 'Should write LambdaSec.OrganizationsAccessDenied when the credentials are a member''s, and still judge without SCPs' {
            $memberCredential = [pscredential]::new('333333333333', (ConvertTo-SecureString 'x' -AsPlainText -Force))
            $r = @(Get-LambdaRolePrivilege @member -FunctionName legacy-admin -OrganizationCredential $memberCredential -ErrorVariable err -ErrorAction SilentlyContinue)
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.OrganizationsAccessDenied,LambdaSec.Cmdlets.GetLambdaRolePrivilegeCommand'
            $err[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            $err[0].Exception.Message | Should -Match 'management account or a delegated administrator'
            $r | Should -HaveCount 1
            $r[0].TakeoverBy.PrincipalName | Should -Contain 'developer-role'
            $r[0].TakeoverBy[0].Basis | Should -Match 'service control policies not read'
        }

        It 'Should refuse an -OrganizationCredential that is neither credentials nor a profile name' {
            { Get-LambdaRolePrivilege @member -FunctionName legacy-admin -OrganizationCredential 42 } |
                Should -Throw -ErrorId 'LambdaSec.NoCredentials,LambdaSec.Cmdlets.GetLambdaRolePrivilegeCommand'
        }
    }
}
