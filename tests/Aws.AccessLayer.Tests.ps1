Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# The AWS access layer (src/LambdaSec/Aws) driven directly through its public engine classes, against
# the emulator (paging, throttling, faults, errors, AssumeRole) and against moto_server (a server nobody here wrote).
BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
    Import-LambdaSecUnderTest

    function Wait-Task($Task) { $Task.GetAwaiter().GetResult() }

    function New-TestSession {
        param([string] $EndpointUrl, [string] $AccountId = '111111111111', [string] $Region = 'us-east-1', $Transport = $null)
        $credentials = [Amazon.Runtime.BasicAWSCredentials]::new($AccountId, 'secret')
        [LambdaSec.Aws.AwsSession]::new($credentials, $Region, [LambdaSec.Aws.AwsEndpointResolver]::new($EndpointUrl, $null, $null), $Transport)
    }

    # The AwsServiceException a failed call throws (PowerShell wraps it in a MethodInvocationException).
    function Get-AwsFailure([scriptblock] $Call) {
        try { & $Call; return $null }
        catch {
            $ex = $_.Exception
            while ($ex -and $ex -isnot [LambdaSec.Aws.AwsServiceException]) { $ex = $ex.InnerException }
            if (-not $ex) { throw }
            $ex
        }
    }

    $script:emulator = Start-TestEmulator -Scenario (Join-Path $PSScriptRoot '../src/LambdaSec.Emulator/Scenarios/demo.json')
    # A big estate in an account of its own, for paging and throttling: 150 functions.
    $script:big = [pscustomobject]@{ AccountId = '444444444444'; Region = 'eu-west-1'; Functions = 150 }
    $functions = foreach ($i in 1..$script:big.Functions) { @{ name = ('paged-fn-{0:d3}' -f $i); runtime = 'python3.12' } }
    $estate = @{ accounts = @(@{ id = $script:big.AccountId; roles = @(@{ name = 'fn-role' }); regions = @{ $script:big.Region = @{ functions = @($functions | ForEach-Object { $_.role = 'fn-role'; $_ }) } } }) }
    $null = Invoke-TestEmulatorAdmin -Emulator $script:emulator -Method POST -Path '/_emulator/scenario' -Body $estate
}

AfterAll {
    Stop-TestEmulator -Emulator $script:emulator
}

Describe 'SigV4 signing' {
    Context 'When a request of AWS''s published SigV4 test suite is signed' {
        # aws-sig-v4-test-suite (AWS General Reference, "Signature Version 4 test suite"): get-vanilla and post-vanilla, as
        # quoted by many public signers' tests (checked 2026-12-03); credentials AKIDEXAMPLE, 2015-08-30T12:36:00Z.
        It 'Should give <Case> the suite''s signature, twice (the derived key is reused)' -ForEach @(
            @{ Case = 'get-vanilla'; Method = 'GET'; Signature = '5fa00fa31553b73ebf1942676e86291e8372ff2a2260956d9b8aae1d763fbf31' }
            @{ Case = 'post-vanilla'; Method = 'POST'; Signature = '5da7c1a2acd57cee7505fc6676e4e544621c30862966e37dddb68e92efbe5d6b' }
        ) {
            $request = [LambdaSec.Aws.AwsWireRequest]::new($Method, [uri]'https://example.amazonaws.com/', [byte[]]@(), [NullString]::Value)
            $credentials = [Amazon.Runtime.ImmutableCredentials]::new('AKIDEXAMPLE', 'wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY', $null)
            $at = [datetime]::new(2015, 8, 30, 12, 36, 0, [DateTimeKind]::Utc)
            foreach ($attempt in 1, 2) {
                $headers = [LambdaSec.Aws.SigV4Signer]::Sign($request, $credentials, 'us-east-1', 'service', $at)
                $headers['X-Amz-Date'] | Should -BeExactly '20150830T123600Z'
                $headers['Authorization'] | Should -BeExactly "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20150830/us-east-1/service/aws4_request, SignedHeaders=host;x-amz-date, Signature=$Signature"
            }
        }
    }
}

Describe 'AWS access layer against the emulator' {
    Context 'When a list spans many pages' {
        It 'Should return every function exactly once with a small page size' {
            $session = New-TestSession $script:emulator.EndpointUrl -AccountId $script:big.AccountId -Region $script:big.Region
            $transport = $session.Transport
            $before = @($transport.Metrics.Snapshot() | Where-Object Operation -eq 'lambda:ListFunctions' | ForEach-Object Calls)
            $functions = Wait-Task ([LambdaSec.Aws.Clients.LambdaApi]::new($session).ListFunctionsAsync(7, [Threading.CancellationToken]::None))
            $script:big.Functions | Should -BeGreaterThan 100
            $functions.Count | Should -Be $script:big.Functions
            @($functions.FunctionArn | Sort-Object -Unique).Count | Should -Be $script:big.Functions
            $after = ($transport.Metrics.Snapshot() | Where-Object Operation -eq 'lambda:ListFunctions').Calls
            ($after - ($before + 0 | Measure-Object -Sum).Sum) | Should -BeGreaterOrEqual ([math]::Ceiling($script:big.Functions / 7))
        }

        It 'Should map function fields from the wire' {
            $session = New-TestSession $script:emulator.EndpointUrl -AccountId $script:big.AccountId -Region $script:big.Region
            $first = (Wait-Task ([LambdaSec.Aws.Clients.LambdaApi]::new($session).ListFunctionsAsync(50, [Threading.CancellationToken]::None)))[0]
            $first.FunctionArn | Should -Match '^arn:aws:lambda:'
            $first.FunctionName | Should -Not -BeNullOrEmpty
            $first.PackageType | Should -BeIn @('Zip', 'Image')
        }
    }

    Context 'When the emulator throttles hard' {
        It 'Should finish thousands of calls with no error and every answer present' {
            $null = Invoke-TestEmulatorAdmin -Emulator $script:emulator -Method POST -Path '/_emulator/ratelimits' -Body @{ rules = @(@{ service = 'lambda'; operations = @('GetFunctionConfiguration'); rate = 150; burst = 20 }) }
            try {
                # Our limiter starts far above the server's limit, so it must adapt down and retry to finish cleanly.
                $quotas = [LambdaSec.Aws.ControlPlaneQuota[]]@([LambdaSec.Aws.ControlPlaneQuota]::new('lambda', '*', 1000, 200, 'test: far above the emulator'))
                $transport = [LambdaSec.Aws.AwsTransport]::new(32, [LambdaSec.Aws.ApiRateLimiter]::new($quotas), $null)
                $session = New-TestSession $script:emulator.EndpointUrl -AccountId $script:big.AccountId -Region $script:big.Region -Transport $transport
                $lambda = [LambdaSec.Aws.Clients.LambdaApi]::new($session)
                $names = (Wait-Task ($lambda.ListFunctionsAsync(50, [Threading.CancellationToken]::None))).FunctionName
                $tasks = foreach ($round in 1..14) { foreach ($name in $names) { $lambda.GetFunctionConfigurationAsync($name, $null, [Threading.CancellationToken]::None) } }
                [Threading.Tasks.Task]::WaitAll([Threading.Tasks.Task[]]$tasks)
                @($tasks | Where-Object { $_.Status -ne 'RanToCompletion' }).Count | Should -Be 0
                @($tasks | ForEach-Object { $_.Result.FunctionName } | Sort-Object -Unique).Count | Should -Be $names.Count
                $tasks.Count | Should -BeGreaterThan 2000
                $count = $transport.Metrics.Snapshot() | Where-Object Operation -eq 'lambda:GetFunctionConfiguration'
                $count.Failed | Should -Be 0
                $count.Throttled | Should -BeGreaterThan 0
            }
            finally {
                $null = Invoke-TestEmulatorAdmin -Emulator $script:emulator -Method POST -Path '/_emulator/ratelimits' -Body @{ preset = 'off' }
            }
        }
    }

    Context 'When the server fails or drops connections' {
        It 'Should retry 5xx answers until the call succeeds' {
            $null = Invoke-TestEmulatorAdmin -Emulator $script:emulator -Method POST -Path '/_emulator/faults' -Body @{ service = 'lambda'; operation = 'GetAccountSettings'; kind = '5xx'; count = 3 }
            try {
                $transport = [LambdaSec.Aws.AwsTransport]::new(8, $null, $null)
                $session = New-TestSession $script:emulator.EndpointUrl -Transport $transport
                $settings = Wait-Task ([LambdaSec.Aws.Clients.LambdaApi]::new($session).GetAccountSettingsAsync([Threading.CancellationToken]::None))
                $settings.Get('AccountLimit') | Should -Not -BeNullOrEmpty
                $count = $transport.Metrics.Snapshot() | Where-Object Operation -eq 'lambda:GetAccountSettings'
                $count.Retried | Should -Be 3
                $count.Calls | Should -Be 4
                $count.Failed | Should -Be 0
            }
            finally {
                $null = Invoke-TestEmulatorAdmin -Emulator $script:emulator -Method DELETE -Path '/_emulator/faults'
            }
        }

        It 'Should retry dropped connections until the call succeeds' {
            $null = Invoke-TestEmulatorAdmin -Emulator $script:emulator -Method POST -Path '/_emulator/faults' -Body @{ service = 'iam'; operation = 'GetAccountAuthorizationDetails'; kind = 'drop'; count = 2 }
            try {
                $transport = [LambdaSec.Aws.AwsTransport]::new(8, $null, $null)
                $session = New-TestSession $script:emulator.EndpointUrl -Transport $transport
                $pages = Wait-Task ([LambdaSec.Aws.Clients.IamApi]::new($session).GetAccountAuthorizationDetailsAsync([string[]]@('Role'), $null, [Threading.CancellationToken]::None))
                @($pages | ForEach-Object { $_.GetList('RoleDetailList') }).Count | Should -BeGreaterThan 0
                $count = $transport.Metrics.Snapshot() | Where-Object Operation -eq 'iam:GetAccountAuthorizationDetails'
                $count.Retried | Should -Be 2
                $count.Failed | Should -Be 0
            }
            finally {
                $null = Invoke-TestEmulatorAdmin -Emulator $script:emulator -Method DELETE -Path '/_emulator/faults'
            }
        }
    }

    Context 'When AWS answers with an error' {
        It 'Should map a missing function to LambdaSec.ResourceNotFound with the request id' {
            $session = New-TestSession $script:emulator.EndpointUrl
            $failure = Get-AwsFailure { Wait-Task ([LambdaSec.Aws.Clients.LambdaApi]::new($session).GetPolicyAsync('no-such-function', $null, [Threading.CancellationToken]::None)) }
            $failure.ErrorId | Should -BeExactly 'LambdaSec.ResourceNotFound'
            $failure.ErrorCode | Should -BeExactly 'ResourceNotFoundException'
            $failure.StatusCode | Should -Be 404
            $failure.RequestId | Should -Not -BeNullOrEmpty
            $failure.Message | Should -Match $failure.RequestId
        }

        It 'Should map a missing IAM role (query protocol) to LambdaSec.ResourceNotFound' {
            $session = New-TestSession $script:emulator.EndpointUrl
            $failure = Get-AwsFailure { Wait-Task ([LambdaSec.Aws.Clients.IamApi]::new($session).GetRoleAsync('no-such-role', [Threading.CancellationToken]::None)) }
            $failure.ErrorId | Should -BeExactly 'LambdaSec.ResourceNotFound'
            $failure.ErrorCode | Should -BeExactly 'NoSuchEntity'
            $failure.RequestId | Should -Not -BeNullOrEmpty
        }

        It 'Should map a refused call (json-1.1) to LambdaSec.AccessDenied with the request id' {
            $session = New-TestSession $script:emulator.EndpointUrl -AccountId '222222222222'
            $failure = Get-AwsFailure { Wait-Task ([LambdaSec.Aws.Clients.OrganizationsApi]::new($session).ListAccountsAsync([Threading.CancellationToken]::None)) }
            $failure.ErrorId | Should -BeExactly 'LambdaSec.AccessDenied'
            $failure.ErrorCode | Should -BeExactly 'AccessDeniedException'
            $failure.RequestId | Should -Not -BeNullOrEmpty
        }
    }

    Context 'When assuming a role in another account' {
        It 'Should call as that account with the temporary credentials' {
            $session = New-TestSession $script:emulator.EndpointUrl -AccountId '111111111111'
            $other = New-TestSession $script:emulator.EndpointUrl -AccountId '222222222222'
            $role = (Wait-Task ([LambdaSec.Aws.Clients.IamApi]::new($other).GetAccountAuthorizationDetailsAsync([string[]]@('Role'), $null, [Threading.CancellationToken]::None)))[0].GetList('RoleDetailList')[0]
            $sts = [LambdaSec.Aws.Clients.StsApi]::new($session)
            $assumed = Wait-Task ($sts.AssumeRoleSessionAsync($role.GetString('Arn'), 'lambdasec-test', $null, [Threading.CancellationToken]::None))
            $assumed.AccountId | Should -BeExactly '222222222222'
            $identity = Wait-Task ([LambdaSec.Aws.Clients.StsApi]::new($assumed).GetCallerIdentityAsync([Threading.CancellationToken]::None))
            $identity.Account | Should -BeExactly '222222222222'
            $identity.Arn | Should -Match ':assumed-role/'
        }
    }

    Context 'When reading an organization and IAM' {
        It 'Should list the organization''s accounts from the management account' {
            $session = New-TestSession $script:emulator.EndpointUrl -AccountId '111111111111'
            $ids = (Wait-Task ([LambdaSec.Aws.Clients.OrganizationsApi]::new($session).ListAccountsAsync([Threading.CancellationToken]::None))) | ForEach-Object { $_.GetString('Id') }
            $ids | Should -Contain '222222222222'
            $ids | Should -Contain '333333333333'
        }

        It 'Should decode a role''s trust policy' {
            $session = New-TestSession $script:emulator.EndpointUrl -AccountId '111111111111'
            $iam = [LambdaSec.Aws.Clients.IamApi]::new($session)
            $name = (Wait-Task ($iam.GetAccountAuthorizationDetailsAsync([string[]]@('Role'), 1, [Threading.CancellationToken]::None)))[0].GetList('RoleDetailList')[0].GetString('RoleName')
            $role = Wait-Task ($iam.GetRoleAsync($name, [Threading.CancellationToken]::None))
            $role.RoleName | Should -BeExactly $name
            ($role.AssumeRolePolicyDocument | ConvertFrom-Json).Statement | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'AWS access layer against moto_server' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'helpers/Moto.ps1')
        # Seed moto with boto3 (its own client), so nothing here was written against our clients' assumptions.
        $script:moto = Start-TestMoto -Seed @"
iam = boto3.client('iam', **kw)
trust = {'Version': '2012-10-17', 'Statement': [{'Effect': 'Allow', 'Principal': {'Service': 'lambda.amazonaws.com'}, 'Action': 'sts:AssumeRole'}]}
role = iam.create_role(RoleName='moto-fn-role', AssumeRolePolicyDocument=json.dumps(trust))['Role']
buf = io.BytesIO(); zipfile.ZipFile(buf, 'w').writestr('index.py', 'def handler(e, c): return 1')
lam = boto3.client('lambda', **kw)
for i in range(12):
    lam.create_function(FunctionName='moto-fn-%02d' % i, Runtime='python3.12', Role=role['Arn'], Handler='index.handler', Code={'ZipFile': buf.getvalue()})
lam.add_permission(FunctionName='moto-fn-00', StatementId='open', Action='lambda:InvokeFunction', Principal='*')
"@
    }

    AfterAll {
        Stop-TestMoto $script:moto
    }

    Context 'When moto_server is installed' {
        BeforeEach {
            if (-not $script:moto) { Set-ItResult -Skipped -Because 'moto_server is not installed (pip install "moto[server]")' }
        }

        It 'Should page ListFunctions' {
            $session = New-TestSession $script:moto.Url -AccountId '123456789012'
            $functions = Wait-Task ([LambdaSec.Aws.Clients.LambdaApi]::new($session).ListFunctionsAsync(5, [Threading.CancellationToken]::None))
            @($functions.FunctionName | Sort-Object -Unique).Count | Should -Be 12
            $functions[0].Runtime | Should -BeExactly 'python3.12'
        }

        It 'Should read a resource policy with GetPolicy' {
            $session = New-TestSession $script:moto.Url -AccountId '123456789012'
            $policy = Wait-Task ([LambdaSec.Aws.Clients.LambdaApi]::new($session).GetPolicyAsync('moto-fn-00', $null, [Threading.CancellationToken]::None))
            ($policy.Policy | ConvertFrom-Json).Statement[0].Sid | Should -BeExactly 'open'
        }

        It 'Should read a role with IAM GetRole and GetAccountAuthorizationDetails' {
            $session = New-TestSession $script:moto.Url -AccountId '123456789012'
            $iam = [LambdaSec.Aws.Clients.IamApi]::new($session)
            (Wait-Task ($iam.GetRoleAsync('moto-fn-role', [Threading.CancellationToken]::None))).AssumeRolePolicyDocument | Should -Match 'lambda.amazonaws.com'
            $pages = Wait-Task ($iam.GetAccountAuthorizationDetailsAsync([string[]]@('Role'), $null, [Threading.CancellationToken]::None))
            $pages | ForEach-Object { $_.GetList('RoleDetailList') } | ForEach-Object { $_.GetString('RoleName') } | Should -Contain 'moto-fn-role'
        }

        It 'Should call STS GetCallerIdentity' {
            $session = New-TestSession $script:moto.Url -AccountId '123456789012'
            (Wait-Task ([LambdaSec.Aws.Clients.StsApi]::new($session).GetCallerIdentityAsync([Threading.CancellationToken]::None))).Account | Should -Match '^\d{12}$'
        }
    }
}
