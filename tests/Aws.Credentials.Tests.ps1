Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Resolution of credentials, region and endpoints (DESIGN.md §2), through the public AwsConnectionResolver the
# LambdaSecAwsCmdlet base binds to. The environment is a table per test; the shared files are temp files.
BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest

    function New-Options([hashtable] $Environment = @{}, [hashtable] $Set = @{}) {
        $options = [LambdaSec.Aws.AwsConnectionOptions]::new()
        $table = $Environment.Clone()
        $options.Environment = [Func[string, string]] { param($name) $table[$name] }.GetNewClosure()
        foreach ($key in $Set.Keys) { $options.$key = $Set[$key] }
        $options
    }

    $names = 'AWS_SHARED_CREDENTIALS_FILE', 'AWS_CONFIG_FILE', 'AWS_EC2_METADATA_DISABLED', 'AWS_PROFILE', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_SESSION_TOKEN', 'AWS_REGION', 'AWS_DEFAULT_REGION', 'AWS_CONTAINER_CREDENTIALS_RELATIVE_URI', 'AWS_CONTAINER_CREDENTIALS_FULL_URI', 'AWS_WEB_IDENTITY_TOKEN_FILE'
    $script:savedEnv = Save-TestEnvironment $names
    foreach ($name in $names) { Remove-Item "Env:\$name" -ErrorAction SilentlyContinue }
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) ("lambdasec-cred-" + [guid]::NewGuid())
    $null = New-Item -ItemType Directory -Path $script:dir
    $script:credentialsFile = Join-Path $script:dir 'credentials'
    $script:configFile = Join-Path $script:dir 'config'
    Set-Content $script:credentialsFile "[default]`naws_access_key_id = AKIADEFAULT`naws_secret_access_key = s1`n[audit]`naws_access_key_id = AKIAAUDIT`naws_secret_access_key = s2`n"
    Set-Content $script:configFile "[default]`nregion = eu-central-1`n[profile audit]`nregion = ap-southeast-2`n"
    [Environment]::SetEnvironmentVariable('AWS_SHARED_CREDENTIALS_FILE', $script:credentialsFile)
    [Environment]::SetEnvironmentVariable('AWS_CONFIG_FILE', $script:configFile)
    # No instance metadata probe: these machines are not EC2, and the test must not wait on it.
    [Environment]::SetEnvironmentVariable('AWS_EC2_METADATA_DISABLED', 'true')
}

AfterAll {
    Restore-TestEnvironment $script:savedEnv
    Remove-Item $script:dir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'AwsConnectionResolver' {
    Context 'When several sources hold credentials' {
        It 'Should prefer explicit keys over the shell defaults and the environment' {
            $options = New-Options @{ AWS_ACCESS_KEY_ID = 'AKIAENV'; AWS_SECRET_ACCESS_KEY = 'e'; AWS_REGION = 'us-west-2' } @{
                AccessKey = 'AKIAEXPLICIT'; SecretKey = 'x'; Region = 'eu-west-1'
                StoredCredentials = [Amazon.Runtime.BasicAWSCredentials]::new('AKIASTORED', 'y'); StoredRegion = 'sa-east-1'
            }
            $connection = [LambdaSec.Aws.AwsConnectionResolver]::Resolve($options)
            $connection.Credentials.GetCredentials().AccessKey | Should -BeExactly 'AKIAEXPLICIT'
            $connection.Region | Should -BeExactly 'eu-west-1'
        }

        It 'Should prefer $StoredAWSCredentials and $StoredAWSRegion over the environment' {
            $options = New-Options @{ AWS_ACCESS_KEY_ID = 'AKIAENV'; AWS_SECRET_ACCESS_KEY = 'e'; AWS_REGION = 'us-west-2' } @{
                StoredCredentials = [Amazon.Runtime.BasicAWSCredentials]::new('AKIASTORED', 'y'); StoredRegion = 'sa-east-1'
            }
            $connection = [LambdaSec.Aws.AwsConnectionResolver]::Resolve($options)
            $connection.Credentials.GetCredentials().AccessKey | Should -BeExactly 'AKIASTORED'
            $connection.CredentialSource | Should -BeExactly '$StoredAWSCredentials'
            $connection.Region | Should -BeExactly 'sa-east-1'
        }

        It 'Should read an AWS.Tools-style wrapper whose Credentials property holds the credentials' {
            $wrapper = [pscustomobject]@{ Credentials = [Amazon.Runtime.BasicAWSCredentials]::new('AKIAWRAPPED', 'y') }
            $options = New-Options @{ AWS_REGION = 'us-west-2' } @{ StoredCredentials = $wrapper.PSObject.BaseObject }
            # A PSCustomObject has no CLR Credentials property: the cmdlet unwraps PSObjects, the resolver reads CLR properties.
            { [LambdaSec.Aws.AwsConnectionResolver]::Resolve($options) } | Should -Not -Throw
        }

        It 'Should use the environment keys before the default profile' {
            $options = New-Options @{ AWS_ACCESS_KEY_ID = 'AKIAENV'; AWS_SECRET_ACCESS_KEY = 'e'; AWS_SESSION_TOKEN = 't'; AWS_REGION = 'us-west-2'; AWS_DEFAULT_REGION = 'us-east-2' }
            $connection = [LambdaSec.Aws.AwsConnectionResolver]::Resolve($options)
            $connection.Credentials.GetCredentials().AccessKey | Should -BeExactly 'AKIAENV'
            $connection.Credentials.GetCredentials().Token | Should -BeExactly 't'
            $connection.Region | Should -BeExactly 'us-west-2'
        }

        It 'Should use AWS_PROFILE and that profile''s region from the shared files' {
            $connection = [LambdaSec.Aws.AwsConnectionResolver]::Resolve((New-Options @{ AWS_PROFILE = 'audit' }))
            $connection.Credentials.GetCredentials().AccessKey | Should -BeExactly 'AKIAAUDIT'
            $connection.Region | Should -BeExactly 'ap-southeast-2'
        }

        It 'Should fall back to the default profile and its region' {
            $connection = [LambdaSec.Aws.AwsConnectionResolver]::Resolve((New-Options))
            $connection.Credentials.GetCredentials().AccessKey | Should -BeExactly 'AKIADEFAULT'
            $connection.Region | Should -BeExactly 'eu-central-1'
            $connection.CredentialSource | Should -BeExactly "profile 'default'"
        }

        It 'Should take -ProfileName with its region over AWS_REGION' {
            $connection = [LambdaSec.Aws.AwsConnectionResolver]::Resolve((New-Options @{ AWS_REGION = 'us-west-2' } @{ ProfileName = 'audit' }))
            $connection.Credentials.GetCredentials().AccessKey | Should -BeExactly 'AKIAAUDIT'
            $connection.Region | Should -BeExactly 'ap-southeast-2'
        }
    }

    Context 'When nothing provides credentials or a region' {
        # AWSSDK.Core reads the shared-file locations once per process, so these run in a fresh process.
        BeforeAll {
            function Get-ResolveFailure([string] $Environment) {
                $module = if ($env:LAMBDASEC_MODULE_PATH) { $env:LAMBDASEC_MODULE_PATH } else { Join-Path $PSScriptRoot '../out/LambdaSec/LambdaSec.psd1' }
                $empty = Join-Path $script:dir 'empty'
                Set-Content $empty ''
                $command = "`$env:AWS_SHARED_CREDENTIALS_FILE='$empty'; `$env:AWS_CONFIG_FILE='$empty'; `$env:AWS_EC2_METADATA_DISABLED='true'; $Environment; Import-Module '$module'; " +
                    'try { $null = [LambdaSec.Aws.AwsConnectionResolver]::Resolve([LambdaSec.Aws.AwsConnectionOptions]::new()); "none" } catch { $e = $_.Exception; while ($e -isnot [LambdaSec.Aws.AwsConnectionResolver].Assembly.GetType("LambdaSec.Aws.AwsConfigurationException") -and $e.InnerException) { $e = $e.InnerException }; $e.ErrorId; $e.Message }'
                Invoke-FreshPwsh -Command $command
            }
        }

        It 'Should fail with LambdaSec.NoCredentials and say how to provide them' {
            $out = Get-ResolveFailure "`$env:AWS_REGION='us-east-1'"
            $out[0] | Should -BeExactly 'LambdaSec.NoCredentials'
            $out[1] | Should -Match 'Set-AWSCredential'
        }

        It 'Should fail with LambdaSec.NoRegion when keys exist but no region does' {
            $out = Get-ResolveFailure "`$env:AWS_ACCESS_KEY_ID='AKIAENV'; `$env:AWS_SECRET_ACCESS_KEY='e'"
            $out[0] | Should -BeExactly 'LambdaSec.NoRegion'
            $out[1] | Should -Match '-Region'
        }

        It 'Should take the region of a function ARN when nothing else names one' {
            . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
            $scenario = Join-Path $script:dir 'arn-region.json'
            @{ accounts = @(@{ id = '111111111111'; roles = @(@{ name = 'fn-role' }); regions = @{ 'us-east-1' = @{ functions = @(
                @{ name = 'orders'; runtime = 'python3.13'; role = 'fn-role'; publishVersions = 1; aliases = @(@{ name = 'live'; version = '1' }) }) } } }) } |
                ConvertTo-Json -Depth 10 | Set-Content $scenario -Encoding utf8
            $emulator = Start-TestEmulator -Scenario $scenario
            try {
                $arn = 'arn:aws:lambda:us-east-1:111111111111:function:orders:live'
                $module = if ($env:LAMBDASEC_MODULE_PATH) { $env:LAMBDASEC_MODULE_PATH } else { Join-Path $PSScriptRoot '../out/LambdaSec/LambdaSec.psd1' }
                $empty = Join-Path $script:dir 'empty'
                Set-Content $empty ''
                # A fresh process with keys but no region anywhere: no -Region, no AWS_REGION, empty shared files.
                $out = Invoke-FreshPwsh -Command ("`$env:AWS_SHARED_CREDENTIALS_FILE='$empty'; `$env:AWS_CONFIG_FILE='$empty'; `$env:AWS_EC2_METADATA_DISABLED='true'; Import-Module '$module'; " +
                    "`$r = @(Get-LambdaExposure -FunctionArn '$arn' -AccessKey 111111111111 -SecretKey x -EndpointUrl '$($emulator.EndpointUrl)' -Verbose 4>&1); " +
                    "`$r | Where-Object { `$_ -is [System.Management.Automation.VerboseRecord] -and `$_.Message -like 'AWS credentials from*' } | ForEach-Object Message; " +
                    "`$r | Where-Object { `$_ -isnot [System.Management.Automation.VerboseRecord] } | ForEach-Object { `$_.Region + ' ' + `$_.FunctionName }")
            }
            finally { Stop-TestEmulator -Emulator $emulator }
            $out[0] | Should -Match 'region us-east-1 from the function ARN'
            $out[1] | Should -BeExactly 'us-east-1 orders'
        }

        It 'Should fail with LambdaSec.NoCredentials for a profile that does not exist' {
            $err = { [LambdaSec.Aws.AwsConnectionResolver]::Resolve((New-Options @{ AWS_REGION = 'us-east-1' } @{ ProfileName = 'nope' })) } | Should -Throw -PassThru
            $err.Exception.InnerException.ErrorId | Should -BeExactly 'LambdaSec.NoCredentials'
        }
    }
}

Describe 'LambdaSecAwsCmdlet parameters' {
    Context 'When a key or the endpoint URL is unusable' {
        It 'Should refuse an empty -<Name> with LambdaSec.InvalidArgument naming it, before any call' -ForEach @(
            @{ Name = 'AccessKey'; Keys = @{ AccessKey = ''; SecretKey = 'x' } }
            @{ Name = 'SecretKey'; Keys = @{ AccessKey = '111111111111'; SecretKey = ' ' } }
            @{ Name = 'SessionToken'; Keys = @{ AccessKey = '111111111111'; SecretKey = 'x'; SessionToken = '' } }
        ) {
            $err = { Get-LambdaExposure @Keys -Region us-east-1 -EndpointUrl 'http://127.0.0.1:9' } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.InvalidArgument,LambdaSec.Cmdlets.GetLambdaExposureCommand'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -Match "^-$Name is empty"
        }

        It 'Should refuse a malformed -EndpointUrl with LambdaSec.InvalidEndpointUrl: <Url>' -ForEach @(
            @{ Url = 'not a url' }
            @{ Url = 'ftp://127.0.0.1:21' }
            @{ Url = '127.0.0.1:4566' }
        ) {
            $err = { Get-LambdaExposure -AccessKey '111111111111' -SecretKey x -Region us-east-1 -EndpointUrl $Url } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.InvalidEndpointUrl,LambdaSec.Cmdlets.GetLambdaExposureCommand'
            $err.CategoryInfo.Category | Should -Be 'InvalidArgument'
            $err.Exception.Message | Should -Match '-EndpointUrl'
        }
    }
}

Describe 'AwsEndpointResolver' {
    Context 'When a region of any partition botocore knows is given' {
        BeforeAll {
            $script:botocore = Get-Content (Join-Path $PSScriptRoot 'data/botocore-endpoints.json') -Raw | ConvertFrom-Json
            $script:public = [LambdaSec.Aws.AwsEndpointResolver]::new($null, $null, [Func[string, string]] { param($n) $null })
            $script:services = @{
                lambda = 'Lambda'; apigateway = 'ApiGateway'; apigatewayv2 = 'ApiGatewayV2'; cloudtrail = 'CloudTrail'; wafv2 = 'WafV2'
                organizations = 'Organizations'; iam = 'Iam'; elasticloadbalancing = 'ElbV2'; sts = 'Sts'
            }
        }

        It 'Should resolve every service in every region to the endpoint and signing region botocore uses' {
            @($botocore.cases.region | Sort-Object -Unique) | Should -Contain 'eusc-de-east-1'
            @($botocore.cases.region | Sort-Object -Unique) | Should -Contain 'us-isof-south-1'
            $different = @(foreach ($case in $botocore.cases) {
                $endpoint = $public.Resolve([LambdaSec.Aws.AwsServices]::($services[$case.service]), $case.region)
                $got = '{0}://{1} {2}' -f $endpoint.Uri.Scheme, $endpoint.Uri.Authority, $endpoint.SigningRegion
                $want = "$($case.endpoint) $($case.signingRegion)"
                if ($got -ne $want) { "$($case.service) $($case.region): $got, botocore $want" }
            })
            $botocore.cases.Count | Should -BeGreaterThan 400
            $different | Should -BeNullOrEmpty
        }

        It 'Should list the regions of the partition for -AllRegions' {
            [LambdaSec.Collect.AwsRegions]::InPartitionOf('eu-isoe-west-1') | Should -Be @('eu-isoe-west-1')
            [LambdaSec.Collect.AwsRegions]::InPartitionOf('us-gov-east-1') | Should -Be @('us-gov-east-1', 'us-gov-west-1')
        }

        It 'Should refuse a region of no known partition with LambdaSec.UnknownRegion' {
            $err = { $public.Resolve([LambdaSec.Aws.AwsServices]::Lambda, 'xx-nowhere-1') } | Should -Throw -PassThru
            $err.Exception.InnerException.ErrorId | Should -BeExactly 'LambdaSec.UnknownRegion'
            $err.Exception.InnerException.Message | Should -Match 'aws-eusc'
        }
    }

    Context 'When endpoint URLs are configured' {
        It 'Should prefer AWS_ENDPOINT_URL_LAMBDA over AWS_ENDPOINT_URL' {
            $env = @{ AWS_ENDPOINT_URL = 'http://127.0.0.1:1111'; AWS_ENDPOINT_URL_LAMBDA = 'http://127.0.0.1:2222' }
            $resolver = [LambdaSec.Aws.AwsEndpointResolver]::new($null, $null, [Func[string, string]] { param($n) $env[$n] }.GetNewClosure())
            $resolver.Resolve([LambdaSec.Aws.AwsServices]::Lambda, 'us-east-1').Uri.Port | Should -Be 2222
            $resolver.Resolve([LambdaSec.Aws.AwsServices]::Iam, 'us-east-1').Uri.Port | Should -Be 1111
        }

        It 'Should prefer the explicit URL over the environment' {
            $env = @{ AWS_ENDPOINT_URL_LAMBDA = 'http://127.0.0.1:2222' }
            $resolver = [LambdaSec.Aws.AwsEndpointResolver]::new('http://127.0.0.1:3333', $null, [Func[string, string]] { param($n) $env[$n] }.GetNewClosure())
            $resolver.Resolve([LambdaSec.Aws.AwsServices]::Lambda, 'us-east-1').Uri.Port | Should -Be 3333
        }

        It 'Should use AWS public endpoints otherwise, with IAM signed in us-east-1' {
            $resolver = [LambdaSec.Aws.AwsEndpointResolver]::new($null, $null, [Func[string, string]] { param($n) $null })
            $resolver.Resolve([LambdaSec.Aws.AwsServices]::Lambda, 'eu-west-1').Uri.Host | Should -BeExactly 'lambda.eu-west-1.amazonaws.com'
            $iam = $resolver.Resolve([LambdaSec.Aws.AwsServices]::Iam, 'eu-west-1')
            $iam.Uri.Host | Should -BeExactly 'iam.amazonaws.com'
            $iam.SigningRegion | Should -BeExactly 'us-east-1'
        }
    }
}
