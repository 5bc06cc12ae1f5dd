# Differential fidelity test: the same AWS CLI scenario runs against LambdaSec.Emulator and against
# moto_server (the AWS mock of the field's test suites, moto 5.x), and the answers are compared field
# by field for the operations moto implements faithfully. Run alone:
#   dotnet pwsh -c "Import-Module ~/.nuget/packages/pester/5.7.1/tools/Pester.psd1; Invoke-Pester tests/Emulator.Moto.Tests.ps1 -Output Detailed"
#
# Compared (moto faithful): lambda CreateFunction, GetFunctionConfiguration, GetFunction, AddPermission
# (service and "*" principals, SourceArn/SourceAccount/PrincipalOrgID conditions), GetPolicy,
# RemovePermission (RevisionId precondition), CreateFunctionUrlConfig/GetFunctionUrlConfig (AuthType),
# Put/GetFunctionConcurrency, CreateEventSourceMapping (SQS) and ListEventSourceMappings (with and without FunctionName), error codes of GetFunction/GetPolicy on missing resources;
# iam CreateRole, GetRole, PutRolePolicy, GetRolePolicy, ListRolePolicies, CreatePolicy, GetPolicy,
# CreatePolicyVersion, GetPolicyVersion, AttachRolePolicy, ListAttachedRolePolicies,
# GetAccountAuthorizationDetails (roles, their inline and attached policies), NoSuchEntity; sts GetCallerIdentity (Account);
# apigateway CreateRestApi, CreateResource, PutMethod, PutIntegration, GetResources, CreateDeployment,
# GetStages; apigatewayv2 CreateApi, CreateIntegration, CreateRoute, GetRoutes; elbv2 CreateLoadBalancer,
# CreateTargetGroup, DescribeTargetGroups, CreateListener, DescribeListeners; wafv2 CreateWebACL,
# AssociateWebACL, GetWebACLForResource; organizations CreateOrganization, DescribeOrganization; securityhub
# BatchImportFindings (counts, a finding without a resource refused as InvalidInput, the same Id updated) and GetFindings;
# logs CreateLogGroup (and an existing name), PutRetentionPolicy (and a missing group), DescribeLogGroups (prefix, pages);
# lambda TagResource, ListTags (and a missing function); ec2 CreateSubnet (in moto's default VPC; the emulator takes any VpcId), DescribeSubnets (subnet-id filter, a missing SubnetId).
# inspector2 Enable, Disable (LAMBDA_CODE), BatchGetAccountStatus (lambda, lambdaCode); guardduty CreateDetector (with features), ListDetectors,
# GetDetector (status, features, a detector not the account's), UpdateDetector (features, enable).
#
# Not compared against moto (it lacks them or differs from AWS; the CLI tests check them against the
# botocore models instead): throttling, GetAccountSettings, ListFunctionUrlConfigs, CloudTrail
# LookupEvents, alias-scoped policies, duplicate statement ids (moto accepts them), account principals
# (moto stores "222222222222", AWS writes {"AWS":"arn:aws:iam::222222222222:root"}), URL InvokeMode
# (moto "Buffered", AWS "BUFFERED"), ELB target registration permission checks, the Policies list of
# GetAccountAuthorizationDetails (moto leaves it empty under the LocalManagedPolicy filter), generated ids and dates,
# GetFindings filters (moto ignores them; tests/Send-LambdaSecFinding.Tests.ps1 covers ours), BatchUpdateFindings (moto lacks it),
# lambda CreateCodeSigningConfig/GetCodeSigningConfig (moto lacks them; tests/Get-LambdaConfigurationRisk.Tests.ps1 drives them through the CLI),
# self-managed Kafka and Amazon MSK event source mappings (moto accepts only SQS, Kinesis and DynamoDB sources; the Kafka members
# LS-ESM-002 reads are compared on an SQS mapping, which moto keeps them on),
# inspector2 Disable of LAMBDA (moto leaves LAMBDA_CODE on) and BatchGetAccountStatus of an account never enabled (moto lists nothing),
# GuardDuty's full feature list (AWS lists every feature; moto and the emulator those set).
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
    $script:SkipReason = $null
    if (-not (Get-Command moto_server -ErrorAction SilentlyContinue)) { $script:SkipReason = 'moto_server is not installed (pip install "moto[server]")' }
    elseif (-not (Initialize-TestAwsCli)) { $script:SkipReason = 'the AWS CLI is missing and could not be installed' }
    if ($script:SkipReason) { Write-Warning "Emulator.Moto.Tests skipped: $($script:SkipReason)." }

    . (Join-Path $PSScriptRoot 'helpers/EmulatorMotoSteps.ps1')
    $script:Steps = $DiffSteps
}

Describe 'LambdaSec.Emulator compared with moto' -Skip:([bool]$script:SkipReason) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
        . (Join-Path $PSScriptRoot 'helpers/EmulatorMotoSteps.ps1')
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
            $s = @{ Zip = $zip; Subnets = @('subnet-0a1b2c3d', 'subnet-0e1f2a3b'); Vpc = 'vpc-0emulator000000001' }
            if ($server -eq 'moto') {
                # moto checks that ELB subnets exist: make two in its default VPC.
                $vpcs = Invoke-TestAwsCli -Emulator $script:Servers.moto -AccountId '123456789012' -Arguments @('ec2', 'describe-vpcs')
                $vpc = $vpcs.Vpcs[0].VpcId
                $s.Vpc = $vpc
                $s.Subnets = @(
                    (Invoke-TestAwsCli -Emulator $script:Servers.moto -AccountId '123456789012' -Arguments @('ec2', 'create-subnet', '--vpc-id', $vpc, '--cidr-block', '172.31.200.0/24', '--availability-zone', 'us-east-1a')).Subnet.SubnetId
                    (Invoke-TestAwsCli -Emulator $script:Servers.moto -AccountId '123456789012' -Arguments @('ec2', 'create-subnet', '--vpc-id', $vpc, '--cidr-block', '172.31.201.0/24', '--availability-zone', 'us-east-1b')).Subnet.SubnetId)
                # moto checks that an event source mapping's queue exists.
                $null = Invoke-TestAwsCli -Emulator $script:Servers.moto -AccountId '123456789012' -Arguments @('sqs', 'create-queue', '--queue-name', 'diff-queue')
                $null = Invoke-TestAwsCli -Emulator $script:Servers.moto -AccountId '123456789012' -Arguments @('sqs', 'create-queue', '--queue-name', 'diff-kafka-queue')
            }
            $answers = @{}
            foreach ($step in $DiffSteps) {
                $cliArgs = & $step.Args
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
        $expected = if ($_.ContainsKey('ExpectError')) { $_.ExpectError } else { $null }
        # Guard against a vacuous pass: the emulator must do what AWS does (succeed, or fail with the AWS error).
        if ($expected) { $ours.Error | Should -Be $expected } else { $ours.Ok | Should -BeTrue -Because "the emulator answered: $($ours.Error)" }
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
