# Fidelity tests of src/LambdaSec.Emulator driven by the real AWS CLI: every write builds an estate
# that the CLI's own parsers read back. Run alone:
#   dotnet pwsh -c "Import-Module ~/.nuget/packages/pester/5.7.1/tools/Pester.psd1; Invoke-Pester tests/Emulator.Cli.Tests.ps1 -Output Detailed"
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
    $script:NoCli = -not (Initialize-TestAwsCli)
    if ($script:NoCli) { Write-Warning 'The AWS CLI is missing and could not be installed (apt-get install awscli): the emulator CLI tests are skipped.' }
}

Describe 'LambdaSec.Emulator' -Skip:$script:NoCli {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
        $script:Emu = Start-TestEmulator
        $script:A = '111111111111'
        $script:B = '222222222222'
        function Invoke-EmuCli([string[]] $Arguments, [string] $Account = $script:A, [string] $Region = 'us-east-1') {
            Invoke-TestAwsCli -Emulator $script:Emu -Arguments $Arguments -AccountId $Account -Region $Region
        }
        # Strict mode forbids reading a stats entry the emulator has not created yet (no call so far): 0 then.
        function Get-EmuCalls([string] $Operation) {
            $entry = (Invoke-TestEmulatorAdmin -Emulator $script:Emu -Path '/_emulator/stats').operations.PSObject.Properties[$Operation]
            if ($entry) { $entry.Value.calls } else { 0 }
        }
        # The member names of a CLI answer; an empty answer ({} or nothing) has none.
        function Get-Members($Answer) { if ($null -eq $Answer) { @() } else { @($Answer.PSObject.Properties.Name) } }
        function New-PolicyFile([string] $Name, $Document) {
            $path = Join-Path $TestDrive "$Name.json"
            ($Document | ConvertTo-Json -Depth 20 -Compress) | Set-Content -Path $path -NoNewline
            "file://$path"
        }
        $script:Zip = Join-Path $TestDrive 'code.zip'
        $src = Join-Path $TestDrive 'index.py'
        'def handler(event, context): return 1' | Set-Content $src
        Compress-Archive -Path $src -DestinationPath $script:Zip
        function New-TestFunction([string] $Name, [string] $Account = $script:A, [string] $Region = 'us-east-1', [string] $Runtime = 'python3.12') {
            Invoke-EmuCli @('lambda', 'create-function', '--function-name', $Name, '--runtime', $Runtime, '--handler', 'index.handler',
                '--role', "arn:aws:iam::${Account}:role/lambda-exec", '--zip-file', "fileb://$($script:Zip)") -Account $Account -Region $Region
        }
        $script:LambdaTrust = New-PolicyFile 'trust' @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Principal = @{ Service = 'lambda.amazonaws.com' }; Action = 'sts:AssumeRole' }) }
    }
    AfterAll {
        Stop-TestEmulator $script:Emu
    }

    Context 'When it starts' {
        It 'Should print the listening line first and answer on 127.0.0.1' {
            $script:Emu.FirstLine | Should -Match '^LambdaSec\.Emulator listening on http://127\.0\.0\.1:\d+$'
            (Invoke-TestEmulatorAdmin -Emulator $script:Emu -Path '/_emulator/health').status | Should -Be 'ok'
        }
    }

    Context 'When a web page tries the admin API (docs/hostile-input.md)' {
        It 'Should refuse <Case> with HTTP <Status> and not load its estate' -ForEach @(
            @{ Case = 'a cross-site text/plain POST'; HostHeader = $null; ContentType = 'text/plain'; Status = 415 }
            @{ Case = 'a form POST'; HostHeader = $null; ContentType = 'application/x-www-form-urlencoded'; Status = 415 }
            @{ Case = 'a JSON POST with a foreign Host (DNS rebinding)'; HostHeader = 'evil.example'; ContentType = 'application/json'; Status = 403 }
        ) {
            $client = [Net.Http.HttpClient]::new()
            try {
                $request = [Net.Http.HttpRequestMessage]::new([Net.Http.HttpMethod]::Post, "$($script:Emu.EndpointUrl)/_emulator/scenario")
                $request.Content = [Net.Http.StringContent]::new('{"accounts":[{"id":"999999999999"}]}', [Text.Encoding]::UTF8, $ContentType)
                if ($HostHeader) { $request.Headers.Host = $HostHeader }
                $null = $request.Headers.TryAddWithoutValidation('Origin', 'https://evil.example')
                $response = $client.SendAsync($request).GetAwaiter().GetResult()
                [int]$response.StatusCode | Should -Be $Status
            }
            finally { $client.Dispose() }
            (Invoke-TestEmulatorAdmin -Emulator $script:Emu -Path '/_emulator/accounts' | ConvertTo-Json -Depth 5 -Compress) | Should -Not -Match '999999999999'
        }
    }

    Context 'When Lambda functions are created and read with the AWS CLI' {
        BeforeAll {
            $script:Created = New-TestFunction 'fn-basic'
            Invoke-EmuCli @('lambda', 'create-function', '--function-name', 'fn-image', '--package-type', 'Image', '--code', "ImageUri=$($script:A).dkr.ecr.us-east-1.amazonaws.com/app:1",
                '--role', "arn:aws:iam::$($script:A):role/lambda-exec", '--memory-size', '1024', '--timeout', '60', '--architectures', 'arm64',
                '--vpc-config', 'SubnetIds=subnet-1,subnet-2,SecurityGroupIds=sg-1', '--environment', 'Variables={STAGE=prod}',
                '--tracing-config', 'Mode=Active', '--layers', "arn:aws:lambda:us-east-1:$($script:A):layer:shared:3",
                '--kms-key-arn', "arn:aws:kms:us-east-1:$($script:A):key/1234") | Out-Null
        }
        It 'Should return the configuration from create-function' {
            $script:Created.FunctionArn | Should -Be "arn:aws:lambda:us-east-1:$($script:A):function:fn-basic"
            $script:Created.Runtime | Should -Be 'python3.12'
            $script:Created.Version | Should -Be '$LATEST'
            $script:Created.PackageType | Should -Be 'Zip'
            $script:Created.RevisionId | Should -Not -BeNullOrEmpty
        }
        It 'Should store image functions with their settings' {
            $c = Invoke-EmuCli @('lambda', 'get-function-configuration', '--function-name', 'fn-image')
            $c.PackageType | Should -Be 'Image'
            $c.PSObject.Properties.Name | Should -Not -Contain 'Runtime'
            $c.MemorySize | Should -Be 1024
            $c.Timeout | Should -Be 60
            $c.Architectures | Should -Be @('arm64')
            $c.VpcConfig.SubnetIds | Should -Be @('subnet-1', 'subnet-2')
            $c.Environment.Variables.STAGE | Should -Be 'prod'
            $c.TracingConfig.Mode | Should -Be 'Active'
            $c.Layers[0].Arn | Should -Match ':layer:shared:3$'
            $c.KMSKeyArn | Should -Match ':key/1234$'
            (Invoke-EmuCli @('lambda', 'get-function', '--function-name', 'fn-image')).Code.RepositoryType | Should -Be 'ECR'
        }
        It 'Should find a function by its full ARN' {
            (Invoke-EmuCli @('lambda', 'get-function', '--function-name', $script:Created.FunctionArn)).Configuration.FunctionName | Should -Be 'fn-basic'
        }
        It 'Should page ListFunctions through NextMarker' {
            1..4 | ForEach-Object { New-TestFunction "fn-page-$_" | Out-Null }
            $before = Get-EmuCalls 'lambda:ListFunctions'
            $all = Invoke-EmuCli @('lambda', 'list-functions', '--page-size', '2')
            $names = $all.Functions.FunctionName
            $names | Should -Contain 'fn-page-4'
            $names | Should -Contain 'fn-basic'
            ($names | Sort-Object -Unique).Count | Should -Be $names.Count
            $calls = (Get-EmuCalls 'lambda:ListFunctions') - $before
            $calls | Should -BeGreaterOrEqual 3
        }
        It 'Should refuse a duplicate function with ResourceConflictException' {
            { New-TestFunction 'fn-basic' } | Should -Throw '*ResourceConflictException*'
        }
        It 'Should answer ResourceNotFoundException for a missing function' {
            { Invoke-EmuCli @('lambda', 'get-function', '--function-name', 'nope') } | Should -Throw '*ResourceNotFoundException*Function not found*'
        }
        It 'Should refuse a Zip function without a runtime with InvalidParameterValueException' {
            { Invoke-EmuCli @('lambda', 'create-function', '--function-name', 'no-runtime', '--handler', 'x', '--role', "arn:aws:iam::$($script:A):role/r", '--zip-file', "fileb://$($script:Zip)") } |
                Should -Throw '*InvalidParameterValueException*'
        }
        It 'Should delete a function' {
            New-TestFunction 'fn-delete-me' | Out-Null
            Invoke-EmuCli @('lambda', 'delete-function', '--function-name', 'fn-delete-me') | Out-Null
            { Invoke-EmuCli @('lambda', 'get-function', '--function-name', 'fn-delete-me') } | Should -Throw '*ResourceNotFoundException*'
        }
    }

    Context 'When permissions are added and removed' {
        BeforeAll {
            New-TestFunction 'fn-perm' | Out-Null
            function Get-Statements([string] $Name, [string] $Qualifier) {
                $cliArgs = @('lambda', 'get-policy', '--function-name', $Name)
                if ($Qualifier) { $cliArgs += @('--qualifier', $Qualifier) }
                $p = Invoke-EmuCli $cliArgs
                @(($p.Policy | ConvertFrom-Json).Statement)
            }
        }
        It 'Should answer ResourceNotFoundException from get-policy before any grant' {
            { Invoke-EmuCli @('lambda', 'get-policy', '--function-name', 'fn-perm') } | Should -Throw '*ResourceNotFoundException*'
        }
        It 'Should write a service principal with ArnLike AWS:SourceArn and StringEquals AWS:SourceAccount' {
            $r = Invoke-EmuCli @('lambda', 'add-permission', '--function-name', 'fn-perm', '--statement-id', 's3', '--action', 'lambda:InvokeFunction',
                '--principal', 's3.amazonaws.com', '--source-arn', 'arn:aws:s3:::bucket-a', '--source-account', $script:A)
            $s = $r.Statement | ConvertFrom-Json
            $s.Principal.Service | Should -Be 's3.amazonaws.com'
            $s.Effect | Should -Be 'Allow'
            $s.Resource | Should -Be "arn:aws:lambda:us-east-1:$($script:A):function:fn-perm"
            $s.Condition.ArnLike.'AWS:SourceArn' | Should -Be 'arn:aws:s3:::bucket-a'
            $s.Condition.StringEquals.'AWS:SourceAccount' | Should -Be $script:A
        }
        It 'Should write an account principal as its root ARN' {
            $s = (Invoke-EmuCli @('lambda', 'add-permission', '--function-name', 'fn-perm', '--statement-id', 'acct', '--action', 'lambda:InvokeFunction', '--principal', $script:B)).Statement | ConvertFrom-Json
            $s.Principal.AWS | Should -Be "arn:aws:iam::$($script:B):root"
        }
        It 'Should write "*" with aws:PrincipalOrgID' {
            $s = (Invoke-EmuCli @('lambda', 'add-permission', '--function-name', 'fn-perm', '--statement-id', 'org', '--action', 'lambda:InvokeFunction', '--principal', '*', '--principal-org-id', 'o-abcdefghij')).Statement | ConvertFrom-Json
            $s.Principal | Should -Be '*'
            $s.Condition.StringEquals.'aws:PrincipalOrgID' | Should -Be 'o-abcdefghij'
        }
        It 'Should write lambda:FunctionUrlAuthType for URL grants' {
            $s = (Invoke-EmuCli @('lambda', 'add-permission', '--function-name', 'fn-perm', '--statement-id', 'url', '--action', 'lambda:InvokeFunctionUrl', '--principal', '*', '--function-url-auth-type', 'NONE')).Statement | ConvertFrom-Json
            $s.Condition.StringEquals.'lambda:FunctionUrlAuthType' | Should -Be 'NONE'
            (Get-Statements 'fn-perm').Sid | Should -Be @('s3', 'acct', 'org', 'url')
        }
        It 'Should refuse a duplicate statement id with ResourceConflictException' {
            { Invoke-EmuCli @('lambda', 'add-permission', '--function-name', 'fn-perm', '--statement-id', 's3', '--action', 'lambda:InvokeFunction', '--principal', '*') } | Should -Throw '*ResourceConflictException*'
        }
        It 'Should refuse an invalid principal with InvalidParameterValueException' {
            { Invoke-EmuCli @('lambda', 'add-permission', '--function-name', 'fn-perm', '--statement-id', 'bad', '--action', 'lambda:InvokeFunction', '--principal', 'not a principal') } | Should -Throw '*InvalidParameterValueException*'
        }
        It 'Should refuse a malformed source account with ValidationException' {
            { Invoke-EmuCli @('lambda', 'add-permission', '--function-name', 'fn-perm', '--statement-id', 'bad2', '--action', 'lambda:InvokeFunction', '--principal', 's3.amazonaws.com', '--source-account', '123') } | Should -Throw '*ValidationException*'
        }
        It 'Should remove with the current RevisionId and refuse a stale one with PreconditionFailedException' {
            $policy = Invoke-EmuCli @('lambda', 'get-policy', '--function-name', 'fn-perm')
            { Invoke-EmuCli @('lambda', 'remove-permission', '--function-name', 'fn-perm', '--statement-id', 'url', '--revision-id', '00000000-0000-0000-0000-000000000000') } | Should -Throw '*PreconditionFailedException*'
            Invoke-EmuCli @('lambda', 'remove-permission', '--function-name', 'fn-perm', '--statement-id', 'url', '--revision-id', $policy.RevisionId) | Out-Null
            (Get-Statements 'fn-perm').Sid | Should -Not -Contain 'url'
            (Invoke-EmuCli @('lambda', 'get-policy', '--function-name', 'fn-perm')).RevisionId | Should -Not -Be $policy.RevisionId
        }
        It 'Should answer ResourceNotFoundException when removing an unknown statement' {
            { Invoke-EmuCli @('lambda', 'remove-permission', '--function-name', 'fn-perm', '--statement-id', 'nope') } | Should -Throw '*ResourceNotFoundException*'
        }
        It 'Should keep alias policies separate from the function policy' {
            Invoke-EmuCli @('lambda', 'publish-version', '--function-name', 'fn-perm') | Out-Null
            Invoke-EmuCli @('lambda', 'create-alias', '--function-name', 'fn-perm', '--name', 'live', '--function-version', '1') | Out-Null
            $s = (Invoke-EmuCli @('lambda', 'add-permission', '--function-name', 'fn-perm', '--qualifier', 'live', '--statement-id', 'alias-public', '--action', 'lambda:InvokeFunction', '--principal', '*')).Statement | ConvertFrom-Json
            $s.Resource | Should -Be "arn:aws:lambda:us-east-1:$($script:A):function:fn-perm:live"
            (Get-Statements 'fn-perm' 'live').Sid | Should -Be @('alias-public')
            (Get-Statements 'fn-perm').Sid | Should -Not -Contain 'alias-public'
        }
    }

    Context 'When function URLs, concurrency, versions and aliases are managed' {
        BeforeAll { New-TestFunction 'fn-url' | Out-Null }
        It 'Should create, read, update, list and delete a function URL' {
            $u = Invoke-EmuCli @('lambda', 'create-function-url-config', '--function-name', 'fn-url', '--auth-type', 'NONE', '--cors', 'AllowOrigins=*,AllowMethods=GET')
            $u.FunctionUrl | Should -Match '^https://[a-z0-9]{32}\.lambda-url\.us-east-1\.on\.aws/$'
            $u.AuthType | Should -Be 'NONE'
            $u.Cors.AllowOrigins | Should -Be @('*')
            { Invoke-EmuCli @('lambda', 'create-function-url-config', '--function-name', 'fn-url', '--auth-type', 'NONE') } | Should -Throw '*ResourceConflictException*'
            (Invoke-EmuCli @('lambda', 'update-function-url-config', '--function-name', 'fn-url', '--auth-type', 'AWS_IAM')).AuthType | Should -Be 'AWS_IAM'
            (Invoke-EmuCli @('lambda', 'get-function-url-config', '--function-name', 'fn-url')).AuthType | Should -Be 'AWS_IAM'
            (Invoke-EmuCli @('lambda', 'list-function-url-configs', '--function-name', 'fn-url')).FunctionUrlConfigs.Count | Should -Be 1
            Invoke-EmuCli @('lambda', 'delete-function-url-config', '--function-name', 'fn-url') | Out-Null
            { Invoke-EmuCli @('lambda', 'get-function-url-config', '--function-name', 'fn-url') } | Should -Throw '*ResourceNotFoundException*'
        }
        It 'Should put, get and delete reserved concurrency and reflect it in the account settings' {
            (Invoke-EmuCli @('lambda', 'put-function-concurrency', '--function-name', 'fn-url', '--reserved-concurrent-executions', '50')).ReservedConcurrentExecutions | Should -Be 50
            (Invoke-EmuCli @('lambda', 'get-function-concurrency', '--function-name', 'fn-url')).ReservedConcurrentExecutions | Should -Be 50
            $settings = Invoke-EmuCli @('lambda', 'get-account-settings')
            $settings.AccountLimit.ConcurrentExecutions | Should -Be 1000
            $settings.AccountLimit.UnreservedConcurrentExecutions | Should -Be 950
            { Invoke-EmuCli @('lambda', 'put-function-concurrency', '--function-name', 'fn-url', '--reserved-concurrent-executions', '950') } | Should -Throw '*InvalidParameterValueException*'
            Invoke-EmuCli @('lambda', 'delete-function-concurrency', '--function-name', 'fn-url') | Out-Null
            Get-Members (Invoke-EmuCli @('lambda', 'get-function-concurrency', '--function-name', 'fn-url')) | Should -Not -Contain 'ReservedConcurrentExecutions'
        }
        It 'Should publish versions and list them with aliases' {
            (Invoke-EmuCli @('lambda', 'publish-version', '--function-name', 'fn-url')).Version | Should -Be '1'
            Invoke-EmuCli @('lambda', 'create-alias', '--function-name', 'fn-url', '--name', 'prod', '--function-version', '1') | Out-Null
            (Invoke-EmuCli @('lambda', 'list-versions-by-function', '--function-name', 'fn-url')).Versions.Version | Should -Be @('$LATEST', '1')
            (Invoke-EmuCli @('lambda', 'list-aliases', '--function-name', 'fn-url')).Aliases.AliasArn | Should -Be @("arn:aws:lambda:us-east-1:$($script:A):function:fn-url:prod")
            (Invoke-EmuCli @('lambda', 'get-function-configuration', '--function-name', 'fn-url', '--qualifier', 'prod')).FunctionArn | Should -Match ':fn-url:1$'
        }
        It 'Should create and list event source mappings' {
            Invoke-EmuCli @('lambda', 'create-event-source-mapping', '--function-name', 'fn-url', '--event-source-arn', "arn:aws:sqs:us-east-1:$($script:A):queue") | Out-Null
            (Invoke-EmuCli @('lambda', 'list-event-source-mappings', '--function-name', 'fn-url')).EventSourceMappings[0].EventSourceArn | Should -Match ':queue$'
        }
    }

    Context 'When CloudTrail is queried after Lambda changes' {
        BeforeAll {
            New-TestFunction 'fn-trail' | Out-Null
            Invoke-EmuCli @('lambda', 'add-permission', '--function-name', 'fn-trail', '--statement-id', 'pub', '--action', 'lambda:InvokeFunction', '--principal', '*') | Out-Null
            Invoke-EmuCli @('lambda', 'create-function-url-config', '--function-name', 'fn-trail', '--auth-type', 'NONE') | Out-Null
            Invoke-EmuCli @('lambda', 'remove-permission', '--function-name', 'fn-trail', '--statement-id', 'pub') | Out-Null
        }
        It 'Should record AddPermission20150331v2 with the real record shape' {
            $r = Invoke-EmuCli @('cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=ResourceName,AttributeValue=fn-trail')
            $names = $r.Events.EventName
            $names | Should -Contain 'CreateFunction20150331'
            $names | Should -Contain 'AddPermission20150331v2'
            $names | Should -Contain 'CreateFunctionUrlConfig20211031'
            $names | Should -Contain 'RemovePermission20150331v2'
            $add = $r.Events | Where-Object EventName -EQ 'AddPermission20150331v2'
            $add.EventSource | Should -Be 'lambda.amazonaws.com'
            $add.Resources[0].ResourceName | Should -Be 'fn-trail'
            $record = $add.CloudTrailEvent | ConvertFrom-Json
            $record.eventSource | Should -Be 'lambda.amazonaws.com'
            $record.userIdentity.accountId | Should -Be $script:A
            $record.requestParameters.principal | Should -Be '*'
            $record.requestParameters.functionName | Should -Be 'fn-trail'
            ($record.responseElements.statement | ConvertFrom-Json).Sid | Should -Be 'pub'
            $record.userAgent | Should -Match 'aws-cli'
        }
        It 'Should filter by EventName and return newest first' {
            $r = Invoke-EmuCli @('cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=RemovePermission20150331v2')
            @($r.Events).Count | Should -BeGreaterOrEqual 1
            $r.Events.EventName | Sort-Object -Unique | Should -Be 'RemovePermission20150331v2'
            $all = Invoke-EmuCli @('cloudtrail', 'lookup-events')
            $times = @($all.Events.EventTime)
            for ($i = 1; $i -lt $times.Count; $i++) { $times[$i - 1] | Should -BeGreaterOrEqual $times[$i] }
        }
        It 'Should page with NextToken' {
            $before = (Invoke-TestEmulatorAdmin -Emulator $script:Emu -Path '/_emulator/stats').operations.'cloudtrail:LookupEvents'.calls
            $r = Invoke-EmuCli @('cloudtrail', 'lookup-events', '--page-size', '1', '--lookup-attributes', 'AttributeKey=ResourceName,AttributeValue=fn-trail')
            @($r.Events).Count | Should -Be 4
            (Invoke-TestEmulatorAdmin -Emulator $script:Emu -Path '/_emulator/stats').operations.'cloudtrail:LookupEvents'.calls - $before | Should -BeGreaterOrEqual 4
        }
        It 'Should refuse two lookup attributes with InvalidLookupAttributesException' {
            { Invoke-EmuCli @('cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=EventName,AttributeValue=a', 'AttributeKey=Username,AttributeValue=b') } | Should -Throw '*InvalidLookupAttributesException*'
        }
    }

    Context 'When IAM roles and policies are built' {
        BeforeAll {
            $script:Role = Invoke-EmuCli @('iam', 'create-role', '--role-name', 'app-role', '--assume-role-policy-document', $script:LambdaTrust)
            Invoke-EmuCli @('iam', 'put-role-policy', '--role-name', 'app-role', '--policy-name', 'inline-s3', '--policy-document',
                (New-PolicyFile 'inline' @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Action = 's3:*'; Resource = '*' }) })) | Out-Null
            $script:Policy = Invoke-EmuCli @('iam', 'create-policy', '--policy-name', 'deploy', '--policy-document',
                (New-PolicyFile 'v1' @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Action = 'lambda:GetFunction'; Resource = '*' }) }))
            Invoke-EmuCli @('iam', 'create-policy-version', '--policy-arn', $script:Policy.Policy.Arn, '--set-as-default', '--policy-document',
                (New-PolicyFile 'v2' @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; Action = @('iam:PassRole', 'lambda:CreateFunction'); Resource = '*' }) })) | Out-Null
            Invoke-EmuCli @('iam', 'attach-role-policy', '--role-name', 'app-role', '--policy-arn', $script:Policy.Policy.Arn) | Out-Null
            Invoke-EmuCli @('iam', 'attach-role-policy', '--role-name', 'app-role', '--policy-arn', 'arn:aws:iam::aws:policy/AdministratorAccess') | Out-Null
            $script:Boundary = Invoke-EmuCli @('iam', 'create-policy', '--policy-name', 'boundary', '--policy-document',
                (New-PolicyFile 'b' @{ Version = '2012-10-17'; Statement = @(@{ Effect = 'Allow'; NotAction = 'iam:*'; Resource = '*' }) }))
            Invoke-EmuCli @('iam', 'put-role-permissions-boundary', '--role-name', 'app-role', '--permissions-boundary', $script:Boundary.Policy.Arn) | Out-Null
        }
        It 'Should return the role with its decoded trust policy and boundary' {
            $script:Role.Role.Arn | Should -Be "arn:aws:iam::$($script:A):role/app-role"
            $r = (Invoke-EmuCli @('iam', 'get-role', '--role-name', 'app-role')).Role
            $r.AssumeRolePolicyDocument.Statement[0].Principal.Service | Should -Be 'lambda.amazonaws.com'
            $r.PermissionsBoundary.PermissionsBoundaryArn | Should -Be $script:Boundary.Policy.Arn
            $r.PermissionsBoundary.PermissionsBoundaryType | Should -Be 'Policy'
        }
        It 'Should read back inline policies' {
            (Invoke-EmuCli @('iam', 'list-role-policies', '--role-name', 'app-role')).PolicyNames | Should -Be @('inline-s3')
            (Invoke-EmuCli @('iam', 'get-role-policy', '--role-name', 'app-role', '--policy-name', 'inline-s3')).PolicyDocument.Statement[0].Action | Should -Be 's3:*'
        }
        It 'Should make the new version the default and serve both versions' {
            $p = (Invoke-EmuCli @('iam', 'get-policy', '--policy-arn', $script:Policy.Policy.Arn)).Policy
            $p.DefaultVersionId | Should -Be 'v2'
            $p.AttachmentCount | Should -Be 1
            $v = (Invoke-EmuCli @('iam', 'get-policy-version', '--policy-arn', $script:Policy.Policy.Arn, '--version-id', 'v2')).PolicyVersion
            $v.IsDefaultVersion | Should -BeTrue
            $v.Document.Statement[0].Action | Should -Be @('iam:PassRole', 'lambda:CreateFunction')
            (Invoke-EmuCli @('iam', 'get-policy-version', '--policy-arn', $script:Policy.Policy.Arn, '--version-id', 'v1')).PolicyVersion.IsDefaultVersion | Should -BeFalse
        }
        It 'Should list attached managed policies, AWS managed included' {
            (Invoke-EmuCli @('iam', 'list-attached-role-policies', '--role-name', 'app-role')).AttachedPolicies.PolicyName | Should -Be @('deploy', 'AdministratorAccess')
            (Invoke-EmuCli @('iam', 'get-policy-version', '--policy-arn', 'arn:aws:iam::aws:policy/AdministratorAccess', '--version-id', 'v1')).PolicyVersion.Document.Statement[0].Action | Should -Be '*'
        }
        It 'Should page GetAccountAuthorizationDetails with Marker and IsTruncated' {
            $before = Get-EmuCalls 'iam:GetAccountAuthorizationDetails'
            $d = Invoke-EmuCli @('iam', 'get-account-authorization-details', '--page-size', '1')
            $calls = (Get-EmuCalls 'iam:GetAccountAuthorizationDetails') - $before
            $calls | Should -BeGreaterThan 1
            $role = $d.RoleDetailList | Where-Object RoleName -EQ 'app-role'
            $role.RolePolicyList[0].PolicyDocument.Statement[0].Action | Should -Be 's3:*'
            $role.AttachedManagedPolicies.PolicyName | Should -Contain 'AdministratorAccess'
            $role.PermissionsBoundary.PermissionsBoundaryArn | Should -Be $script:Boundary.Policy.Arn
            $deploy = $d.Policies | Where-Object PolicyName -EQ 'deploy'
            $deploy.PolicyVersionList.Count | Should -Be 2
            ($deploy.PolicyVersionList | Where-Object IsDefaultVersion).VersionId | Should -Be 'v2'
            $d.Policies.PolicyName | Should -Contain 'AdministratorAccess'
        }
        It 'Should complete a service-last-accessed job' {
            $job = Invoke-EmuCli @('iam', 'generate-service-last-accessed-details', '--arn', $script:Role.Role.Arn)
            $r = Invoke-EmuCli @('iam', 'get-service-last-accessed-details', '--job-id', $job.JobId)
            $r.JobStatus | Should -Be 'COMPLETED'
            $r.ServicesLastAccessed.ServiceNamespace | Should -Contain 's3'
        }
        It 'Should answer NoSuchEntity and EntityAlreadyExists like IAM' {
            { Invoke-EmuCli @('iam', 'get-role', '--role-name', 'missing') } | Should -Throw '*NoSuchEntity*'
            { Invoke-EmuCli @('iam', 'create-role', '--role-name', 'app-role', '--assume-role-policy-document', $script:LambdaTrust) } | Should -Throw '*EntityAlreadyExists*'
            { Invoke-EmuCli @('iam', 'put-role-policy', '--role-name', 'app-role', '--policy-name', 'bad', '--policy-document', 'not json') } | Should -Throw '*MalformedPolicyDocument*'
        }
    }

    Context 'When several accounts and AssumeRole are used' {
        BeforeAll {
            New-TestFunction 'fn-only-a' | Out-Null
            New-TestFunction 'fn-shared-name' | Out-Null
            New-TestFunction 'fn-shared-name' -Account $script:B | Out-Null
            Invoke-EmuCli @('iam', 'create-role', '--role-name', 'auditor', '--assume-role-policy-document', $script:LambdaTrust) -Account $script:B | Out-Null
        }
        It 'Should keep each account''s functions apart' {
            (Invoke-EmuCli @('lambda', 'list-functions') -Account $script:B).Functions.FunctionName | Should -Not -Contain 'fn-only-a'
            (Invoke-EmuCli @('lambda', 'get-function', '--function-name', 'fn-shared-name') -Account $script:B).Configuration.FunctionArn | Should -Be "arn:aws:lambda:us-east-1:$($script:B):function:fn-shared-name"
            { Invoke-EmuCli @('lambda', 'get-function', '--function-name', 'fn-only-a') -Account $script:B } | Should -Throw '*ResourceNotFoundException*'
        }
        It 'Should keep each region''s functions apart' {
            @((Invoke-EmuCli @('lambda', 'list-functions') -Region 'eu-west-1').Functions | ForEach-Object FunctionName) | Should -Not -Contain 'fn-only-a'
        }
        It 'Should use the default account for a key that is not 12 digits' {
            (Invoke-TestAwsCli -Emulator $script:Emu -Arguments @('sts', 'get-caller-identity') -AccessKeyId 'AKIAEXAMPLE').Account | Should -Be '123456789012'
        }
        It 'Should answer GetCallerIdentity with the caller''s account' {
            $id = Invoke-EmuCli @('sts', 'get-caller-identity') -Account $script:B
            $id.Account | Should -Be $script:B
            $id.Arn | Should -Be "arn:aws:iam::$($script:B):root"
        }
        It 'Should issue AssumeRole credentials that act in the role''s account' {
            $c = (Invoke-EmuCli @('sts', 'assume-role', '--role-arn', "arn:aws:iam::$($script:B):role/auditor", '--role-session-name', 'audit')).Credentials
            $c.AccessKeyId | Should -Match '^ASIA'
            $id = Invoke-TestAwsCli -Emulator $script:Emu -Arguments @('sts', 'get-caller-identity') -AccessKeyId $c.AccessKeyId -SecretAccessKey $c.SecretAccessKey -SessionToken $c.SessionToken
            $id.Account | Should -Be $script:B
            $id.Arn | Should -Be "arn:aws:sts::$($script:B):assumed-role/auditor/audit"
            $fns = Invoke-TestAwsCli -Emulator $script:Emu -Arguments @('lambda', 'list-functions') -AccessKeyId $c.AccessKeyId -SecretAccessKey $c.SecretAccessKey -SessionToken $c.SessionToken
            $fns.Functions.FunctionArn | Should -Contain "arn:aws:lambda:us-east-1:$($script:B):function:fn-shared-name"
        }
        It 'Should deny AssumeRole into a role that does not exist' {
            { Invoke-EmuCli @('sts', 'assume-role', '--role-arn', "arn:aws:iam::$($script:B):role/nope", '--role-session-name', 'xy') } | Should -Throw '*AccessDenied*'
        }
    }

    Context 'When an organization lists its accounts' {
        It 'Should create the organization and accounts, list them, and refuse non-members' {
            $org = (Invoke-EmuCli @('organizations', 'create-organization', '--feature-set', 'ALL') -Account '555555555555').Organization
            $org.MasterAccountId | Should -Be '555555555555'
            $org.Id | Should -Match '^o-[a-z0-9]{10}$'
            $status = (Invoke-EmuCli @('organizations', 'create-account', '--account-name', 'dev', '--email', 'dev@example.com') -Account '555555555555').CreateAccountStatus
            $status.State | Should -Be 'SUCCEEDED'
            $accounts = (Invoke-EmuCli @('organizations', 'list-accounts') -Account '555555555555').Accounts
            $accounts.Id | Should -Be @('555555555555', $status.AccountId)
            $accounts[1].Arn | Should -Be "arn:aws:organizations::555555555555:account/$($org.Id)/$($status.AccountId)"
            (Invoke-EmuCli @('organizations', 'describe-organization') -Account $status.AccountId).Organization.Id | Should -Be $org.Id
            { Invoke-EmuCli @('organizations', 'list-accounts') -Account $status.AccountId } | Should -Throw '*AccessDeniedException*'
            { Invoke-EmuCli @('organizations', 'describe-organization') -Account '666666666666' } | Should -Throw '*AWSOrganizationsNotInUseException*'
        }
        It 'Should place accounts under the root with the FullAWSAccess service control policy' {
            $root = (Invoke-EmuCli @('organizations', 'list-roots') -Account '555555555555').Roots[0]
            $root.Id | Should -Match '^r-'
            (Invoke-EmuCli @('organizations', 'list-parents', '--child-id', '555555555555') -Account '555555555555').Parents[0].Id | Should -Be $root.Id
            (Invoke-EmuCli @('organizations', 'list-organizational-units-for-parent', '--parent-id', $root.Id) -Account '555555555555').OrganizationalUnits.Count | Should -Be 0
            $scp = (Invoke-EmuCli @('organizations', 'list-policies', '--filter', 'SERVICE_CONTROL_POLICY') -Account '555555555555').Policies[0]
            $scp.Name | Should -Be 'FullAWSAccess'
            ((Invoke-EmuCli @('organizations', 'describe-policy', '--policy-id', $scp.Id) -Account '555555555555').Policy.Content | ConvertFrom-Json).Statement[0].Action | Should -Be '*'
            (Invoke-EmuCli @('organizations', 'list-targets-for-policy', '--policy-id', $scp.Id) -Account '555555555555').Targets[0].TargetId | Should -Be $root.Id
        }
    }

    Context 'When API Gateway REST and HTTP APIs front a function' {
        BeforeAll {
            $script:ApiFn = (New-TestFunction 'fn-api').FunctionArn
            $script:Rest = Invoke-EmuCli @('apigateway', 'create-rest-api', '--name', 'orders', '--endpoint-configuration', 'types=REGIONAL')
            $res = Invoke-EmuCli @('apigateway', 'create-resource', '--rest-api-id', $script:Rest.id, '--parent-id', $script:Rest.rootResourceId, '--path-part', 'orders')
            $script:ResId = $res.id
            Invoke-EmuCli @('apigateway', 'put-method', '--rest-api-id', $script:Rest.id, '--resource-id', $res.id, '--http-method', 'GET', '--authorization-type', 'NONE') | Out-Null
            Invoke-EmuCli @('apigateway', 'put-method', '--rest-api-id', $script:Rest.id, '--resource-id', $res.id, '--http-method', 'POST', '--authorization-type', 'AWS_IAM', '--api-key-required') | Out-Null
            Invoke-EmuCli @('apigateway', 'put-integration', '--rest-api-id', $script:Rest.id, '--resource-id', $res.id, '--http-method', 'GET', '--type', 'AWS_PROXY',
                '--integration-http-method', 'POST', '--uri', "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/$($script:ApiFn)/invocations") | Out-Null
            $script:Deployment = Invoke-EmuCli @('apigateway', 'create-deployment', '--rest-api-id', $script:Rest.id)
            Invoke-EmuCli @('apigateway', 'create-stage', '--rest-api-id', $script:Rest.id, '--stage-name', 'prod', '--deployment-id', $script:Deployment.id) | Out-Null
        }
        It 'Should list the REST API and its resources with embedded methods' {
            (Invoke-EmuCli @('apigateway', 'get-rest-apis')).items.name | Should -Contain 'orders'
            $items = (Invoke-EmuCli @('apigateway', 'get-resources', '--rest-api-id', $script:Rest.id, '--embed', 'methods')).items
            $orders = $items | Where-Object path -EQ '/orders'
            $orders.resourceMethods.GET.authorizationType | Should -Be 'NONE'
            $orders.resourceMethods.GET.methodIntegration.type | Should -Be 'AWS_PROXY'
            $orders.resourceMethods.GET.methodIntegration.uri | Should -Match ([regex]::Escape($script:ApiFn))
            $orders.resourceMethods.POST.authorizationType | Should -Be 'AWS_IAM'
            $orders.resourceMethods.POST.apiKeyRequired | Should -BeTrue
        }
        It 'Should return one method with get-method and refuse unknown ones' {
            (Invoke-EmuCli @('apigateway', 'get-method', '--rest-api-id', $script:Rest.id, '--resource-id', $script:ResId, '--http-method', 'GET')).methodIntegration.httpMethod | Should -Be 'POST'
            { Invoke-EmuCli @('apigateway', 'get-method', '--rest-api-id', $script:Rest.id, '--resource-id', $script:ResId, '--http-method', 'PUT') } | Should -Throw '*NotFoundException*'
        }
        It 'Should refuse CUSTOM authorization without an authorizer' {
            { Invoke-EmuCli @('apigateway', 'put-method', '--rest-api-id', $script:Rest.id, '--resource-id', $script:ResId, '--http-method', 'DELETE', '--authorization-type', 'CUSTOM') } | Should -Throw '*BadRequestException*'
        }
        It 'Should list stages without a web ACL' {
            $stage = (Invoke-EmuCli @('apigateway', 'get-stages', '--rest-api-id', $script:Rest.id)).item | Where-Object stageName -EQ 'prod'
            $stage.deploymentId | Should -Be $script:Deployment.id
            $stage.PSObject.Properties.Name | Should -Not -Contain 'webAclArn'
        }
        It 'Should build an HTTP API with routes, integrations and stages' {
            $api = Invoke-EmuCli @('apigatewayv2', 'create-api', '--name', 'http-orders', '--protocol-type', 'HTTP')
            $api.ApiEndpoint | Should -Be "https://$($api.ApiId).execute-api.us-east-1.amazonaws.com"
            $int = Invoke-EmuCli @('apigatewayv2', 'create-integration', '--api-id', $api.ApiId, '--integration-type', 'AWS_PROXY', '--integration-uri', $script:ApiFn, '--payload-format-version', '2.0')
            Invoke-EmuCli @('apigatewayv2', 'create-route', '--api-id', $api.ApiId, '--route-key', 'GET /orders', '--target', "integrations/$($int.IntegrationId)") | Out-Null
            Invoke-EmuCli @('apigatewayv2', 'create-route', '--api-id', $api.ApiId, '--route-key', 'POST /orders', '--authorization-type', 'AWS_IAM', '--target', "integrations/$($int.IntegrationId)") | Out-Null
            Invoke-EmuCli @('apigatewayv2', 'create-stage', '--api-id', $api.ApiId, '--stage-name', '$default', '--auto-deploy') | Out-Null
            (Invoke-EmuCli @('apigatewayv2', 'get-apis')).Items.Name | Should -Contain 'http-orders'
            $routes = (Invoke-EmuCli @('apigatewayv2', 'get-routes', '--api-id', $api.ApiId)).Items
            ($routes | Where-Object RouteKey -EQ 'GET /orders').AuthorizationType | Should -Be 'NONE'
            ($routes | Where-Object RouteKey -EQ 'POST /orders').AuthorizationType | Should -Be 'AWS_IAM'
            (Invoke-EmuCli @('apigatewayv2', 'get-integrations', '--api-id', $api.ApiId)).Items[0].IntegrationUri | Should -Be $script:ApiFn
            (Invoke-EmuCli @('apigatewayv2', 'get-stages', '--api-id', $api.ApiId)).Items[0].StageName | Should -Be '$default'
            { Invoke-EmuCli @('apigatewayv2', 'create-route', '--api-id', $api.ApiId, '--route-key', 'GET /jwt', '--authorization-type', 'JWT') } | Should -Throw '*BadRequestException*'
        }
    }

    Context 'When an Application Load Balancer forwards to a function and WAF protects entry points' {
        BeforeAll {
            $script:AlbFn = (New-TestFunction 'fn-alb').FunctionArn
            $script:Lb = (Invoke-EmuCli @('elbv2', 'create-load-balancer', '--name', 'public-alb', '--subnets', 'subnet-a', 'subnet-b', '--scheme', 'internet-facing')).LoadBalancers[0]
            $script:Tg = (Invoke-EmuCli @('elbv2', 'create-target-group', '--name', 'fn-alb-tg', '--target-type', 'lambda')).TargetGroups[0]
        }
        It 'Should refuse to register a function that has not granted elasticloadbalancing invoke rights' {
            { Invoke-EmuCli @('elbv2', 'register-targets', '--target-group-arn', $script:Tg.TargetGroupArn, '--targets', "Id=$($script:AlbFn)") } | Should -Throw '*AccessDenied*'
        }
        It 'Should register the function, forward a listener to it and describe everything' {
            Invoke-EmuCli @('lambda', 'add-permission', '--function-name', 'fn-alb', '--statement-id', 'elb', '--action', 'lambda:InvokeFunction',
                '--principal', 'elasticloadbalancing.amazonaws.com', '--source-arn', $script:Tg.TargetGroupArn) | Out-Null
            Invoke-EmuCli @('elbv2', 'register-targets', '--target-group-arn', $script:Tg.TargetGroupArn, '--targets', "Id=$($script:AlbFn)") | Out-Null
            Invoke-EmuCli @('elbv2', 'create-listener', '--load-balancer-arn', $script:Lb.LoadBalancerArn, '--protocol', 'HTTP', '--port', '80',
                '--default-actions', "Type=forward,TargetGroupArn=$($script:Tg.TargetGroupArn)") | Out-Null
            $lb = (Invoke-EmuCli @('elbv2', 'describe-load-balancers', '--names', 'public-alb')).LoadBalancers[0]
            $lb.Scheme | Should -Be 'internet-facing'
            $lb.Type | Should -Be 'application'
            $lb.State.Code | Should -Be 'active'
            $tg = (Invoke-EmuCli @('elbv2', 'describe-target-groups', '--load-balancer-arn', $script:Lb.LoadBalancerArn)).TargetGroups[0]
            $tg.TargetType | Should -Be 'lambda'
            $tg.LoadBalancerArns | Should -Be @($script:Lb.LoadBalancerArn)
            $health = (Invoke-EmuCli @('elbv2', 'describe-target-health', '--target-group-arn', $script:Tg.TargetGroupArn)).TargetHealthDescriptions[0]
            $health.Target.Id | Should -Be $script:AlbFn
            $listener = (Invoke-EmuCli @('elbv2', 'describe-listeners', '--load-balancer-arn', $script:Lb.LoadBalancerArn)).Listeners[0]
            $listener.DefaultActions[0].Type | Should -Be 'forward'
            $listener.DefaultActions[0].TargetGroupArn | Should -Be $script:Tg.TargetGroupArn
            { Invoke-EmuCli @('elbv2', 'describe-load-balancers', '--names', 'missing') } | Should -Throw '*LoadBalancerNotFound*'
        }
        It 'Should associate a web ACL with the ALB and a REST API stage' {
            $acl = (Invoke-EmuCli @('wafv2', 'create-web-acl', '--name', 'edge', '--scope', 'REGIONAL', '--default-action', 'Block={}',
                '--visibility-config', 'SampledRequestsEnabled=true,CloudWatchMetricsEnabled=true,MetricName=edge')).Summary
            $acl.ARN | Should -Match "^arn:aws:wafv2:us-east-1:$($script:A):regional/webacl/edge/"
            Get-Members (Invoke-EmuCli @('wafv2', 'get-web-acl-for-resource', '--resource-arn', $script:Lb.LoadBalancerArn)) | Should -Not -Contain 'WebACL'
            Invoke-EmuCli @('wafv2', 'associate-web-acl', '--web-acl-arn', $acl.ARN, '--resource-arn', $script:Lb.LoadBalancerArn) | Out-Null
            (Invoke-EmuCli @('wafv2', 'get-web-acl-for-resource', '--resource-arn', $script:Lb.LoadBalancerArn)).WebACL.Name | Should -Be 'edge'
            $rest = Invoke-EmuCli @('apigateway', 'create-rest-api', '--name', 'waf-api')
            $res = Invoke-EmuCli @('apigateway', 'create-resource', '--rest-api-id', $rest.id, '--parent-id', $rest.rootResourceId, '--path-part', 'x')
            Invoke-EmuCli @('apigateway', 'put-method', '--rest-api-id', $rest.id, '--resource-id', $res.id, '--http-method', 'GET', '--authorization-type', 'NONE') | Out-Null
            Invoke-EmuCli @('apigateway', 'create-deployment', '--rest-api-id', $rest.id, '--stage-name', 'prod') | Out-Null
            $stageArn = "arn:aws:apigateway:us-east-1::/restapis/$($rest.id)/stages/prod"
            Invoke-EmuCli @('wafv2', 'associate-web-acl', '--web-acl-arn', $acl.ARN, '--resource-arn', $stageArn) | Out-Null
            (Invoke-EmuCli @('apigateway', 'get-stages', '--rest-api-id', $rest.id)).item[0].webAclArn | Should -Be $acl.ARN
            (Invoke-EmuCli @('wafv2', 'get-web-acl-for-resource', '--resource-arn', $stageArn)).WebACL.ARN | Should -Be $acl.ARN
            { Invoke-EmuCli @('wafv2', 'associate-web-acl', '--web-acl-arn', $acl.ARN, '--resource-arn', 'arn:aws:apigateway:us-east-1::/restapis/none/stages/prod') } | Should -Throw '*WAFNonexistentItemException*'
        }
    }

    Context 'When rate limits are small' {
        BeforeAll {
            New-TestFunction 'fn-throttle' | Out-Null
            Invoke-EmuCli @('lambda', 'add-permission', '--function-name', 'fn-throttle', '--statement-id', 'x', '--action', 'lambda:InvokeFunction', '--principal', '*') | Out-Null
            # One token, refilled every 1000 seconds: the second call is throttled whatever the machine's speed.
            Invoke-TestEmulatorAdmin -Emulator $script:Emu -Method POST -Path '/_emulator/ratelimits' -Body @{ rules = @(
                    @{ service = 'lambda'; operations = @('GetPolicy'); rate = 0.001; burst = 1 }
                    @{ service = 'iam'; operations = @('*'); rate = 0.001; burst = 1; shared = $true }
                    @{ service = 'cloudtrail'; operations = @('LookupEvents'); rate = 0.001; burst = 1 }
                    @{ service = 'organizations'; operations = @('*'); rate = 0.001; burst = 1; shared = $true }
                ) } | Out-Null
        }
        AfterAll {
            Invoke-TestEmulatorAdmin -Emulator $script:Emu -Method POST -Path '/_emulator/ratelimits' -Body @{ preset = 'off' } | Out-Null
        }
        It 'Should answer Lambda with 429 TooManyRequestsException, Retry-After and CallerRateLimitExceeded' {
            Invoke-EmuCli @('lambda', 'get-policy', '--function-name', 'fn-throttle') | Out-Null
            { Invoke-EmuCli @('lambda', 'get-policy', '--function-name', 'fn-throttle') } | Should -Throw '*TooManyRequestsException*'
            $raw = Invoke-TestEmulatorRaw -Emulator $script:Emu -Service lambda -Path '/2015-03-31/functions/fn-throttle/policy'
            $raw.StatusCode | Should -Be 429
            [int]($raw.Headers['Retry-After'] | Select-Object -First 1) | Should -BeGreaterThan 0
            ($raw.Headers['x-amzn-ErrorType'] | Select-Object -First 1) | Should -Be 'TooManyRequestsException'
            ($raw.Content | ConvertFrom-Json).Reason | Should -Be 'CallerRateLimitExceeded'
        }
        It 'Should not throttle operations outside the limited bucket' {
            (Invoke-EmuCli @('lambda', 'get-function', '--function-name', 'fn-throttle')).Configuration.FunctionName | Should -Be 'fn-throttle'
        }
        It 'Should keep buckets per account' {
            New-TestFunction 'fn-throttle' -Account $script:B | Out-Null
            Invoke-EmuCli @('lambda', 'add-permission', '--function-name', 'fn-throttle', '--statement-id', 'x', '--action', 'lambda:InvokeFunction', '--principal', '*') -Account $script:B | Out-Null
            (Invoke-EmuCli @('lambda', 'get-policy', '--function-name', 'fn-throttle') -Account $script:B).Policy | Should -Not -BeNullOrEmpty
        }
        It 'Should answer IAM with the query protocol Throttling error' {
            Invoke-EmuCli @('iam', 'list-roles') | Out-Null
            { Invoke-EmuCli @('iam', 'list-roles') } | Should -Throw '*(Throttling)*Rate exceeded*'
            $raw = Invoke-TestEmulatorRaw -Emulator $script:Emu -Service iam -Method POST -Path '/' -Body 'Action=ListRoles&Version=2010-05-08' -ContentType 'application/x-www-form-urlencoded'
            $raw.StatusCode | Should -Be 400
            ([xml]$raw.Content).ErrorResponse.Error.Code | Should -Be 'Throttling'
        }
        It 'Should answer json-1.1 services with their throttling errors' {
            Invoke-EmuCli @('cloudtrail', 'lookup-events') | Out-Null
            { Invoke-EmuCli @('cloudtrail', 'lookup-events') } | Should -Throw '*ThrottlingException*'
            Invoke-EmuCli @('organizations', 'describe-organization') -Account '555555555555' | Out-Null
            { Invoke-EmuCli @('organizations', 'describe-organization') -Account '555555555555' } | Should -Throw '*TooManyRequestsException*'
        }
        It 'Should count throttled calls in the stats' {
            $stats = Invoke-TestEmulatorAdmin -Emulator $script:Emu -Path '/_emulator/stats'
            $stats.operations.'lambda:GetPolicy'.throttled | Should -BeGreaterOrEqual 2
            $stats.operations.'iam:ListRoles'.throttled | Should -BeGreaterOrEqual 2
            $stats.totals.throttled | Should -BeGreaterOrEqual 6
        }
    }

    Context 'When faults are injected through the admin endpoint' {
        BeforeAll { New-TestFunction 'fn-fault' | Out-Null }
        AfterEach { Invoke-TestEmulatorAdmin -Emulator $script:Emu -Method DELETE -Path '/_emulator/faults' | Out-Null }
        It 'Should answer a 5xx ServiceException once and then recover' {
            Invoke-TestEmulatorAdmin -Emulator $script:Emu -Method POST -Path '/_emulator/faults' -Body @{ operation = 'GetFunction'; kind = '5xx'; probability = 1; count = 1 } | Out-Null
            { Invoke-EmuCli @('lambda', 'get-function', '--function-name', 'fn-fault') } | Should -Throw '*ServiceException*'
            (Invoke-EmuCli @('lambda', 'get-function', '--function-name', 'fn-fault')).Configuration.FunctionName | Should -Be 'fn-fault'
        }
        It 'Should drop the connection without an answer' {
            Invoke-TestEmulatorAdmin -Emulator $script:Emu -Method POST -Path '/_emulator/faults' -Body @{ operation = 'ListFunctions'; kind = 'drop'; count = 1 } | Out-Null
            { Invoke-EmuCli @('lambda', 'list-functions') } | Should -Throw
            @((Invoke-EmuCli @('lambda', 'list-functions')).Functions).Count | Should -BeGreaterThan 0
        }
        It 'Should inject the service''s own throttling error and internal error for IAM' {
            Invoke-TestEmulatorAdmin -Emulator $script:Emu -Method POST -Path '/_emulator/faults' -Body @(
                @{ service = 'iam'; operation = 'GetRole'; kind = 'throttle'; count = 1 }) | Out-Null
            { Invoke-EmuCli @('iam', 'get-role', '--role-name', 'app-role') } | Should -Throw '*Throttling*'
            Invoke-TestEmulatorAdmin -Emulator $script:Emu -Method POST -Path '/_emulator/faults' -Body @{ service = 'iam'; operation = 'GetRole'; kind = '5xx'; count = 1 } | Out-Null
            { Invoke-EmuCli @('iam', 'get-role', '--role-name', 'app-role') } | Should -Throw '*ServiceFailure*'
        }
        It 'Should delay slow calls and still answer them' {
            Invoke-TestEmulatorAdmin -Emulator $script:Emu -Method POST -Path '/_emulator/faults' -Body @{ operation = 'GetFunctionConfiguration'; kind = 'slow'; delayMs = 200; count = 1 } | Out-Null
            (Invoke-EmuCli @('lambda', 'get-function-configuration', '--function-name', 'fn-fault')).FunctionName | Should -Be 'fn-fault'
            (Invoke-TestEmulatorAdmin -Emulator $script:Emu -Path '/_emulator/faults')[0].injected | Should -Be 1
        }
        It 'Should count faults in the stats' {
            (Invoke-TestEmulatorAdmin -Emulator $script:Emu -Path '/_emulator/stats').operations.'lambda:GetFunction'.faults | Should -BeGreaterOrEqual 1
        }
        It 'Should inject faults given with --faults at start' {
            $faulty = Start-TestEmulator -ArgumentList @('--faults', '{"service":"sts","operation":"GetCallerIdentity","kind":"5xx","count":1}', '--latency-ms', '1')
            try {
                { Invoke-TestAwsCli -Emulator $faulty -Arguments @('sts', 'get-caller-identity') } | Should -Throw '*InternalFailure*'
                (Invoke-TestAwsCli -Emulator $faulty -Arguments @('sts', 'get-caller-identity')).Account | Should -Be '111111111111'
            }
            finally { Stop-TestEmulator $faulty }
        }
        It 'Should refuse an unknown fault kind' {
            { Invoke-TestEmulatorAdmin -Emulator $script:Emu -Method POST -Path '/_emulator/faults' -Body @{ operation = 'GetFunction'; kind = 'explode' } } | Should -Throw
        }
    }

    Context 'When a scenario is loaded' {
        BeforeAll {
            $demo = Join-Path $PSScriptRoot '../src/LambdaSec.Emulator/Scenarios/demo.json'
            $script:Demo = Start-TestEmulator -Scenario $demo
            function Invoke-DemoCli([string[]] $Arguments, [string] $Account = '111111111111', [string] $Region = 'us-east-1') {
                Invoke-TestAwsCli -Emulator $script:Demo -Arguments $Arguments -AccountId $Account -Region $Region
            }
        }
        AfterAll { Stop-TestEmulator $script:Demo }
        It 'Should serve the demo estate: functions, policies, URLs and roles' {
            (Invoke-DemoCli @('lambda', 'list-functions')).Functions.Count | Should -Be 16
            (Invoke-DemoCli @('lambda', 'list-functions') -Region 'eu-west-1').Functions.Count | Should -Be 3
            ((Invoke-DemoCli @('lambda', 'get-policy', '--function-name', 'public-webhook')).Policy | ConvertFrom-Json).Statement[0].Principal | Should -Be '*'
            (Invoke-DemoCli @('lambda', 'get-function-url-config', '--function-name', 'public-url-none')).AuthType | Should -Be 'NONE'
            (Invoke-DemoCli @('lambda', 'get-function-configuration', '--function-name', 'legacy-py27')).Runtime | Should -Be 'python2.7'
            (Invoke-DemoCli @('iam', 'list-attached-role-policies', '--role-name', 'legacy-admin-role')).AttachedPolicies.PolicyName | Should -Be @('AdministratorAccess')
            (Invoke-DemoCli @('organizations', 'list-accounts')).Accounts.Count | Should -Be 3
        }
        It 'Should serve the entry points: REST API without WAF, ALB without WAF' {
            $api = (Invoke-DemoCli @('apigateway', 'get-rest-apis')).items | Where-Object name -EQ 'orders-rest'
            (Invoke-DemoCli @('apigateway', 'get-stages', '--rest-api-id', $api.id)).item[0].PSObject.Properties.Name | Should -Not -Contain 'webAclArn'
            $lb = (Invoke-DemoCli @('elbv2', 'describe-load-balancers', '--names', 'checkout-public')).LoadBalancers[0]
            Get-Members (Invoke-DemoCli @('wafv2', 'get-web-acl-for-resource', '--resource-arn', $lb.LoadBalancerArn)) | Should -Not -Contain 'WebACL'
        }
        It 'Should serve the seeded CloudTrail history' {
            $e = (Invoke-DemoCli @('cloudtrail', 'lookup-events', '--lookup-attributes', 'AttributeKey=Username,AttributeValue=alice')).Events
            $e.EventName | Should -Contain 'AddPermission20150331v2'
            (($e | Where-Object EventName -EQ 'AddPermission20150331v2').CloudTrailEvent | ConvertFrom-Json).requestParameters.principal | Should -Be '*'
        }
        It 'Should let the member accounts be entered through OrganizationAccountAccessRole' {
            $c = (Invoke-DemoCli @('sts', 'assume-role', '--role-arn', 'arn:aws:iam::222222222222:role/OrganizationAccountAccessRole', '--role-session-name', 'audit')).Credentials
            $fns = Invoke-TestAwsCli -Emulator $script:Demo -Arguments @('lambda', 'list-functions') -AccessKeyId $c.AccessKeyId -SecretAccessKey $c.SecretAccessKey -SessionToken $c.SessionToken
            $fns.Functions.FunctionName | Should -Contain 'stg-api'
        }
        It 'Should load another scenario at run time through the admin API' {
            $scenario = @{ accounts = @(@{ id = '777777777777'; regions = @{ 'us-west-2' = @{ functions = @(@{ name = 'late-fn'; runtime = 'nodejs20.x' }) } } }) }
            (Invoke-TestEmulatorAdmin -Emulator $script:Demo -Method POST -Path '/_emulator/scenario' -Body $scenario).functions | Should -Be 1
            (Invoke-DemoCli @('lambda', 'get-function', '--function-name', 'late-fn') -Account '777777777777' -Region 'us-west-2').Configuration.Runtime | Should -Be 'nodejs20.x'
        }
        It 'Should generate a large estate from a seed' {
            $gen = Start-TestEmulator -ArgumentList @('--generate', 'functions=300,regions=2,accounts=2,seed=7')
            try {
                $a = (Invoke-TestAwsCli -Emulator $gen -Arguments @('lambda', 'list-functions')).Functions.Count
                $b = (Invoke-TestAwsCli -Emulator $gen -Arguments @('lambda', 'list-functions') -Region 'eu-west-1').Functions.Count
                $c = (Invoke-TestAwsCli -Emulator $gen -Arguments @('lambda', 'list-functions') -AccountId '222222222222').Functions.Count
                $d = (Invoke-TestAwsCli -Emulator $gen -Arguments @('lambda', 'list-functions') -AccountId '222222222222' -Region 'eu-west-1').Functions.Count
                $a + $b + $c + $d | Should -Be 300
                $accounts = Invoke-TestEmulatorAdmin -Emulator $gen -Path '/_emulator/accounts'
                $accounts.accountId | Should -Be @('111111111111', '222222222222')
            }
            finally { Stop-TestEmulator $gen }
        }
    }
}
