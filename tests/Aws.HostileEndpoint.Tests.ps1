Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Endpoints that try to take the credentials (docs/hostile-input.md): a redirect to another host, plain http to
# a remote host, and an endpoint where nothing listens. Only 127.0.0.1 is contacted; the remote host is refused
# before any connection is made.
BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest

    function Get-FreePort {
        $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
        $probe.Start()
        try { $probe.LocalEndpoint.Port } finally { $probe.Stop() }
    }

    function New-Listener([int] $Port) {
        $listener = [Net.HttpListener]::new()
        $listener.Prefixes.Add("http://127.0.0.1:$Port/")
        $listener.Start()
        $listener
    }

    # The AwsServiceException a failed call throws (PowerShell wraps it in other exceptions).
    function Get-AwsFailure([Threading.Tasks.Task] $Task) {
        try { $null = $Task.GetAwaiter().GetResult(); return $null }
        catch {
            $ex = $_.Exception
            while ($ex -and $ex -isnot [LambdaSec.Aws.AwsServiceException]) { $ex = $ex.InnerException }
            if (-not $ex) { throw }
            $ex
        }
    }

    function New-TokenSession([string] $EndpointUrl) {
        $credentials = [Amazon.Runtime.SessionAWSCredentials]::new('AKIDEXAMPLE', 'secret', 'the-session-token')
        [LambdaSec.Aws.AwsSession]::new($credentials, 'us-east-1', [LambdaSec.Aws.AwsEndpointResolver]::new($EndpointUrl, $null, $null), $null)
    }
}

Describe 'AWS access layer facing a hostile endpoint' {
    Context 'When an answer holds a string that is not valid Unicode' {
        BeforeAll {
            # GetPolicy's Policy member with a lone surrogate escaped once, so it is invalid in the answer itself.
            $answer = [Text.Json.JsonDocument]::Parse('{"Policy":"{\"Version\":\"2012-10-17\",\"Statement\":[{\"Sid\":\"\ud800\",\"Effect\":\"Allow\",\"Principal\":\"*\",\"Action\":\"lambda:InvokeFunction\"}]}"}')
            $script:policy = [LambdaSec.Aws.AwsNode]::new($answer.RootElement).GetString('Policy')
        }

        It 'Should give the escaped text back instead of throwing' {
            $policy | Should -BeLike '*\ud800*'
        }

        It 'Should make the policy in it unreadable (Unknown with PolicyParseError), never safe' {
            $result = Test-LambdaPolicy -Policy $policy -OwnerAccountId 111111111111 -ErrorVariable err -ErrorAction SilentlyContinue
            $result.Exposure | Should -Be 'Unknown'
            $err[0].FullyQualifiedErrorId | Should -BeLike 'LambdaSec.PolicyParseError,*'
        }

        It 'Should read a member name that is not valid Unicode as its escaped text, and still find the other members' {
            # Environment.Variables of a function configuration with a name that is a lone surrogate escape.
            $answer = [Text.Json.JsonDocument]::Parse('{"Variables":{"A":"1","\ud800":"2","Z":"3"}}')
            $variables = [LambdaSec.Aws.AwsNode]::new($answer.RootElement).Get('Variables')
            $variables.MemberNames() | Should -Be @('A', '\ud800', 'Z')
            $variables.GetString('\ud800') | Should -Be '2'
            $variables.GetString('A') | Should -Be '1'
            $variables.GetString('missing') | Should -BeNullOrEmpty
        }

        It 'Should read an error answer whose message and keys are not valid Unicode as that error' {
            $port = Get-FreePort
            $endpoint = New-Listener $port
            try {
                $call = [LambdaSec.Aws.Clients.LambdaApi]::new((New-TokenSession "http://127.0.0.1:$port/")).GetFunctionConfigurationAsync('orders', $null, [Threading.CancellationToken]::None)
                $context = $endpoint.GetContextAsync().GetAwaiter().GetResult()
                $context.Response.StatusCode = 400
                $body = [Text.Encoding]::UTF8.GetBytes('{"Type":"User","\udc00":1,"message":"no \ud800 here"}')
                $context.Response.Headers['x-amzn-ErrorType'] = 'InvalidParameterValueException'
                $context.Response.OutputStream.Write($body, 0, $body.Length)
                $context.Response.Close()
                $failure = Get-AwsFailure $call
                $failure.ErrorCode | Should -Be 'InvalidParameterValueException'
                $failure.Message | Should -BeLike '*no \ud800 here*'
            }
            finally { $endpoint.Close() }
        }
    }

    Context 'When the endpoint answers with a redirect to another host' {
        It 'Should not follow HTTP <Status>, send nothing to the other host and name the endpoint' -ForEach @(
            @{ Status = 301 }, @{ Status = 302 }, @{ Status = 307 }, @{ Status = 308 }
        ) {
            $endpointPort = Get-FreePort
            $elsewherePort = Get-FreePort
            $endpoint = New-Listener $endpointPort
            $elsewhere = New-Listener $elsewherePort
            try {
                $call = [LambdaSec.Aws.Clients.StsApi]::new((New-TokenSession "http://127.0.0.1:$endpointPort/")).GetCallerIdentityAsync([Threading.CancellationToken]::None)
                $context = $endpoint.GetContextAsync().GetAwaiter().GetResult()
                $context.Response.StatusCode = $Status
                $context.Response.RedirectLocation = "http://127.0.0.1:$elsewherePort/"
                $context.Response.Close()

                # Whichever comes first: the call ends, or the other host is reached (then it is answered so the call ends too).
                $reached = $elsewhere.GetContextAsync()
                $first = [Threading.Tasks.Task]::WaitAny([Threading.Tasks.Task[]]@($call, $reached), 60000)
                $forwardedToken = $null
                if ($first -eq 1) {
                    $forwardedToken = $reached.Result.Request.Headers['X-Amz-Security-Token']
                    $reached.Result.Response.StatusCode = 400
                    $reached.Result.Response.Close()
                }
                $failure = Get-AwsFailure $call

                $first | Should -Be 0 -Because "the other host must not be contacted (it received token '$forwardedToken')"
                $failure.ErrorId | Should -BeExactly 'LambdaSec.EndpointRedirected'
                $failure.StatusCode | Should -Be $Status
                $failure.Message | Should -Match ([regex]::Escape("http://127.0.0.1:$endpointPort"))
                $failure.Message | Should -Match 'not followed'
            }
            finally {
                $endpoint.Close()
                $elsewhere.Close()
            }
        }
    }

    Context 'When the endpoint URL is plain http to a host other than loopback' {
        BeforeAll {
            $script:saved = Save-TestEnvironment -Name 'LAMBDASEC_ALLOW_INSECURE_ENDPOINT', 'AWS_ENDPOINT_URL', 'AWS_ENDPOINT_URL_STS'
            Remove-Item Env:\LAMBDASEC_ALLOW_INSECURE_ENDPOINT, Env:\AWS_ENDPOINT_URL, Env:\AWS_ENDPOINT_URL_STS -ErrorAction SilentlyContinue
        }

        AfterAll { Restore-TestEnvironment $script:saved }

        It 'Should refuse -EndpointUrl <Url> with LambdaSec.InsecureEndpoint before any call' -ForEach @(
            @{ Url = 'http://198.51.100.7:4566' }, @{ Url = 'http://localstack.internal:4566/' }, @{ Url = 'HTTP://[2001:db8::1]/' }
        ) {
            $calls = @([LambdaSec.Aws.AwsTransport]::Default.Metrics.Snapshot() | ForEach-Object Calls | Measure-Object -Sum)[0].Sum
            $err = $null
            try { Get-LambdaExposure -EndpointUrl $Url -AccessKey AKIDEXAMPLE -SecretKey x -SessionToken t -Region us-east-1 }
            catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.InsecureEndpoint,LambdaSec.Cmdlets.GetLambdaExposureCommand'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -Match 'AllowInsecureEndpoint'
            @([LambdaSec.Aws.AwsTransport]::Default.Metrics.Snapshot() | ForEach-Object Calls | Measure-Object -Sum)[0].Sum | Should -Be $calls
        }

        It 'Should refuse a plain-http AWS_ENDPOINT_URL_STS from the environment too' {
            $env:AWS_ENDPOINT_URL_STS = 'http://198.51.100.7/'
            try {
                { Get-LambdaExposure -AccessKey AKIDEXAMPLE -SecretKey x -Region us-east-1 } | Should -Throw -ErrorId 'LambdaSec.InsecureEndpoint,LambdaSec.Cmdlets.GetLambdaExposureCommand'
            }
            finally { Remove-Item Env:\AWS_ENDPOINT_URL_STS }
        }

        It 'Should accept http to loopback, and remote http only with -AllowInsecureEndpoint' {
            $options = [LambdaSec.Aws.AwsConnectionOptions]@{ AccessKey = 'AKIDEXAMPLE'; SecretKey = 'x'; Region = 'us-east-1'; EndpointUrl = 'http://127.0.0.1:1/' }
            [LambdaSec.Aws.AwsConnectionResolver]::Resolve($options).Endpoints.Resolve([LambdaSec.Aws.AwsServices]::Sts, 'us-east-1').Uri.Host | Should -Be '127.0.0.1'
            $options.EndpointUrl = 'http://localhost:4566'
            [LambdaSec.Aws.AwsConnectionResolver]::Resolve($options).Endpoints.Resolve([LambdaSec.Aws.AwsServices]::Lambda, 'us-east-1').Uri.Host | Should -Be 'localhost'
            $options.EndpointUrl = 'http://198.51.100.7:4566'
            $options.AllowInsecureEndpoint = $true
            [LambdaSec.Aws.AwsConnectionResolver]::Resolve($options).Endpoints.Resolve([LambdaSec.Aws.AwsServices]::Lambda, 'us-east-1').Uri.Host | Should -Be '198.51.100.7'
        }
    }

    Context 'When nothing listens at the endpoint' {
        It 'Should fail the caller-identity call at once with LambdaSec.AwsConnectionFailed, not retry it' {
            $port = Get-FreePort
            $before = @([LambdaSec.Aws.AwsTransport]::Default.Metrics.Snapshot() | Where-Object Operation -eq 'sts:GetCallerIdentity')
            $err = $null
            try { Get-LambdaExposure -EndpointUrl "http://127.0.0.1:$port" -AccessKey AKIDEXAMPLE -SecretKey x -Region us-east-1 }
            catch { $err = $_ }
            $err | Should -Not -BeNullOrEmpty
            $err.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.AwsConnectionFailed,LambdaSec.Cmdlets.GetLambdaExposureCommand'
            $err.CategoryInfo.Category | Should -Be 'ConnectionError'
            $err.Exception.Message | Should -Match 'after 1 attempt:'
            $after = @([LambdaSec.Aws.AwsTransport]::Default.Metrics.Snapshot() | Where-Object Operation -eq 'sts:GetCallerIdentity')
            (($after | ForEach-Object Retried) + 0 | Measure-Object -Sum).Sum | Should -Be ((($before | ForEach-Object Retried) + 0 | Measure-Object -Sum).Sum)
        }

        It 'Should report the same id and category from Invoke-LambdaSecAudit' {
            $port = Get-FreePort
            { Invoke-LambdaSecAudit -EndpointUrl "http://127.0.0.1:$port" -AccessKey AKIDEXAMPLE -SecretKey x -Region us-east-1 } |
                Should -Throw -ErrorId 'LambdaSec.AwsConnectionFailed,LambdaSec.Cmdlets.InvokeLambdaSecAuditCommand'
        }
    }
}
