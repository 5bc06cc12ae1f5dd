Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
    Import-LambdaSecUnderTest
    # Last-accessed times relative to now, so "used recently" stays recent whatever day the tests run.
    $scenario = Join-Path $TestDrive 'role-estate.json'
    (Get-Content (Join-Path $PSScriptRoot 'data/role-estate.json') -Raw).Replace('__RECENT__', [DateTime]::UtcNow.AddDays(-5).ToString('yyyy-MM-ddTHH:mm:ssZ')) | Set-Content $scenario
    $script:emulator = Start-TestEmulator -Scenario $scenario
    $script:aws = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = '111111111111'; SecretKey = 'x' }
    Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path /_emulator/stats | Out-Null
    $script:all = @(Get-LambdaRolePrivilege @aws -Region us-east-1, eu-west-1 -ErrorVariable scanErrors -ErrorAction SilentlyContinue)
    $script:scanErrors = @($scanErrors)
    $script:stats = Invoke-TestEmulatorAdmin -Emulator $emulator -Path /_emulator/stats
    function Get-Result([string] $Name) { @($all | Where-Object FunctionName -eq $Name) }
}

AfterAll {
    Stop-TestEmulator $emulator
}

Describe 'Get-LambdaRolePrivilege' {
    Context 'When other principals of the account may change a function' {
        It 'Should name the developer role that can update the admin function''s code, with the action, its evidence and the gain' {
            $takeover = @((Get-Result 'r-admin')[0].TakeoverBy | Where-Object PrincipalName -EQ 'developer-role')
            $takeover | Should -HaveCount 1
            $takeover[0].PrincipalType | Should -Be 'Role'
            $takeover[0].Principal | Should -Be 'arn:aws:iam::111111111111:role/developer-role'
            $takeover[0].Actions | Should -Be @('lambda:UpdateFunctionCode')
            $takeover[0].Evidence[0].StatementId | Should -Be 'UpdateAdminFunction'
            $takeover[0].RoleCanDoMore | Should -BeTrue
            $takeover[0].Reason | Should -Match 'admin-role is admin'
            $takeover[0].Basis | Should -Match 'service control policies not read'
        }

        It 'Should not name a role whose grant is on another function or who can only read' {
            (Get-Result 'r-admin')[0].TakeoverBy.PrincipalName | Should -Not -Contain 'viewer-role'
            (Get-Result 'r-admin')[0].TakeoverBy.PrincipalName | Should -Not -Contain 'escalation-role'
            (Get-Result 'r-admin')[0].TakeoverBy.PrincipalName | Should -Not -Contain 'admin-role'
            (Get-Result 'r-version')[0].TakeoverBy.PrincipalName | Should -Contain 'viewer-role'
        }

        It 'Should show in the default view how many principals gain by taking the function over' {
            $gain = @((Get-Result 'r-admin')[0].TakeoverBy | Where-Object RoleCanDoMore).Count
            $gain | Should -BeGreaterThan 0
            $text = Get-Result 'r-admin' | Out-String -Width 200
            $text | Should -Match 'Shared\s+TakeoverBy\s+Summary'
            $text | Should -Match "r-admin\s+admin-role\s+\w+\s+\d+\s+$gain\s"
        }

        It 'Should name a user through its group''s policy, and not a user whose permissions boundary allows no change' {
            $alice = @((Get-Result 'r-admin')[0].TakeoverBy | Where-Object PrincipalName -EQ 'alice')
            $alice | Should -HaveCount 1
            $alice[0].PrincipalType | Should -Be 'User'
            $alice[0].Principal | Should -Be 'arn:aws:iam::111111111111:user/alice'
            $alice[0].Actions | Should -Be @('lambda:UpdateFunctionConfiguration')
            $alice[0].Evidence[0].StatementId | Should -Be 'ConfigureAdminFunction'
            $alice[0].RoleCanDoMore | Should -BeTrue
            (Get-Result 'r-admin')[0].TakeoverBy.PrincipalName | Should -Not -Contain 'bob'
        }

        It 'Should name an admin principal without a gain: it can already do what the role can' {
            $admin = @((Get-Result 'r-version')[0].TakeoverBy | Where-Object PrincipalName -EQ 'admin-role')
            $admin | Should -HaveCount 1
            $admin[0].RoleCanDoMore | Should -BeFalse
        }
    }

    Context 'When several regions of one account ask for takeovers at the same time' {
        It 'Should answer every concurrent caller from the shared candidates without corrupting their cache' {
            # The audit asks one account's TakeoverCandidates from all its regions at once; each new function ARN adds
            # answers to the candidates' resource cache, so unsynchronised writes from parallel callers failed the audit.
            $developer = [LambdaSec.Analysis.Privileges.RolePolicySet]::new()
            $developer.AddPolicy('deploy', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lambda:UpdateFunctionCode","Resource":"arn:aws:lambda:*:111111111111:function:*"}]}')
            $functionRole = [LambdaSec.Analysis.Privileges.RolePolicySet]::new()
            $functionRole.AddPolicy('admin', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}')
            $principal = [LambdaSec.Analysis.Privileges.PrincipalPolicies]::new('arn:aws:iam::111111111111:role/dev', 'dev', 'Role', $developer)
            $candidate = [LambdaSec.Collect.RoleAnalysisCache]::new().CandidateAsync($principal, '111111111111').GetAwaiter().GetResult()
            $candidates = [LambdaSec.Analysis.Privileges.TakeoverCandidates]::new([LambdaSec.Analysis.Privileges.TakeoverPrincipal[]] @($candidate))
            $report = [LambdaSec.Analysis.Privileges.RolePrivilegeAnalyzer]::Default.Analyze($functionRole, '111111111111', 'fn-role', 'arn:aws:iam::111111111111:role/fn-role')
            $counts = 1..4 | ForEach-Object -ThrottleLimit 4 -Parallel {
                $candidates = $using:candidates; $report = $using:report; $worker = $_
                @(foreach ($i in 1..400) { $candidates.For("arn:aws:lambda:us-east-1:111111111111:function:f$worker-$i", 'arn:aws:iam::111111111111:role/fn-role', $report).Count }) | Measure-Object -Sum | ForEach-Object Sum
            }
            $counts | Should -Be @(400, 400, 400, 400)
        }
    }

    Context 'When accounts hold roles of the same shape (one analysis per content, docs/scale.md)' {
        BeforeAll {
            # The same policy in three roles: in 111111111111 naming its own ARNs (A), in 222222222222 naming its own (B), and
            # in 222222222222 copied word for word from 111111111111 (C). A and C share one analysis; B has its own.
            function New-Role([string] $Named) {
                $set = [LambdaSec.Analysis.Privileges.RolePolicySet]::new()
                $set.AddPolicy('deploy', '{"Version":"2012-10-17","Statement":[{"Sid":"Pass","Effect":"Allow","Action":"iam:PassRole","Resource":"arn:aws:iam::ACCOUNT:role/worker"},{"Sid":"Build","Effect":"Allow","Action":["lambda:CreateFunction","lambda:InvokeFunction","lambda:UpdateFunctionCode"],"Resource":"arn:aws:lambda:us-east-1:ACCOUNT:function:*"}]}'.Replace('ACCOUNT', $Named))
                $set.SetTrustPolicy('trust', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::ACCOUNT:root"},"Action":"sts:AssumeRole"}]}'.Replace('ACCOUNT', $Named))
                $set
            }
            $script:shapes = @{ A = New-Role '111111111111'; B = New-Role '222222222222'; C = New-Role '111111111111' }
            $script:cache = [LambdaSec.Collect.RoleAnalysisCache]::new()
            $script:reports = @{
                A = $cache.ReportAsync($shapes.A, '111111111111', 'deployer', $null).GetAwaiter().GetResult()
                B = $cache.ReportAsync($shapes.B, '222222222222', 'deployer', $null).GetAwaiter().GetResult()
                C = $cache.ReportAsync($shapes.C, '222222222222', 'deployer', $null).GetAwaiter().GetResult()
            }
            function Get-Candidate([string] $Shape, [string] $Account) {
                $arn = "arn:aws:iam::${Account}:role/deployer-$Shape"
                $cache.CandidateAsync([LambdaSec.Analysis.Privileges.PrincipalPolicies]::new($arn, "deployer-$Shape", 'Role', $shapes[$Shape]), $Account).GetAwaiter().GetResult()
            }
            $script:candidates = @{ A = Get-Candidate 'A' '111111111111'; B = Get-Candidate 'B' '222222222222'; C = Get-Candidate 'C' '222222222222' }
            $script:admin = [LambdaSec.Analysis.Privileges.RolePolicySet]::new()
            $admin.AddPolicy('admin', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}')
            $script:adminReport = $cache.ReportAsync($admin, $null, 'fn-role', $null).GetAwaiter().GetResult()
            function Get-TakeoverBy([string[]] $Shapes, [string] $FunctionArn) {
                $takeover = [LambdaSec.Analysis.Privileges.TakeoverCandidates]::new([LambdaSec.Analysis.Privileges.TakeoverPrincipal[]] @($Shapes | ForEach-Object { $candidates[$_] }))
                @($takeover.For($FunctionArn, $null, $adminReport))
            }
        }

        It 'Should show each role the resources its own text names, and read its trust against its own account' {
            $passRole = { param($report) @($report.PrivilegeEscalation.Evidence | Where-Object Action -EQ 'iam:PassRole').Resource | Sort-Object -Unique }
            & $passRole $reports.A | Should -Be 'arn:aws:iam::111111111111:role/worker'
            & $passRole $reports.B | Should -Be 'arn:aws:iam::222222222222:role/worker'
            & $passRole $reports.C | Should -Be 'arn:aws:iam::111111111111:role/worker'
            $reports.A.TrustIssues.Kind | Should -Be 'AccountPrincipal'
            $reports.B.TrustIssues.Kind | Should -Be 'AccountPrincipal'
            $reports.C.TrustIssues.Kind | Should -Be 'CrossAccount'
        }

        It 'Should share what a copied text allows, and not what the same shape in another account allows' {
            $shapes.A.PermissionsKey | Should -BeExactly $shapes.C.PermissionsKey
            $shapes.A.PermissionsKey | Should -Not -BeExactly $shapes.B.PermissionsKey
            [object]::ReferenceEquals($candidates.A.Permissions, $candidates.C.Permissions) | Should -BeTrue
            [object]::ReferenceEquals($candidates.A.Permissions, $candidates.B.Permissions) | Should -BeFalse
        }

        It 'Should let a principal take over only the functions its own text names: <Case>' -ForEach @(
            @{ Case = 'A on its account''s function'; Shapes = 'A'; Function = 'arn:aws:lambda:us-east-1:111111111111:function:f1'; Expected = @('deployer-A') }
            @{ Case = 'B, not the copied C, in 222222222222'; Shapes = 'B', 'C'; Function = 'arn:aws:lambda:us-east-1:222222222222:function:f1'; Expected = @('deployer-B') }
            @{ Case = 'B, not the copied C, on a second function'; Shapes = 'B', 'C'; Function = 'arn:aws:lambda:us-east-1:222222222222:function:f2'; Expected = @('deployer-B') }
            @{ Case = 'nobody in a region the text does not name'; Shapes = 'B', 'C'; Function = 'arn:aws:lambda:eu-west-1:222222222222:function:f1'; Expected = @() }
        ) {
            $takeovers = Get-TakeoverBy $Shapes $Function
            (@($takeovers | ForEach-Object PrincipalName) -join ', ') | Should -BeExactly ($Expected -join ', ')
            # The evidence names the function asked about, also when the answer was shared by the account-region's functions.
            (@($takeovers | ForEach-Object { $_.Evidence.Resource } | Sort-Object -Unique) -join ', ') | Should -BeExactly (@($Expected | ForEach-Object { $Function }) -join ', ')
        }
    }

    Context 'When the SCPs on the account''s path are asked for many functions of one account-region' {
        It 'Should share an answer only where no SCP statement names a resource: <Case>' -ForEach @(
            @{ Case = 'a Deny on Resource * stops every function'; Resource = '*'; Expected = '' }
            @{ Case = 'a Deny naming f2 stops only f2'; Resource = 'arn:aws:lambda:us-east-1:222222222222:function:f2'; Expected = 'f1 f3' }
        ) {
            $set = [LambdaSec.Analysis.Privileges.RolePolicySet]::new()
            $set.AddPolicy('deploy', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"lambda:UpdateFunctionCode","Resource":"*"}]}')
            $principal = [LambdaSec.Analysis.Privileges.PrincipalPolicies]::new('arn:aws:iam::222222222222:role/ci', 'ci', 'Role', $set)
            $candidate = [LambdaSec.Collect.RoleAnalysisCache]::new().CandidateAsync($principal, '222222222222').GetAwaiter().GetResult()
            $candidates = [LambdaSec.Analysis.Privileges.TakeoverCandidates]::new([LambdaSec.Analysis.Privileges.TakeoverPrincipal[]] @($candidate))
            $allow = [LambdaSec.Analysis.Guardrails.NamedScp]::new('FullAWSAccess', [LambdaSec.Analysis.Policy.PolicyParser]::Parse('{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'))
            $deny = '{"Version":"2012-10-17","Statement":[{"Effect":"Deny","Action":"lambda:UpdateFunctionCode","Resource":"RESOURCE","Condition":{"StringEquals":{"aws:PrincipalType":"AssumedRole"}}}]}'.Replace('RESOURCE', $Resource)
            $path = [LambdaSec.Analysis.Guardrails.ScpLevel[]] @(
                [LambdaSec.Analysis.Guardrails.ScpLevel]::new('r-root', [LambdaSec.Analysis.Guardrails.NamedScp[]] @($allow))
                [LambdaSec.Analysis.Guardrails.ScpLevel]::new('222222222222', [LambdaSec.Analysis.Guardrails.NamedScp[]] @($allow, [LambdaSec.Analysis.Guardrails.NamedScp]::new('NoCodeChanges', [LambdaSec.Analysis.Policy.PolicyParser]::Parse($deny))))
            )
            $functionRole = [LambdaSec.Analysis.Privileges.RolePolicySet]::new()
            $functionRole.AddPolicy('admin', '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}')
            $report = [LambdaSec.Analysis.Privileges.RolePrivilegeAnalyzer]::Default.Analyze($functionRole)
            # f1 first, so a shared answer would be f1's for every function.
            $taken = foreach ($name in 'f1', 'f2', 'f3') {
                if ($candidates.For("arn:aws:lambda:us-east-1:222222222222:function:$name", $null, $report, $path).Count -gt 0) { $name }
            }
            ($taken -join ' ') | Should -BeExactly $Expected
        }
    }

    Context 'When every function of two regions is checked' {
        It 'Should emit one object per function whose role can be read, with account, region, function and role' {
            $all | Should -HaveCount 10
            $all | ForEach-Object {
                $_.AccountId | Should -Be '111111111111'
                $_.FunctionArn | Should -Be "arn:aws:lambda:$($_.Region):111111111111:function:$($_.FunctionName)"
                $_.RoleArn | Should -Be "arn:aws:iam::111111111111:role/$($_.RoleName)"
            }
            (Get-Result 'r-shared-eu')[0].Region | Should -Be 'eu-west-1'
            (Get-Result 'r-admin')[0].Region | Should -Be 'us-east-1'
        }

        It 'Should report an AWS managed AdministratorAccess role as admin and Critical' {
            $r = (Get-Result 'r-admin')[0]
            $r.RoleName | Should -Be 'admin-role'
            $r.IsAdmin | Should -BeTrue
            $r.Severity | Should -Be 'Critical'
            $r.Privileges.PolicyNames | Should -Be @('AdministratorAccess')
        }

        It 'Should name the escalation method of PassRole + CreateFunction + InvokeFunction with its evidence' {
            $r = (Get-Result 'r-escalation')[0]
            $r.IsAdmin | Should -BeFalse
            $r.PrivilegeEscalation.Name | Should -Contain 'PassRoleToNewLambdaThenInvoke'
            $path = $r.PrivilegeEscalation | Where-Object Name -eq 'PassRoleToNewLambdaThenInvoke'
            $path.Evidence.PolicyName | Sort-Object -Unique | Should -Be @('deploy')
            $r.Severity | Should -Be 'Critical'
        }

        It 'Should read the default version of a customer managed policy (v2 allows CreatePolicyVersion)' {
            $r = (Get-Result 'r-version')[0]
            $r.PrivilegeEscalation.Name | Should -Be @('CreatePolicyVersion')
            $r.Privileges.PolicyNames | Should -Be @('deploy-tools')
        }

        It 'Should apply the permissions boundary: AdministratorAccess without IAM is not admin and has no IAM escalation' {
            $r = (Get-Result 'r-bounded')[0]
            $r.Privileges.HasPermissionsBoundary | Should -BeTrue
            $r.IsAdmin | Should -BeFalse
            @($r.PrivilegeEscalation | Where-Object { $_.Actions -like 'iam:*' }) | Should -HaveCount 0
            $r.ServiceWildcards | Should -Contain 's3'
            $r.ServiceWildcards | Should -Not -Contain 'iam'
        }

        It 'Should list the other functions of the same role, across regions, in SharedWith' {
            (Get-Result 'r-shared-a')[0].SharedWith | Should -Be @(
                'arn:aws:lambda:eu-west-1:111111111111:function:r-shared-eu'
                'arn:aws:lambda:us-east-1:111111111111:function:r-shared-b')
            (Get-Result 'r-shared-eu')[0].SharedWith | Should -HaveCount 2
            (Get-Result 'r-admin')[0].SharedWith | Should -HaveCount 0
            (Get-Result 'r-shared-a')[0].Severity | Should -Be (Get-Result 'r-shared-b')[0].Severity
        }

        It 'Should report a trust policy that lets another account assume the role' {
            $issue = @((Get-Result 'r-trust')[0].TrustIssues)
            $issue | Should -HaveCount 1
            $issue[0].Principal | Should -BeLike '*444455556666*'
            "$($issue[0].Kind)" | Should -Be 'CrossAccount'
            (Get-Result 'r-shared-a')[0].TrustIssues | Should -HaveCount 0
        }

        It 'Should leave UnusedServices empty without -IncludeLastAccessed' {
            (Get-Result 'r-unused')[0].UnusedServices | Should -BeNullOrEmpty
            (Get-Result 'r-unused')[0].LastAccessedDays | Should -BeNullOrEmpty
        }
    }

    Context 'When a role cannot be read' {
        It 'Should write LambdaSec.ResourceNotFound for the function whose role does not exist, and still emit the others' {
            $notFound = @($scanErrors | Where-Object { $_.FullyQualifiedErrorId -like 'LambdaSec.ResourceNotFound,*' })
            $notFound | Should -HaveCount 1
            $notFound[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.ResourceNotFound,LambdaSec.Cmdlets.GetLambdaRolePrivilegeCommand'
            $notFound[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            "$($notFound[0].TargetObject)" | Should -Be 'r-ghost'
            $notFound[0].Exception.Message | Should -BeLike '*ghost-role*'
            Get-Result 'r-ghost' | Should -HaveCount 0
        }

        It 'Should write LambdaSec.PolicyParseError once for an unreadable statement and analyse the rest of the role' {
            $parse = @($scanErrors | Where-Object { $_.FullyQualifiedErrorId -like 'LambdaSec.PolicyParseError,*' })
            $parse | Should -HaveCount 1
            $parse[0].Exception.Message | Should -BeLike '*Permit*odd*odd-role*'
            "$($parse[0].TargetObject)" | Should -Be 'odd-role'
            (Get-Result 'r-odd')[0].ServiceWildcards | Should -Be @('s3')
            $scanErrors | Should -HaveCount 2
        }
    }

    Context 'When counting AWS calls' {
        It 'Should read the roles with one GetAccountAuthorizationDetails listing for the account, not one per function or region' {
            $stats.operations.'iam:GetAccountAuthorizationDetails'.calls | Should -Be 1
            $stats.operations.PSObject.Properties.Name | Should -Not -Contain 'iam:GetRole'
            $stats.operations.PSObject.Properties.Name | Should -Not -Contain 'iam:GetPolicyVersion'
            $stats.operations.PSObject.Properties.Name | Should -Not -Contain 'iam:GetRolePolicy'
            $stats.operations.'lambda:ListFunctions'.calls | Should -Be 2
        }
    }

    Context 'When -IncludeLastAccessed is given' {
        BeforeAll {
            Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path /_emulator/stats | Out-Null
            $script:last = @(Get-LambdaRolePrivilege @aws -Region us-east-1 -FunctionName r-unused, r-shared-a, r-shared-b -IncludeLastAccessed)
            $script:lastStats = Invoke-TestEmulatorAdmin -Emulator $emulator -Path /_emulator/stats
        }

        It 'Should list the services granted but not used within 90 days' {
            $r = $last | Where-Object FunctionName -eq 'r-unused'
            $r.UnusedServices | Should -Be @('dynamodb', 'sqs')
            $r.LastAccessedDays | Should -Be 90
            $r.Unknowns | Should -HaveCount 0
        }

        It 'Should read one report per role, not per function' {
            $lastStats.operations.'iam:GenerateServiceLastAccessedDetails'.calls | Should -Be 2
            ($last | Where-Object FunctionName -eq 'r-shared-a').UnusedServices | Should -Be @('logs')
        }

        It 'Should honour -LastAccessedDays' {
            $r = @(Get-LambdaRolePrivilege @aws -Region us-east-1 -FunctionName r-unused -IncludeLastAccessed -LastAccessedDays 1)
            $r[0].UnusedServices | Should -Be @('dynamodb', 's3', 'sqs')
            $r[0].LastAccessedDays | Should -Be 1
        }
    }

    Context 'When functions come from the pipeline' {
        It 'Should bind AWS.Tools FunctionConfiguration-shaped objects, preferring the ARN (its region is read too)' {
            $inputs = @(
                [pscustomobject]@{ FunctionName = 'r-shared-eu'; FunctionArn = 'arn:aws:lambda:eu-west-1:111111111111:function:r-shared-eu'; Role = 'x' }
                [pscustomobject]@{ FunctionName = 'r-admin'; FunctionArn = 'arn:aws:lambda:us-east-1:111111111111:function:r-admin'; Role = 'x' }
            )
            $results = @($inputs | Get-LambdaRolePrivilege @aws -Region us-east-1)
            $results.FunctionName | Sort-Object | Should -Be @('r-admin', 'r-shared-eu')
            ($results | Where-Object FunctionName -eq 'r-shared-eu').Region | Should -Be 'eu-west-1'
            # SharedWith covers the regions read: us-east-1 (asked) and eu-west-1 (from the ARN).
            ($results | Where-Object FunctionName -eq 'r-shared-eu').SharedWith | Should -HaveCount 2
        }

        It 'Should write LambdaSec.ResourceNotFound for a function that does not exist and still emit the others' {
            $results = @(Get-LambdaRolePrivilege @aws -Region us-east-1 -FunctionName r-admin, no-such-function -ErrorVariable err -ErrorAction SilentlyContinue)
            $results.FunctionName | Should -Be @('r-admin')
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.ResourceNotFound,LambdaSec.Cmdlets.GetLambdaRolePrivilegeCommand'
            "$($err[0].TargetObject)" | Should -Be 'no-such-function'
        }
    }
}
