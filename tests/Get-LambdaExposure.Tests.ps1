Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeDiscovery {
    # Expected results for tests/data/exposure-estate.json (owner 111111111111): DESIGN.md §3 levels as a live scan sees them.
    $levelCases = @(
        @{ Function = 'x-public'; Expected = 'Public'; External = @() }
        @{ Function = 'x-svc-unpinned'; Expected = 'ServiceUnrestricted'; External = @() }
        @{ Function = 'x-svc-bucket'; Expected = 'ServiceUnrestricted'; External = @() }
        @{ Function = 'x-svc-pinned'; Expected = 'ServiceRestricted'; External = @() }
        @{ Function = 'x-svc-other-account'; Expected = 'CrossAccount'; External = @('333333333333') }
        @{ Function = 'x-cross'; Expected = 'CrossAccount'; External = @('222222222222') }
        @{ Function = 'x-org'; Expected = 'Organization'; External = @() }
        @{ Function = 'x-account'; Expected = 'Account'; External = @() }
        @{ Function = 'x-none'; Expected = 'None'; External = @() }
        @{ Function = 'x-deny'; Expected = 'None'; External = @() }
        @{ Function = 'x-unknown'; Expected = 'Unknown'; External = @() }
        @{ Function = 'x-unreadable'; Expected = 'Unknown'; External = @() }
    )
    $urlCases = @(
        @{ Function = 'x-url-public'; AuthType = 'NONE'; Reachable = $true; LegacyOnly = $false }
        @{ Function = 'x-url-legacy'; AuthType = 'NONE'; Reachable = $true; LegacyOnly = $true }
        @{ Function = 'x-url-none-unshared'; AuthType = 'NONE'; Reachable = $false; LegacyOnly = $false }
        @{ Function = 'x-url-iam'; AuthType = 'AWS_IAM'; Reachable = $false; LegacyOnly = $false }
    )
    $restCases = @(
        @{ Route = 'GET /items'; Auth = 'NONE'; ApiKey = $false; Authenticated = $false }
        @{ Route = 'POST /items'; Auth = 'AWS_IAM'; ApiKey = $false; Authenticated = $true }
        @{ Route = 'PUT /items'; Auth = 'COGNITO_USER_POOLS'; ApiKey = $false; Authenticated = $true }
        @{ Route = 'DELETE /items'; Auth = 'CUSTOM'; ApiKey = $false; Authenticated = $true }
        @{ Route = 'PATCH /items'; Auth = 'NONE'; ApiKey = $true; Authenticated = $true }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
    Import-LambdaSecUnderTest
    $script:emulator = Start-TestEmulator -Scenario (Join-Path $PSScriptRoot 'data/exposure-estate.json')
    $script:aws = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = '111111111111'; SecretKey = 'x'; Region = 'us-east-1' }
    $script:all = @(Get-LambdaExposure @aws -ErrorVariable scanErrors -ErrorAction SilentlyContinue)
    $script:scanErrors = $scanErrors
    function Get-Result([string] $Name, [string] $Qualifier) {
        @($all | Where-Object { $_.FunctionName -eq $Name -and $_.Qualifier -eq $(if ($Qualifier) { $Qualifier } else { $null }) })
    }
}

AfterAll {
    Stop-TestEmulator $emulator
}

Describe 'Get-LambdaExposure' {
    Context 'When a region is scanned (DESIGN.md §3 levels)' {
        It 'Should classify <Function> as <Expected>' -ForEach $levelCases {
            $result = Get-Result $Function
            $result | Should -HaveCount 1
            $result[0].Exposure | Should -Be $Expected
            @($result[0].ExternalAccounts) | Should -Be $External
        }

        It 'Should emit one object per function and per alias with its own policy, with account, region and ARN' {
            $all | Should -HaveCount 24
            $all | ForEach-Object {
                $_.AccountId | Should -Be '111111111111'
                $_.Region | Should -Be 'us-east-1'
                $_.FunctionArn | Should -BeLike "arn:aws:lambda:us-east-1:111111111111:function:$($_.FunctionName)*"
            }
        }

        It 'Should report an unreadable statement as LambdaSec.PolicyParseError naming the function, and go on' {
            $parse = @($scanErrors | Where-Object { $_.FullyQualifiedErrorId -like 'LambdaSec.PolicyParseError,*' })
            $parse | Should -HaveCount 1
            $parse[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.PolicyParseError,LambdaSec.Cmdlets.GetLambdaExposureCommand'
            $parse[0].Exception.Message | Should -BeLike '*x-unreadable*'
            @($scanErrors).Count | Should -Be 1
        }
    }

    Context 'When an alias has a policy of its own' {
        It 'Should emit the alias separately with its qualifier, qualified ARN and level' {
            $function = Get-Result 'x-alias'
            $alias = Get-Result 'x-alias' 'live'
            $function[0].Exposure | Should -Be 'Account'
            $alias[0].Exposure | Should -Be 'Public'
            $alias[0].FunctionArn | Should -BeLike '*:function:x-alias:live'
        }

        It 'Should give each statement FunctionName, StatementId and Qualifier so it binds to Remove-LMPermission' {
            $statement = (Get-Result 'x-alias' 'live')[0].Statements | Where-Object Sid -eq 'live-public'
            $statement.FunctionName | Should -Be 'x-alias'
            $statement.StatementId | Should -Be 'live-public'
            $statement.Qualifier | Should -Be 'live'
        }
    }

    Context 'When a function has a URL' {
        It 'Should report <Function> (AuthType <AuthType>) as reachable: <Reachable>, relying on InvokeFunctionUrl alone: <LegacyOnly>' -ForEach $urlCases {
            $url = (Get-Result $Function)[0].FunctionUrl
            $url.AuthType | Should -Be $AuthType
            $url.Url | Should -Match '^https://.+\.lambda-url\.us-east-1\.on\.aws/$'
            $url.IsPubliclyReachable | Should -Be $Reachable
            $url.ReliesOnUrlPermissionOnly | Should -Be $LegacyOnly
            $url.Note | Should -Not -BeNullOrEmpty
        }

        It 'Should keep the level Public for principal * with FunctionUrlAuthType AWS_IAM, yet not call the URL reachable' {
            $result = (Get-Result 'x-url-iam')[0]
            $result.Exposure | Should -Be 'Public'
            $result.FunctionUrl.IsPubliclyReachable | Should -BeFalse
            $result.FunctionUrl.CorsAllowCredentials | Should -BeTrue
            $result.FunctionUrl.CorsAllowOrigins | Should -Be @('*')
        }

        It 'Should leave FunctionUrl empty for a function without one' {
            (Get-Result 'x-public')[0].FunctionUrl | Should -BeNullOrEmpty
        }
    }

    Context 'When API Gateway REST APIs invoke a function' {
        It 'Should report <Route> with authorization <Auth>, API key <ApiKey> and authenticated <Authenticated>' -ForEach $restCases {
            $entry = @((Get-Result 'x-rest')[0].EntryPoints | Where-Object Route -eq $Route)
            $entry | Should -HaveCount 1
            $entry[0].Kind | Should -Be 'RestApi'
            $entry[0].Name | Should -Be 'rest-open'
            $entry[0].Stage | Should -Be 'prod'
            $entry[0].AuthorizationType | Should -Be $Auth
            $entry[0].ApiKeyRequired | Should -Be $ApiKey
            $entry[0].IsAuthenticated | Should -Be $Authenticated
            $entry[0].WebAclArn | Should -BeNullOrEmpty
            $entry[0].ResourceArn | Should -Match '^arn:aws:apigateway:us-east-1::/restapis/[^/]+/stages/prod$'
        }

        It 'Should report the web ACL of a stage that has one' {
            $entry = (Get-Result 'x-rest-waf')[0].EntryPoints
            $entry | Should -HaveCount 1
            $entry[0].HasWaf | Should -BeTrue
            $entry[0].WebAclArn | Should -Match '^arn:aws:wafv2:us-east-1:111111111111:regional/webacl/edge-acl/'
        }
    }

    Context 'When an HTTP API invokes a function' {
        It 'Should report each route and that AWS WAF cannot attach' {
            $entries = (Get-Result 'x-http')[0].EntryPoints
            $entries.Route | Sort-Object | Should -Be @('GET /h', 'POST /h')
            ($entries | Where-Object Route -eq 'GET /h').IsAuthenticated | Should -BeFalse
            ($entries | Where-Object Route -eq 'POST /h').AuthorizationType | Should -Be 'JWT'
            $entries | ForEach-Object { $_.WafSupported | Should -BeFalse; $_.Summary | Should -Match 'WAF cannot attach' }
        }
    }

    Context 'When load balancers forward to a function' {
        It 'Should report an internet-facing ALB without WAF' {
            $entry = (Get-Result 'x-alb-public')[0].EntryPoints
            $entry | Should -HaveCount 1
            $entry[0].Kind | Should -Be 'LoadBalancer'
            $entry[0].Scheme | Should -Be 'internet-facing'
            $entry[0].Route | Should -Be 'HTTP:80'
            $entry[0].HasWaf | Should -BeFalse
            $entry[0].Id | Should -Match '^arn:aws:elasticloadbalancing:us-east-1:111111111111:loadbalancer/app/alb-public/'
        }

        It 'Should report an internal ALB with its web ACL' {
            $entry = (Get-Result 'x-alb-internal')[0].EntryPoints
            $entry[0].Scheme | Should -Be 'internal'
            $entry[0].Route | Should -Be 'HTTPS:443'
            $entry[0].HasWaf | Should -BeTrue
        }

        It 'Should list no entry points for a function nothing fronts' {
            (Get-Result 'x-public')[0].EntryPoints | Should -BeNullOrEmpty
        }
    }

    Context 'When a function is attached to a VPC' {
        It 'Should report its subnets and security groups' {
            $vpc = (Get-Result 'x-vpc')[0].Vpc
            $vpc.IsAttached | Should -BeTrue
            $vpc.SubnetIds | Should -Be @('subnet-0aaa0000000000001', 'subnet-0aaa0000000000002')
            $vpc.SecurityGroupIds | Should -Be @('sg-0bbb0000000000001')
            (Get-Result 'x-public')[0].Vpc.IsAttached | Should -BeFalse
            "$((Get-Result 'x-public')[0].Vpc)" | Should -Be 'not in VPC'
        }
    }

    Context 'When filtering and summarizing' {
        It 'Should keep only functions at least as exposed as -ExposureAtLeast' {
            $filtered = @(Get-LambdaExposure @aws -ExposureAtLeast CrossAccount -ErrorAction SilentlyContinue)
            $expected = @($all | Where-Object { [int]$_.Exposure -ge [int][LambdaSec.Model.ExposureLevel]::CrossAccount })
            $filtered.Count | Should -Be $expected.Count
            $filtered.Exposure | Should -Not -Contain 'Organization'
            $filtered.Exposure | Should -Contain 'Public'
        }

        It 'Should count functions per level with -Summary' {
            $summary = @(Get-LambdaExposure @aws -Summary -ErrorAction SilentlyContinue)
            foreach ($group in $all | Group-Object Exposure) {
                ($summary | Where-Object { "$($_.Exposure)" -eq $group.Name }).Count | Should -Be $group.Count
            }
            ($summary | Measure-Object Count -Sum).Sum | Should -Be $all.Count
        }
    }

    Context 'When functions come from the pipeline' {
        It 'Should bind AWS.Tools FunctionConfiguration-shaped objects by property name' {
            $inputs = @(
                [pscustomobject]@{ FunctionName = 'x-public'; FunctionArn = 'arn:aws:lambda:us-east-1:111111111111:function:x-public'; Runtime = 'python3.12' }
                [pscustomobject]@{ FunctionName = 'x-org'; FunctionArn = 'arn:aws:lambda:us-east-1:111111111111:function:x-org'; Runtime = 'python3.12' }
            )
            $results = @($inputs | Get-LambdaExposure -EndpointUrl $emulator.EndpointUrl -AccessKey 111111111111 -SecretKey x -Region us-east-1)
            $results.FunctionName | Sort-Object | Should -Be @('x-org', 'x-public')
            ($results | Where-Object FunctionName -eq 'x-public').Exposure | Should -Be 'Public'
        }

        It 'Should check only the alias given with -Qualifier' {
            $result = @(Get-LambdaExposure @aws -FunctionName x-alias -Qualifier live)
            $result | Should -HaveCount 1
            $result[0].Qualifier | Should -Be 'live'
            $result[0].Exposure | Should -Be 'Public'
        }

        It 'Should write LambdaSec.ResourceNotFound for a function that does not exist and still emit the others' {
            $results = @(Get-LambdaExposure @aws -FunctionName x-public, no-such-function, x-cross -ErrorVariable err -ErrorAction SilentlyContinue)
            $results.FunctionName | Sort-Object | Should -Be @('x-cross', 'x-public')
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.ResourceNotFound,LambdaSec.Cmdlets.GetLambdaExposureCommand'
            $err[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            "$($err[0].TargetObject)" | Should -Be 'no-such-function'
        }
    }

    Context 'When one function cannot be read or disappears during the scan' {
        AfterEach {
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path '/_emulator/faults'
        }

        It 'Should write <ErrorId> for <Function> and still emit every other function' -ForEach @(
            @{ Function = 'x-cross'; Operation = 'GetPolicy'; Kind = 'denied'; ErrorId = 'LambdaSec.AccessDenied'; Category = 'PermissionDenied' }
            @{ Function = 'x-org'; Operation = 'ListFunctionUrlConfigs'; Kind = 'notfound'; ErrorId = 'LambdaSec.ResourceNotFound'; Category = 'ObjectNotFound' }
        ) {
            # The function is listed, then its next read fails: what AccessDenied on it, or its deletion mid-run, looks like.
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{ service = 'lambda'; operation = $Operation; kind = $Kind; match = "/functions/$Function/" }
            $results = @(Get-LambdaExposure @aws -ErrorVariable err -ErrorAction SilentlyContinue)
            $results.FunctionName | Should -Not -Contain $Function
            $results | Should -HaveCount ($all.Count - 1)
            $failed = @($err | Where-Object { $_.FullyQualifiedErrorId -like "$ErrorId,*" })
            $failed | Should -HaveCount 1
            $failed[0].FullyQualifiedErrorId | Should -BeExactly "$ErrorId,LambdaSec.Cmdlets.GetLambdaExposureCommand"
            "$($failed[0].TargetObject)" | Should -Be $Function
            $failed[0].CategoryInfo.Category | Should -Be $Category
        }
    }

    Context 'When -VerdictOnly reads only what can change a verdict (docs/scale.md)' {
        BeforeAll {
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path '/_emulator/stats'
            $script:verdicts = @(Get-LambdaExposure @aws -VerdictOnly -ErrorAction SilentlyContinue)
            $script:verdictCalls = (Invoke-TestEmulatorAdmin -Emulator $emulator -Path '/_emulator/stats').operations
            $script:functionCount = @($all | Where-Object Qualifier -eq $null).Count
        }

        It 'Should list aliases and read the policy of every function, and URL configs only where outsiders are let in' {
            $verdictCalls.'lambda:ListAliases'.calls | Should -Be $functionCount
            # x-alias's alias 'live' has a policy of its own: one more GetPolicy.
            $verdictCalls.'lambda:GetPolicy'.calls | Should -Be ($functionCount + 1)
            # Public, Unknown, ServiceUnrestricted, CrossAccount and Organization grants to lambda:InvokeFunction(Url); not
            # x-svc-pinned, x-account, x-none, x-deny, x-url-none-unshared, nor the functions without a policy.
            $outsiders = 'x-public', 'x-svc-unpinned', 'x-svc-bucket', 'x-svc-other-account', 'x-cross', 'x-org', 'x-unknown', 'x-unreadable', 'x-url-public', 'x-url-legacy', 'x-url-iam', 'x-alias'
            $verdictCalls.'lambda:ListFunctionUrlConfigs'.calls | Should -Be $outsiders.Count
            @($verdicts | Where-Object FunctionUrl | ForEach-Object FunctionName | Sort-Object) | Should -Be @($all | Where-Object { $_.FunctionUrl -and $_.FunctionName -in $outsiders } | ForEach-Object FunctionName | Sort-Object)
        }

        It 'Should give every function the verdict of the full scan' {
            $key = { "$($_.FunctionName):$($_.Qualifier):$($_.Exposure):$([bool]($_.FunctionUrl -and $_.FunctionUrl.IsPubliclyReachable))" }
            @($verdicts | ForEach-Object $key | Sort-Object) | Should -Be @($all | ForEach-Object $key | Sort-Object)
        }

        It 'Should leave out only URLs no one outside the account can call' {
            (Get-Result 'x-url-none-unshared').FunctionUrl | Should -Not -BeNullOrEmpty
            ($verdicts | Where-Object FunctionName -eq 'x-url-none-unshared').FunctionUrl | Should -BeNullOrEmpty
        }

        It 'Should read the URL of every function by default' {
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path '/_emulator/stats'
            $null = @(Get-LambdaExposure @aws -ErrorAction SilentlyContinue)
            (Invoke-TestEmulatorAdmin -Emulator $emulator -Path '/_emulator/stats').operations.'lambda:ListFunctionUrlConfigs'.calls | Should -Be $functionCount
        }
    }

    Context 'When the service throttles' {
        AfterAll {
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/ratelimits' -Body @{ preset = 'off' }
        }

        It 'Should slow down, retry and finish with every function and no error' {
            $rules = @(
                @{ service = 'lambda'; operations = @('GetPolicy'); rate = 8; burst = 2 }
                @{ service = 'lambda'; operations = @('*'); rate = 8; burst = 2; shared = $true }
            )
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/ratelimits' -Body @{ rules = $rules }
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path '/_emulator/stats'
            $results = @(Get-LambdaExposure @aws -ErrorVariable err -ErrorAction SilentlyContinue)
            (Invoke-TestEmulatorAdmin -Emulator $emulator -Path '/_emulator/stats').totals.throttled | Should -BeGreaterThan 0
            $results | Should -HaveCount $all.Count
            @($err | Where-Object { $_.FullyQualifiedErrorId -notlike 'LambdaSec.PolicyParseError,*' }) | Should -HaveCount 0
            @($results | ForEach-Object { "$($_.FunctionName):$($_.Exposure)" } | Sort-Object) | Should -Be @($all | ForEach-Object { "$($_.FunctionName):$($_.Exposure)" } | Sort-Object)
        }
    }

    Context 'When no credentials can be found' {
        It 'Should stop with LambdaSec.NoCredentials and say how to provide them' {
            $script = "`$env:AWS_ACCESS_KEY_ID=`$null; `$env:AWS_SECRET_ACCESS_KEY=`$null; `$env:AWS_PROFILE=`$null; `$env:AWS_SHARED_CREDENTIALS_FILE='/nonexistent'; `$env:AWS_CONFIG_FILE='/nonexistent'; `$env:AWS_EC2_METADATA_DISABLED='true'; " +
                "Import-Module '$($env:LAMBDASEC_MODULE_PATH)'; try { Get-LambdaExposure -Region us-east-1 -EndpointUrl '$($emulator.EndpointUrl)' } catch { `$_.FullyQualifiedErrorId; `$_.Exception.Message }"
            $lines = Invoke-FreshPwsh $script
            $lines[0] | Should -BeExactly 'LambdaSec.NoCredentials,LambdaSec.Cmdlets.GetLambdaExposureCommand'
            ($lines -join ' ') | Should -Match 'Set-AWSCredential|-ProfileName|AWS_ACCESS_KEY_ID'
        }
    }

    Context 'When the endpoint does not support ListFunctionUrlConfigs' {
        BeforeAll {
            # A server that never had the operation (as moto): the same estate, every ListFunctionUrlConfigs answered 404 without an AWS error code.
            $rule = ConvertTo-Json -Compress @{ service = 'lambda'; operation = 'ListFunctionUrlConfigs'; kind = 'unsupported' }
            $script:bare = Start-TestEmulator -Scenario (Join-Path $PSScriptRoot 'data/exposure-estate.json') -ArgumentList @('--faults', $rule)
        }

        AfterAll {
            Stop-TestEmulator $bare
        }

        It 'Should learn it from one call, read each URL through GetFunctionUrlConfig and say what stays unknown' {
            $bareAws = $aws.Clone(); $bareAws.EndpointUrl = $bare.EndpointUrl
            $results = @(Get-LambdaExposure @bareAws -ErrorVariable err -ErrorAction SilentlyContinue)
            $calls = (Invoke-TestEmulatorAdmin -Emulator $bare -Path '/_emulator/stats').operations
            $calls.'lambda:ListFunctionUrlConfigs'.calls | Should -Be 1
            $calls.'lambda:GetFunctionUrlConfig'.calls | Should -Be @($all | Where-Object Qualifier -eq $null).Count
            (@($results | Where-Object FunctionName -eq 'x-url-public')[0]).FunctionUrl.IsPubliclyReachable | Should -BeTrue
            @($results | Where-Object Qualifier -eq $null | Where-Object { -not ($_.Unknowns -match 'ListFunctionUrlConfigs is not supported') }) | Should -BeNullOrEmpty
            @($err | Where-Object { $_.FullyQualifiedErrorId -notlike 'LambdaSec.PolicyParseError,*' }) | Should -HaveCount 0
        }
    }
}

Describe 'Get-LambdaExposure against moto_server' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'helpers/Moto.ps1')
        # Seeded with boto3, moto's own client: the statements are the shapes moto writes, not ours.
        $script:moto = Start-TestMoto -Seed @"
iam = boto3.client('iam', **kw)
trust = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'Service': 'lambda.amazonaws.com'}, 'Action': 'sts:AssumeRole'}]}
role = iam.create_role(RoleName='r', AssumeRolePolicyDocument=json.dumps(trust))['Role']
buf = io.BytesIO(); zipfile.ZipFile(buf, 'w').writestr('index.py', 'def handler(e, c): return 1')
lam = boto3.client('lambda', **kw)
for n in ['m-public', 'm-svc', 'm-svc-pinned', 'm-cross', 'm-org', 'm-none', 'm-url']:
    lam.create_function(FunctionName=n, Runtime='python3.12', Role=role['Arn'], Handler='index.handler', Code={'ZipFile': buf.getvalue()})
lam.add_permission(FunctionName='m-public', StatementId='open', Action='lambda:InvokeFunction', Principal='*')
lam.add_permission(FunctionName='m-svc', StatementId='s3', Action='lambda:InvokeFunction', Principal='s3.amazonaws.com', SourceArn='arn:aws:s3:::b')
lam.add_permission(FunctionName='m-svc-pinned', StatementId='s3', Action='lambda:InvokeFunction', Principal='s3.amazonaws.com', SourceArn='arn:aws:s3:::b', SourceAccount='123456789012')
lam.add_permission(FunctionName='m-cross', StatementId='x', Action='lambda:InvokeFunction', Principal='222222222222')
lam.add_permission(FunctionName='m-org', StatementId='o', Action='lambda:InvokeFunction', Principal='*', PrincipalOrgID='o-abc1234567')
lam.create_function_url_config(FunctionName='m-url', AuthType='NONE')
lam.add_permission(FunctionName='m-url', StatementId='url', Action='lambda:InvokeFunctionUrl', Principal='*', FunctionUrlAuthType='NONE')
"@
        if ($script:moto) {
            $script:motoResults = @(Get-LambdaExposure -Region us-east-1 -EndpointUrl $moto.Url -AccessKey 123456789012 -SecretKey x -ErrorVariable motoErrors -ErrorAction SilentlyContinue)
            $script:motoErrors = $motoErrors
        }
    }

    AfterAll {
        Stop-TestMoto $script:moto
    }

    Context 'When the functions were written by moto' {
        BeforeEach {
            if (-not $script:moto) { Set-ItResult -Skipped -Because 'moto_server is not installed (pip install "moto[server]")' }
        }

        It 'Should classify <Function> as <Expected>' -ForEach @(
            @{ Function = 'm-public'; Expected = 'Public' }
            @{ Function = 'm-svc'; Expected = 'ServiceUnrestricted' }
            @{ Function = 'm-svc-pinned'; Expected = 'ServiceRestricted' }
            @{ Function = 'm-cross'; Expected = 'CrossAccount' }
            @{ Function = 'm-org'; Expected = 'Organization' }
            @{ Function = 'm-none'; Expected = 'None' }
            @{ Function = 'm-url'; Expected = 'Public' }
        ) {
            ($motoResults | Where-Object FunctionName -eq $Function).Exposure | Should -Be $Expected
        }

        It 'Should read the URL through GetFunctionUrlConfig where ListFunctionUrlConfigs is missing, and say what stays unknown' {
            $url = ($motoResults | Where-Object FunctionName -eq 'm-url').FunctionUrl
            $url.AuthType | Should -Be 'NONE'
            $url.IsPubliclyReachable | Should -BeTrue
            ($motoResults | Where-Object FunctionName -eq 'm-url').Unknowns | Should -Match 'ListFunctionUrlConfigs is not supported'
        }

        It 'Should finish without errors' {
            $motoResults | Should -HaveCount 7
            $motoErrors | Should -HaveCount 0
        }
    }
}
