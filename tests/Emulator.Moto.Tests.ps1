# Differential fidelity test: the same AWS CLI scenario runs against LambdaSec.Emulator and against
# moto_server (the AWS mock of the field's test suites, moto 5.x), and the answers are compared field
# by field for the operations moto implements faithfully. Run alone:
#   dotnet pwsh -c "Import-Module ~/.nuget/packages/pester/5.7.1/tools/Pester.psd1; Invoke-Pester tests/Emulator.Moto.Tests.ps1 -Output Detailed"
#
# Compared (moto faithful): lambda CreateFunction, GetFunctionConfiguration, GetFunction, AddPermission
# (service and "*" principals, SourceArn/SourceAccount/PrincipalOrgID conditions), GetPolicy,
# RemovePermission (RevisionId precondition), CreateFunctionUrlConfig/GetFunctionUrlConfig (AuthType),
# Put/GetFunctionConcurrency, error codes of GetFunction/GetPolicy on missing resources;
# iam CreateRole, GetRole, PutRolePolicy, GetRolePolicy, ListRolePolicies, CreatePolicy, GetPolicy,
# CreatePolicyVersion, GetPolicyVersion, AttachRolePolicy, ListAttachedRolePolicies,
# GetAccountAuthorizationDetails (role and policy names), NoSuchEntity; sts GetCallerIdentity (Account);
# apigateway CreateRestApi, CreateResource, PutMethod, PutIntegration, GetResources, CreateDeployment,
# GetStages; apigatewayv2 CreateApi, CreateIntegration, CreateRoute, GetRoutes; elbv2 CreateLoadBalancer,
# CreateTargetGroup, DescribeTargetGroups, CreateListener, DescribeListeners; wafv2 CreateWebACL,
# AssociateWebACL, GetWebACLForResource; organizations CreateOrganization, DescribeOrganization.
#
# Not compared against moto (it lacks them or differs from AWS; the CLI tests check them against the
# botocore models instead): throttling, GetAccountSettings, ListFunctionUrlConfigs, CloudTrail
# LookupEvents, alias-scoped policies, duplicate statement ids (moto accepts them), account principals
# (moto stores "222222222222", AWS writes {"AWS":"arn:aws:iam::222222222222:root"}), URL InvokeMode
# (moto "Buffered", AWS "BUFFERED"), ELB target registration permission checks, generated ids and dates.
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
    $script:SkipReason = $null
    if (-not (Get-Command moto_server -ErrorAction SilentlyContinue)) { $script:SkipReason = 'moto_server is not installed (pip install "moto[server]")' }
    elseif (-not (Initialize-TestAwsCli)) { $script:SkipReason = 'the AWS CLI is missing and could not be installed' }
    if ($script:SkipReason) { Write-Warning "Emulator.Moto.Tests skipped: $($script:SkipReason)." }

    $fn = 'arn:aws:lambda:us-east-1:123456789012:function:diff-fn'
    $trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
    $inline = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'
    $v2 = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction"],"Resource":"*"}]}'
    # Each step: CLI arguments (a scriptblock over the per-server state $s), the fields to compare
    # (dotted paths; "Name|json" parses a JSON string member first), and what to remember in $s.
    $script:Steps = @(
        @{ Name = 'sts get-caller-identity'; Args = { @('sts', 'get-caller-identity') }; Fields = @('Account') }
        @{ Name = 'iam create-role'; Args = { @('iam', 'create-role', '--role-name', 'diff-role', '--path', '/', '--assume-role-policy-document', $trust) }; Fields = @('Role.RoleName', 'Role.Path', 'Role.Arn', 'Role.AssumeRolePolicyDocument') }
        @{ Name = 'iam get-role'; Args = { @('iam', 'get-role', '--role-name', 'diff-role') }; Fields = @('Role.RoleName', 'Role.Arn', 'Role.AssumeRolePolicyDocument', 'Role.MaxSessionDuration') }
        @{ Name = 'iam get-role (missing)'; Args = { @('iam', 'get-role', '--role-name', 'missing-role') }; Fields = @() }
        @{ Name = 'iam put-role-policy'; Args = { @('iam', 'put-role-policy', '--role-name', 'diff-role', '--policy-name', 'inline', '--policy-document', $inline) }; Fields = @() }
        @{ Name = 'iam get-role-policy'; Args = { @('iam', 'get-role-policy', '--role-name', 'diff-role', '--policy-name', 'inline') }; Fields = @('RoleName', 'PolicyName', 'PolicyDocument') }
        @{ Name = 'iam list-role-policies'; Args = { @('iam', 'list-role-policies', '--role-name', 'diff-role') }; Fields = @('PolicyNames') }
        @{ Name = 'iam create-policy'; Args = { @('iam', 'create-policy', '--policy-name', 'diff-policy', '--policy-document', $inline) }; Fields = @('Policy.PolicyName', 'Policy.Arn', 'Policy.Path', 'Policy.DefaultVersionId', 'Policy.AttachmentCount', 'Policy.IsAttachable') }
        @{ Name = 'iam create-policy-version'; Args = { @('iam', 'create-policy-version', '--policy-arn', 'arn:aws:iam::123456789012:policy/diff-policy', '--policy-document', $v2, '--set-as-default') }; Fields = @('PolicyVersion.VersionId', 'PolicyVersion.IsDefaultVersion') }
        @{ Name = 'iam get-policy-version'; Args = { @('iam', 'get-policy-version', '--policy-arn', 'arn:aws:iam::123456789012:policy/diff-policy', '--version-id', 'v2') }; Fields = @('PolicyVersion.VersionId', 'PolicyVersion.IsDefaultVersion', 'PolicyVersion.Document') }
        @{ Name = 'iam attach-role-policy'; Args = { @('iam', 'attach-role-policy', '--role-name', 'diff-role', '--policy-arn', 'arn:aws:iam::123456789012:policy/diff-policy') }; Fields = @() }
        @{ Name = 'iam get-policy'; Args = { @('iam', 'get-policy', '--policy-arn', 'arn:aws:iam::123456789012:policy/diff-policy') }; Fields = @('Policy.PolicyName', 'Policy.DefaultVersionId', 'Policy.AttachmentCount') }
        @{ Name = 'iam list-attached-role-policies'; Args = { @('iam', 'list-attached-role-policies', '--role-name', 'diff-role') }; Fields = @('AttachedPolicies') }
        @{ Name = 'iam get-account-authorization-details'; Args = { @('iam', 'get-account-authorization-details', '--filter', 'Role', 'LocalManagedPolicy') }; Fields = @('RoleDetailList.RoleName', 'RoleDetailList.RolePolicyList', 'RoleDetailList.AttachedManagedPolicies', 'Policies.PolicyName', 'Policies.DefaultVersionId') }
        @{ Name = 'lambda create-function'; Args = { @('lambda', 'create-function', '--function-name', 'diff-fn', '--runtime', 'python3.12', '--handler', 'index.handler', '--role', 'arn:aws:iam::123456789012:role/diff-role', '--zip-file', "fileb://$($s.Zip)", '--memory-size', '256', '--timeout', '30', '--description', 'diff') }
            Fields = @('FunctionName', 'FunctionArn', 'Runtime', 'Role', 'Handler', 'Description', 'Timeout', 'MemorySize', 'Version', 'PackageType', 'Architectures', 'EphemeralStorage', 'TracingConfig', 'SnapStart') }
        @{ Name = 'lambda get-function-configuration'; Args = { @('lambda', 'get-function-configuration', '--function-name', 'diff-fn') }; Fields = @('FunctionName', 'FunctionArn', 'Runtime', 'Role', 'Handler', 'Timeout', 'MemorySize', 'State', 'PackageType') }
        @{ Name = 'lambda get-function'; Args = { @('lambda', 'get-function', '--function-name', $fn) }; Fields = @('Configuration.FunctionName', 'Configuration.Runtime', 'Code.RepositoryType') }
        @{ Name = 'lambda get-function (missing)'; Args = { @('lambda', 'get-function', '--function-name', 'missing-fn') }; Fields = @() }
        @{ Name = 'lambda get-policy (none yet)'; Args = { @('lambda', 'get-policy', '--function-name', 'diff-fn') }; Fields = @() }
        @{ Name = 'lambda add-permission (service, SourceArn, SourceAccount)'; Args = { @('lambda', 'add-permission', '--function-name', 'diff-fn', '--statement-id', 's3', '--action', 'lambda:InvokeFunction', '--principal', 's3.amazonaws.com', '--source-arn', 'arn:aws:s3:::diff-bucket', '--source-account', '123456789012') }
            Fields = @('Statement|json') }
        @{ Name = 'lambda add-permission (anyone in the organization)'; Args = { @('lambda', 'add-permission', '--function-name', 'diff-fn', '--statement-id', 'org', '--action', 'lambda:InvokeFunction', '--principal', '*', '--principal-org-id', 'o-abcdefghij') }
            Fields = @('Statement|json') }
        @{ Name = 'lambda add-permission (public)'; Args = { @('lambda', 'add-permission', '--function-name', 'diff-fn', '--statement-id', 'public', '--action', 'lambda:InvokeFunction', '--principal', '*') }
            Fields = @('Statement|json') }
        @{ Name = 'lambda get-policy'; Args = { @('lambda', 'get-policy', '--function-name', 'diff-fn') }; Fields = @('Policy|json') }
        @{ Name = 'lambda remove-permission (stale revision)'; Args = { @('lambda', 'remove-permission', '--function-name', 'diff-fn', '--statement-id', 'public', '--revision-id', '00000000-0000-0000-0000-000000000000') }; Fields = @() }
        @{ Name = 'lambda remove-permission'; Args = { @('lambda', 'remove-permission', '--function-name', 'diff-fn', '--statement-id', 'public') }; Fields = @() }
        @{ Name = 'lambda get-policy (after removal)'; Args = { @('lambda', 'get-policy', '--function-name', 'diff-fn') }; Fields = @('Policy|json') }
        @{ Name = 'lambda create-function-url-config'; Args = { @('lambda', 'create-function-url-config', '--function-name', 'diff-fn', '--auth-type', 'AWS_IAM') }; Fields = @('FunctionArn', 'AuthType') }
        @{ Name = 'lambda get-function-url-config'; Args = { @('lambda', 'get-function-url-config', '--function-name', 'diff-fn') }; Fields = @('FunctionArn', 'AuthType') }
        @{ Name = 'lambda put-function-concurrency'; Args = { @('lambda', 'put-function-concurrency', '--function-name', 'diff-fn', '--reserved-concurrent-executions', '7') }; Fields = @('ReservedConcurrentExecutions') }
        @{ Name = 'lambda get-function-concurrency'; Args = { @('lambda', 'get-function-concurrency', '--function-name', 'diff-fn') }; Fields = @('ReservedConcurrentExecutions') }
        @{ Name = 'apigateway create-rest-api'; Args = { @('apigateway', 'create-rest-api', '--name', 'diff-api', '--endpoint-configuration', 'types=REGIONAL') }; Fields = @('name', 'endpointConfiguration.types', 'apiKeySource')
            Save = { param($r, $s) $s.Api = $r.id; $s.Root = $r.rootResourceId } }
        @{ Name = 'apigateway create-resource'; Args = { @('apigateway', 'create-resource', '--rest-api-id', $s.Api, '--parent-id', $s.Root, '--path-part', 'items') }; Fields = @('pathPart', 'path')
            Save = { param($r, $s) $s.Res = $r.id } }
        @{ Name = 'apigateway put-method'; Args = { @('apigateway', 'put-method', '--rest-api-id', $s.Api, '--resource-id', $s.Res, '--http-method', 'GET', '--authorization-type', 'AWS_IAM', '--api-key-required') }; Fields = @('httpMethod', 'authorizationType', 'apiKeyRequired') }
        @{ Name = 'apigateway put-integration'; Args = { @('apigateway', 'put-integration', '--rest-api-id', $s.Api, '--resource-id', $s.Res, '--http-method', 'GET', '--type', 'AWS_PROXY', '--integration-http-method', 'POST', '--uri', "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/$fn/invocations") }; Fields = @('type', 'httpMethod', 'uri') }
        @{ Name = 'apigateway get-resources'; Args = { @('apigateway', 'get-resources', '--rest-api-id', $s.Api, '--embed', 'methods') }; Fields = @('items.path') }
        @{ Name = 'apigateway create-deployment'; Args = { @('apigateway', 'create-deployment', '--rest-api-id', $s.Api, '--stage-name', 'prod') }; Fields = @() }
        @{ Name = 'apigateway get-stages'; Args = { @('apigateway', 'get-stages', '--rest-api-id', $s.Api) }; Fields = @('item.stageName') }
        @{ Name = 'apigatewayv2 create-api'; Args = { @('apigatewayv2', 'create-api', '--name', 'diff-http', '--protocol-type', 'HTTP') }; Fields = @('Name', 'ProtocolType', 'RouteSelectionExpression', 'ApiKeySelectionExpression')
            Save = { param($r, $s) $s.Http = $r.ApiId } }
        @{ Name = 'apigatewayv2 create-integration'; Args = { @('apigatewayv2', 'create-integration', '--api-id', $s.Http, '--integration-type', 'AWS_PROXY', '--integration-uri', $fn, '--payload-format-version', '2.0') }; Fields = @('IntegrationType', 'IntegrationUri', 'PayloadFormatVersion')
            Save = { param($r, $s) $s.Int = $r.IntegrationId } }
        @{ Name = 'apigatewayv2 create-route'; Args = { @('apigatewayv2', 'create-route', '--api-id', $s.Http, '--route-key', 'GET /items', '--authorization-type', 'AWS_IAM', '--target', "integrations/$($s.Int)") }; Fields = @('RouteKey', 'AuthorizationType', 'ApiKeyRequired') }
        @{ Name = 'apigatewayv2 get-routes'; Args = { @('apigatewayv2', 'get-routes', '--api-id', $s.Http) }; Fields = @('Items.RouteKey', 'Items.AuthorizationType') }
        @{ Name = 'elbv2 create-load-balancer'; Args = { @('elbv2', 'create-load-balancer', '--name', 'diff-alb', '--subnets', $s.Subnets[0], $s.Subnets[1], '--scheme', 'internal') }; Fields = @('LoadBalancers.LoadBalancerName', 'LoadBalancers.Scheme', 'LoadBalancers.Type')
            Save = { param($r, $s) $s.Lb = $r.LoadBalancers[0].LoadBalancerArn } }
        @{ Name = 'elbv2 create-target-group'; Args = { @('elbv2', 'create-target-group', '--name', 'diff-tg', '--target-type', 'lambda') }; Fields = @('TargetGroups.TargetGroupName', 'TargetGroups.TargetType')
            Save = { param($r, $s) $s.Tg = $r.TargetGroups[0].TargetGroupArn } }
        @{ Name = 'elbv2 create-listener'; Args = { @('elbv2', 'create-listener', '--load-balancer-arn', $s.Lb, '--protocol', 'HTTP', '--port', '80', '--default-actions', "Type=forward,TargetGroupArn=$($s.Tg)") }; Fields = @('Listeners.Port', 'Listeners.Protocol', 'Listeners.DefaultActions.Type') }
        @{ Name = 'elbv2 describe-listeners'; Args = { @('elbv2', 'describe-listeners', '--load-balancer-arn', $s.Lb) }; Fields = @('Listeners.Port', 'Listeners.DefaultActions.Type') }
        @{ Name = 'elbv2 describe-load-balancers (missing)'; Args = { @('elbv2', 'describe-load-balancers', '--names', 'missing-alb') }; Fields = @() }
        @{ Name = 'wafv2 create-web-acl'; Args = { @('wafv2', 'create-web-acl', '--name', 'diff-acl', '--scope', 'REGIONAL', '--default-action', 'Allow={}', '--visibility-config', 'SampledRequestsEnabled=false,CloudWatchMetricsEnabled=false,MetricName=diff') }; Fields = @('Summary.Name')
            Save = { param($r, $s) $s.Acl = $r.Summary.ARN } }
        @{ Name = 'wafv2 associate-web-acl'; Args = { @('wafv2', 'associate-web-acl', '--web-acl-arn', $s.Acl, '--resource-arn', $s.Lb) }; Fields = @() }
        @{ Name = 'wafv2 get-web-acl-for-resource'; Args = { @('wafv2', 'get-web-acl-for-resource', '--resource-arn', $s.Lb) }; Fields = @('WebACL.Name', 'WebACL.DefaultAction') }
        @{ Name = 'organizations create-organization'; Args = { @('organizations', 'create-organization', '--feature-set', 'ALL') }; Fields = @('Organization.FeatureSet', 'Organization.MasterAccountId') }
        @{ Name = 'organizations describe-organization'; Args = { @('organizations', 'describe-organization') }; Fields = @('Organization.FeatureSet', 'Organization.MasterAccountId') }
    )
}

Describe 'LambdaSec.Emulator compared with moto' -Skip:([bool]$script:SkipReason) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
        $listener = [System.Net.Sockets.TcpListener]::new([System.Net.IPAddress]::Loopback, 0)
        $listener.Start(); $motoPort = $listener.LocalEndpoint.Port; $listener.Stop()
        $psi = [System.Diagnostics.ProcessStartInfo]::new('moto_server')
        foreach ($a in @('-H', '127.0.0.1', '-p', "$motoPort")) { $psi.ArgumentList.Add($a) }
        $psi.RedirectStandardOutput = $true; $psi.RedirectStandardError = $true; $psi.UseShellExecute = $false
        $script:Moto = [System.Diagnostics.Process]::Start($psi)
        $null = $script:Moto.StandardOutput.ReadToEndAsync(); $null = $script:Moto.StandardError.ReadToEndAsync()
        $deadline = [DateTime]::UtcNow.AddSeconds(60)
        do {
            Start-Sleep -Milliseconds 250
            $up = $false
            try { $c = [System.Net.Sockets.TcpClient]::new('127.0.0.1', $motoPort); $c.Dispose(); $up = $true } catch { $up = $false }
        } until ($up -or $script:Moto.HasExited -or [DateTime]::UtcNow -gt $deadline)
        if (-not $up) { throw "moto_server did not start on port $motoPort." }
        $script:Emu = Start-TestEmulator
        $script:Servers = [ordered]@{ emulator = $script:Emu.EndpointUrl; moto = "http://127.0.0.1:$motoPort" }

        $zipSource = Join-Path $TestDrive 'index.py'
        'def handler(e, c): return 1' | Set-Content $zipSource
        $zip = Join-Path $TestDrive 'code.zip'
        Compress-Archive -Path $zipSource -DestinationPath $zip

        # Runs every step against both servers; each answer is the parsed result or the error code.
        $script:Results = @{}
        foreach ($server in $script:Servers.Keys) {
            $s = @{ Zip = $zip; Subnets = @('subnet-0a1b2c3d', 'subnet-0e1f2a3b') }
            if ($server -eq 'moto') {
                # moto checks that ELB subnets exist: make two in its default VPC.
                $vpcs = Invoke-TestAwsCli -Emulator $script:Servers.moto -AccountId '123456789012' -Arguments @('ec2', 'describe-vpcs')
                $vpc = $vpcs.Vpcs[0].VpcId
                $s.Subnets = @(
                    (Invoke-TestAwsCli -Emulator $script:Servers.moto -AccountId '123456789012' -Arguments @('ec2', 'create-subnet', '--vpc-id', $vpc, '--cidr-block', '172.31.200.0/24', '--availability-zone', 'us-east-1a')).Subnet.SubnetId
                    (Invoke-TestAwsCli -Emulator $script:Servers.moto -AccountId '123456789012' -Arguments @('ec2', 'create-subnet', '--vpc-id', $vpc, '--cidr-block', '172.31.201.0/24', '--availability-zone', 'us-east-1b')).Subnet.SubnetId)
            }
            $answers = @{}
            foreach ($step in $script:Steps) {
                $cliArgs = & ([scriptblock]::Create("param(`$s, `$fn, `$trust, `$inline, `$v2) $($step.Args)")) $s `
                    'arn:aws:lambda:us-east-1:123456789012:function:diff-fn' `
                    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}' `
                    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}' `
                    '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction"],"Resource":"*"}]}'
                try {
                    $r = Invoke-TestAwsCli -Emulator $script:Servers[$server] -AccountId '123456789012' -Arguments $cliArgs
                    $answers[$step.Name] = @{ Ok = $true; Result = $r; Error = $null }
                    if ($step.ContainsKey('Save') -and $null -ne $r) { & $step.Save $r $s }
                }
                catch {
                    $code = if ($_.Exception.Message -match 'An error occurred \(([^)]+)\)') { $Matches[1] } else { $_.Exception.Message }
                    $answers[$step.Name] = @{ Ok = $false; Result = $null; Error = $code }
                }
            }
            $script:Results[$server] = $answers
        }

        # Values at a dotted path; through arrays it collects the member of every element.
        function Get-FieldValue($Object, [string] $Path) {
            $parts = $Path.Split('|')
            $current = @($Object)
            foreach ($name in $parts[0].Split('.')) {
                $current = @($current | ForEach-Object { if ($null -ne $_ -and $_.PSObject.Properties.Name -contains $name) { $_.$name } })
            }
            if ($parts.Count -gt 1 -and $parts[1] -eq 'json') { $current = @($current | ForEach-Object { $_ | ConvertFrom-Json }) }
            # Canonical JSON with sorted keys, so member order does not matter.
            ConvertTo-CanonicalJson $current
        }
        function ConvertTo-CanonicalJson($Value) {
            if ($null -eq $Value) { return 'null' }
            if ($Value -is [System.Collections.IEnumerable] -and $Value -isnot [string]) {
                return '[' + ((@($Value) | ForEach-Object { ConvertTo-CanonicalJson $_ }) -join ',') + ']'
            }
            if ($Value -is [System.Management.Automation.PSCustomObject]) {
                $members = $Value.PSObject.Properties | Sort-Object Name | ForEach-Object { (ConvertTo-Json $_.Name -Compress) + ':' + (ConvertTo-CanonicalJson $_.Value) }
                return '{' + ($members -join ',') + '}'
            }
            ConvertTo-Json $Value -Compress
        }
    }
    AfterAll {
        Stop-TestEmulator $script:Emu
        if ($script:Moto -and -not $script:Moto.HasExited) { $script:Moto.Kill($true); $null = $script:Moto.WaitForExit(10000) }
    }

    It 'Should agree with moto on <Name>' -ForEach $script:Steps {
        $ours = $script:Results.emulator[$Name]
        $theirs = $script:Results.moto[$Name]
        if ($ours.Ok -ne $theirs.Ok) {
            throw "One server failed: emulator=$(if ($ours.Ok) { 'ok' } else { $ours.Error }), moto=$(if ($theirs.Ok) { 'ok' } else { $theirs.Error })"
        }
        if (-not $ours.Ok) {
            $ours.Error | Should -Be $theirs.Error -Because 'both servers must answer with the same error code'
            return
        }
        foreach ($field in $Fields) {
            $value = Get-FieldValue $ours.Result $field
            $value | Should -Not -BeIn @('[]', '[null]') -Because "the emulator must answer field '$field'"
            $value | Should -Be (Get-FieldValue $theirs.Result $field) -Because "field '$field' must match"
        }
    }
}
