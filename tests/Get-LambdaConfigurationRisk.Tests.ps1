Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest
    $script:Arn = 'arn:aws:lambda:us-east-1:111111111111:function:f'
    $script:Insights = 'arn:aws:lambda:us-east-1:111111111111:layer:LambdaInsightsExtension:38'
    # A function that passes every rule whose facts it carries; each case changes one fact.
    function New-Function([hashtable] $Change = @{}) {
        $f = [ordered]@{
            FunctionName = $script:Arn
            Environment = [pscustomobject]@{ Variables = @{ TABLE = 'orders' } }
            KMSKeyArn = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'
            # The Lambda Insights extension is recognised by its layer name (AWS publishes it from an account per region).
            Layers = @([pscustomobject]@{ Arn = 'arn:aws:lambda:us-east-1:111111111111:layer:shared:3' }, [pscustomobject]@{ Arn = $script:Insights })
            DeadLetterConfig = [pscustomobject]@{ TargetArn = 'arn:aws:sqs:us-east-1:111111111111:dlq' }
            DestinationConfig = [pscustomobject]@{ OnFailure = [pscustomobject]@{ Destination = $null } }
            VpcConfig = [pscustomobject]@{ SubnetIds = @('subnet-a', 'subnet-b') }
            Cors = [pscustomobject]@{ AllowOrigins = @('https://app.example.com'); AllowCredentials = $true }
            TracingConfig = [pscustomobject]@{ Mode = 'Active' }
            CodeSigningConfigArn = 'arn:aws:lambda:us-east-1:111111111111:code-signing-config:csc-1'
            CodeSigningPolicies = [pscustomobject]@{ UntrustedArtifactOnDeployment = 'Enforce' }
            ReservedConcurrentExecutions = $null
            Exposure = 'Account'
        }
        foreach ($k in $Change.Keys) { $f[$k] = $Change[$k] }
        [pscustomobject]$f
    }
    $script:Zones = @{ 'subnet-a' = 'us-east-1a'; 'subnet-b' = 'us-east-1b'; 'subnet-c' = 'us-east-1a' }
    $script:AllSelectors = '{"EventSelectors":[{"ReadWriteType":"All","IncludeManagementEvents":true,"DataResources":[{"Type":"AWS::Lambda::Function","Values":["arn:aws:lambda"]}]}]}'
}

Describe 'Get-LambdaConfigurationRisk' {
    Context 'When a function passes every rule' {
        It 'Should report nothing' {
            @(New-Function | Get-LambdaConfigurationRisk -Offline -SubnetZone $script:Zones -EventSelectorJson $script:AllSelectors).Count | Should -Be 0
        }
    }

    Context 'When one fact fails a rule' {
        It 'Should report <RuleId> for <Name>' -ForEach @(
            @{ Name = 'variables without a customer managed key'; RuleId = 'LS-CONFIG-001'; Change = @{ KMSKeyArn = $null } }
            @{ Name = 'a layer of another account'; RuleId = 'LS-CONFIG-002'; Change = @{ Layers = @('arn:aws:lambda:us-east-1:222222222222:layer:ext:1', 'arn:aws:lambda:us-east-1:111111111111:layer:LambdaInsightsExtension:38') } }
            @{ Name = 'no DLQ and no on-failure destination'; RuleId = 'LS-CONFIG-004'; Change = @{ DeadLetterConfig = $null } }
            @{ Name = 'subnets in one zone'; RuleId = 'LS-CONFIG-005'; Change = @{ VpcConfig = [pscustomobject]@{ SubnetIds = @('subnet-a', 'subnet-c') } } }
            @{ Name = 'CORS * with credentials'; RuleId = 'LS-CONFIG-006'; Change = @{ Cors = [pscustomobject]@{ AllowOrigins = @('*'); AllowCredentials = $true } } }
            @{ Name = 'PassThrough tracing'; RuleId = 'LS-CONFIG-007'; Change = @{ TracingConfig = [pscustomobject]@{ Mode = 'PassThrough' } } }
            @{ Name = 'no code signing config'; RuleId = 'LS-CONFIG-008'; Change = @{ CodeSigningConfigArn = '' } }
            @{ Name = 'a public function without reserved concurrency'; RuleId = 'LS-CONFIG-009'; Change = @{ Exposure = 'Public' } }
            @{ Name = 'a code signing config that only warns'; RuleId = 'LS-CONFIG-014'; Change = @{ CodeSigningPolicies = [pscustomobject]@{ UntrustedArtifactOnDeployment = 'Warn' } } }
            @{ Name = 'no Lambda Insights extension layer'; RuleId = 'LS-CONFIG-012'; Change = @{ Layers = @('arn:aws:lambda:us-east-1:111111111111:layer:shared:3') } }
        ) {
            $findings = @(New-Function $Change | Get-LambdaConfigurationRisk -Offline -SubnetZone $script:Zones -EventSelectorJson $script:AllSelectors)
            $findings.RuleId | Should -BeExactly @($RuleId)
            $findings[0].FunctionName | Should -BeExactly 'f'
            $findings[0].AccountId | Should -BeExactly '111111111111'
            $findings[0].Region | Should -BeExactly 'us-east-1'
            $findings[0].Evidence | Should -Not -BeNullOrEmpty
            $findings[0].Remediation | Should -Not -BeNullOrEmpty
        }

        It 'Should report LS-CONFIG-003 for a public layer version policy, classified by the exposure engine' {
            $layer = 'arn:aws:lambda:us-east-1:111111111111:layer:shared:3'
            $policy = '{"Version":"2012-10-17","Statement":[{"Sid":"pub","Effect":"Allow","Principal":"*","Action":"lambda:GetLayerVersion","Resource":"' + $layer + '"}]}'
            $findings = @(New-Function | Get-LambdaConfigurationRisk -Offline -SubnetZone $script:Zones -EventSelectorJson $script:AllSelectors -LayerPolicy @{ $layer = $policy })
            $findings.RuleId | Should -BeExactly @('LS-CONFIG-003')
            $findings[0].ResourceType | Should -BeExactly 'AWS::Lambda::LayerVersion'
            $findings[0].Severity | Should -Be 'High'
        }

        It 'Should not report a layer version shared with the organization only' {
            $layer = 'arn:aws:lambda:us-east-1:111111111111:layer:shared:3'
            $policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:GetLayerVersion","Resource":"' + $layer + '","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]}'
            @(New-Function | Get-LambdaConfigurationRisk -Offline -SubnetZone $script:Zones -EventSelectorJson $script:AllSelectors -LayerPolicy @{ $layer = $policy }).Count | Should -Be 0
        }

        It 'Should report one subnet as one zone when zones are unknown, and not guess for two' {
            @(New-Function @{ VpcConfig = [pscustomobject]@{ SubnetIds = @('subnet-x') } } | Get-LambdaConfigurationRisk -Offline -EventSelectorJson $script:AllSelectors).RuleId | Should -BeExactly @('LS-CONFIG-005')
            @(New-Function | Get-LambdaConfigurationRisk -Offline -EventSelectorJson $script:AllSelectors).Count | Should -Be 0
        }
    }

    Context 'When CloudTrail event selectors are given' {
        It 'Should report LS-CONFIG-010 when <Name>' -ForEach @(
            @{ Name = 'only management events are recorded'; Json = '{"EventSelectors":[{"ReadWriteType":"All","IncludeManagementEvents":true,"DataResources":[]}]}' }
            @{ Name = 'S3 data events only'; Json = '{"EventSelectors":[{"ReadWriteType":"All","DataResources":[{"Type":"AWS::S3::Object","Values":["arn:aws:s3"]}]}]}' }
            @{ Name = 'read-only Lambda data events'; Json = '{"EventSelectors":[{"ReadWriteType":"ReadOnly","DataResources":[{"Type":"AWS::Lambda::Function","Values":["arn:aws:lambda"]}]}]}' }
            @{ Name = 'another function only'; Json = '{"EventSelectors":[{"ReadWriteType":"All","DataResources":[{"Type":"AWS::Lambda::Function","Values":["arn:aws:lambda:us-east-1:111111111111:function:other"]}]}]}' }
            @{ Name = 'an advanced selector excludes it'; Json = '{"AdvancedEventSelectors":[{"FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::Lambda::Function"]},{"Field":"resources.ARN","NotEquals":["arn:aws:lambda:us-east-1:111111111111:function:f"]}]}]}' }
        ) {
            @(New-Function | Get-LambdaConfigurationRisk -Offline -SubnetZone $script:Zones -EventSelectorJson $Json).RuleId | Should -BeExactly @('LS-CONFIG-010')
        }

        It 'Should not report LS-CONFIG-010 when <Name>' -ForEach @(
            @{ Name = 'every function is selected'; Json = '{"EventSelectors":[{"ReadWriteType":"WriteOnly","DataResources":[{"Type":"AWS::Lambda::Function","Values":["arn:aws:lambda"]}]}]}' }
            @{ Name = 'the function is selected by ARN'; Json = '{"EventSelectors":[{"ReadWriteType":"All","DataResources":[{"Type":"AWS::Lambda::Function","Values":["arn:aws:lambda:us-east-1:111111111111:function:f"]}]}]}' }
            @{ Name = 'an advanced selector covers Lambda data events'; Json = '{"AdvancedEventSelectors":[{"Name":"lambda","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::Lambda::Function"]}]}]}' }
        ) {
            @(New-Function | Get-LambdaConfigurationRisk -Offline -SubnetZone $script:Zones -EventSelectorJson $Json).Count | Should -Be 0
        }
    }

    Context 'When a rule is opt-in' {
        It 'Should report <Expected> for tags <Name> only when the tag rule is asked for' -ForEach @(
            @{ Name = 'absent'; Tags = @{}; Required = @(); Expected = 'Function has no tags' }
            @{ Name = 'set by AWS only'; Tags = @{ 'aws:cloudformation:stack-name' = 'app' }; Required = @(); Expected = 'Function has no tags' }
            @{ Name = 'without a required key'; Tags = @{ Owner = 'team-a' }; Required = @('Owner', 'DataClass'); Expected = 'Function lacks required tags' }
            @{ Name = 'whose required key differs in case'; Tags = @{ owner = 'team-a'; DataClass = 'public' }; Required = @('Owner', 'DataClass'); Expected = 'Function lacks required tags' }
        ) {
            $function = New-Function @{ Tags = $Tags }
            @($function | Get-LambdaConfigurationRisk -Offline -SubnetZone $script:Zones -EventSelectorJson $script:AllSelectors).Count | Should -Be 0
            $asked = if ($Required.Count -gt 0) { @{ RequiredTag = $Required } } else { @{ Rule = 'LS-CONFIG-016' } }
            $findings = @($function | Get-LambdaConfigurationRisk -Offline -SubnetZone $script:Zones -EventSelectorJson $script:AllSelectors @asked)
            $findings.RuleId | Should -BeExactly @('LS-CONFIG-016')
            $findings[0].Title | Should -BeExactly $Expected
            $findings[0].ControlIds | Should -Contain 'SecurityHub:Lambda.6'
        }

        It 'Should not report a function that carries every required tag key' {
            @(New-Function @{ Tags = @{ Owner = 'team-a'; DataClass = 'public' } } | Get-LambdaConfigurationRisk -Offline -SubnetZone $script:Zones -EventSelectorJson $script:AllSelectors -RequiredTag Owner, DataClass).Count | Should -Be 0
        }

        It 'Should report a function outside a VPC (LS-CONFIG-011) only when -Rule names the rule' {
            $outside = New-Function @{ VpcConfig = [pscustomobject]@{ SubnetIds = @() } }
            @($outside | Get-LambdaConfigurationRisk -Offline -SubnetZone $script:Zones -EventSelectorJson $script:AllSelectors).Count | Should -Be 0
            $findings = @($outside | Get-LambdaConfigurationRisk -Offline -SubnetZone $script:Zones -EventSelectorJson $script:AllSelectors -Rule 'LS-CONFIG-011')
            $findings.RuleId | Should -BeExactly @('LS-CONFIG-011')
            $findings[0].ControlIds | Should -Contain 'SecurityHub:Lambda.3'
            @(New-Function | Get-LambdaConfigurationRisk -Offline -SubnetZone $script:Zones -EventSelectorJson $script:AllSelectors -Rule '*').Count | Should -Be 0
        }
    }

    Context 'When facts are not given' {
        It 'Should evaluate no rule that needs them' {
            @([pscustomobject]@{ FunctionName = 'bare' } | Get-LambdaConfigurationRisk -Offline).Count | Should -Be 0
        }
    }
}

Describe 'Get-LambdaConfigurationRisk against the emulator' {
    BeforeDiscovery {
        $expected = @(
            # c-clean has its own role and no Lambda Insights layer (AWS publishes it from another account, which LS-CONFIG-002
            # would report); c-layers carries it; the other us-east-1 functions share lambda-basic-execution (LS-CONFIG-013);
            # c-eu is alone in its region. Log groups (LS-CONFIG-015): c-plain's keeps events forever, c-eu has none,
            # c-public-capped writes to /shared/app-logs (LoggingConfig), which has a retention. Zones (LS-CONFIG-005, from EC2
            # DescribeSubnets): c-clean's two subnets are in us-east-1a and 1b, c-public-url's two both in us-east-1a.
            @{ Function = 'c-clean'; Rules = @('LS-CONFIG-012') }
            @{ Function = 'c-plain'; Rules = @('LS-CONFIG-001', 'LS-CONFIG-004', 'LS-CONFIG-005', 'LS-CONFIG-007', 'LS-CONFIG-008', 'LS-CONFIG-012', 'LS-CONFIG-013', 'LS-CONFIG-015', 'LS-ESM-001') }
            @{ Function = 'c-layers'; Rules = @('LS-CONFIG-002', 'LS-CONFIG-003', 'LS-CONFIG-004', 'LS-CONFIG-013', 'LS-CONFIG-014', 'LS-ESM-002', 'LS-ESM-002') }
            @{ Function = 'c-public-url'; Rules = @('LS-CONFIG-004', 'LS-CONFIG-005', 'LS-CONFIG-006', 'LS-CONFIG-008', 'LS-CONFIG-009', 'LS-CONFIG-012', 'LS-CONFIG-013', 'LS-ESM-002') }
            @{ Function = 'c-public-capped'; Rules = @('LS-CONFIG-004', 'LS-CONFIG-012', 'LS-CONFIG-013', 'LS-CONFIG-014', 'LS-ESM-002') }
            @{ Function = 'c-eu'; Rules = @('LS-CONFIG-004', 'LS-CONFIG-008', 'LS-CONFIG-010', 'LS-CONFIG-012', 'LS-CONFIG-015', 'LS-ESM-001') }
        )
    }

    BeforeAll {
        . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
        if (-not (Initialize-TestAwsCli)) { throw 'The AWS CLI is needed to build this estate (apt-get install awscli).' }
        $script:emulator = Start-TestEmulator -Scenario (Join-Path $PSScriptRoot 'data/config-estate.json')
        $script:aws = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = '111111111111'; SecretKey = 'x' }
        $zip = Join-Path $TestDrive 'layer.zip'
        [IO.File]::WriteAllBytes($zip, [Convert]::FromBase64String('UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA=='))
        # What scenarios do not hold, written the way a user's tooling writes it: through the AWS CLI. c-clean's code
        # signing config enforces signatures; c-layers and c-public-capped share one that only warns (LS-CONFIG-014).
        $signer = 'SigningProfileVersionArns=arn:aws:signer:us-east-1:111111111111:/signing-profiles/release/abcdefghij'
        $enforce = (Invoke-TestAwsCli -Emulator $emulator -Arguments @('lambda', 'create-code-signing-config', '--allowed-publishers', $signer, '--code-signing-policies', 'UntrustedArtifactOnDeployment=Enforce')).CodeSigningConfig.CodeSigningConfigArn
        $script:warn = (Invoke-TestAwsCli -Emulator $emulator -Arguments @('lambda', 'create-code-signing-config', '--allowed-publishers', $signer)).CodeSigningConfig.CodeSigningConfigArn
        $kafka = '{"Endpoints":{"KAFKA_BOOTSTRAP_SERVERS":["b-1.kafka.example.com:9096"]}}'
        $msk = 'arn:aws:kafka:us-east-1:111111111111:cluster/orders/5a6b7c8d-1234-5678-9abc-def012345678-1'
        $cli = @(
            , @('lambda', 'put-function-event-invoke-config', '--function-name', 'c-clean', '--destination-config', '{"OnFailure":{"Destination":"arn:aws:sqs:us-east-1:111111111111:failed"}}')
            , @('lambda', 'put-function-event-invoke-config', '--function-name', 'c-plain', '--maximum-retry-attempts', '1')
            , @('lambda', 'put-function-code-signing-config', '--function-name', 'c-clean', '--code-signing-config-arn', $enforce)
            , @('lambda', 'put-function-code-signing-config', '--function-name', 'c-layers', '--code-signing-config-arn', $warn)
            , @('lambda', 'put-function-code-signing-config', '--function-name', 'c-public-capped', '--code-signing-config-arn', $warn)
            , @('lambda', 'publish-layer-version', '--layer-name', 'private-lib', '--zip-file', "fileb://$zip")
            , @('lambda', 'publish-layer-version', '--layer-name', 'shared-lib', '--zip-file', "fileb://$zip")
            , @('lambda', 'add-layer-version-permission', '--layer-name', 'shared-lib', '--version-number', '1', '--statement-id', 'everyone', '--action', 'lambda:GetLayerVersion', '--principal', '*')
            , @('cloudtrail', 'create-trail', '--name', 'main', '--s3-bucket-name', 'trail-logs')
            # Event sources: a queue of this account (c-clean) and of another (c-plain, LS-ESM-001); self-managed Kafka with a
            # Secrets Manager secret (c-layers), without authentication (c-public-url) and with a URI that is no secret
            # (c-public-capped), both LS-ESM-002. Amazon MSK (LS-ESM-001/002, session 4): c-clean's cluster takes a SCRAM secret and a
            # Glue schema registry (nothing to report), c-layers' a client certificate that is no secret, and its self-managed
            # mapping a schema registry URL with a password in it (one LS-ESM-002 per mapping); c-eu's cluster is in another
            # account and has no source access configuration: IAM authentication, so LS-ESM-001 only.
            , @('lambda', 'create-event-source-mapping', '--function-name', 'c-clean', '--event-source-arn', 'arn:aws:sqs:us-east-1:111111111111:orders')
            , @('lambda', 'create-event-source-mapping', '--function-name', 'c-plain', '--event-source-arn', 'arn:aws:sqs:us-east-1:999999999999:partner-orders')
            , @('lambda', 'create-event-source-mapping', '--function-name', 'c-layers', '--topics', 'orders', '--starting-position', 'LATEST', '--self-managed-event-source', $kafka, '--source-access-configurations', 'Type=SASL_SCRAM_512_AUTH,URI=arn:aws:secretsmanager:us-east-1:111111111111:secret:kafka-AbCdEf', 'Type=VPC_SUBNET,URI=subnet:subnet-0aaa0000000000001', '--self-managed-kafka-event-source-config', '{"SchemaRegistryConfig":{"SchemaRegistryURI":"https://registry-user:s3cret@schema.example.com","AccessConfigs":[{"Type":"SERVER_ROOT_CA_CERTIFICATE","URI":"arn:aws:secretsmanager:us-east-1:111111111111:secret:ca-AbCdEf"}]}}')
            , @('lambda', 'create-event-source-mapping', '--function-name', 'c-clean', '--topics', 'orders', '--starting-position', 'LATEST', '--event-source-arn', $msk, '--source-access-configurations', 'Type=SASL_SCRAM_512_AUTH,URI=arn:aws:secretsmanager:us-east-1:111111111111:secret:AmazonMSK_orders-AbCdEf', '--amazon-managed-kafka-event-source-config', '{"SchemaRegistryConfig":{"SchemaRegistryURI":"arn:aws:glue:us-east-1:111111111111:registry/orders","EventRecordFormat":"JSON"}}')
            , @('lambda', 'create-event-source-mapping', '--function-name', 'c-layers', '--topics', 'orders', '--starting-position', 'LATEST', '--event-source-arn', $msk, '--source-access-configurations', 'Type=CLIENT_CERTIFICATE_TLS_AUTH,URI=certs/client.pem')
            , @('lambda', 'create-event-source-mapping', '--function-name', 'c-public-url', '--topics', 'orders', '--starting-position', 'LATEST', '--self-managed-event-source', $kafka)
            , @('lambda', 'create-event-source-mapping', '--function-name', 'c-public-capped', '--topics', 'orders', '--starting-position', 'LATEST', '--self-managed-event-source', $kafka, '--source-access-configurations', 'Type=BASIC_AUTH,URI=kafka-user:changeme')
            , @('cloudtrail', 'put-event-selectors', '--trail-name', 'main', '--advanced-event-selectors', '[{"Name":"lambda","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::Lambda::Function"]}]}]')
        )
        foreach ($arguments in $cli) { $null = Invoke-TestAwsCli -Emulator $emulator -Arguments $arguments }
        $null = Invoke-TestAwsCli -Emulator $emulator -Region eu-west-1 -Arguments @('lambda', 'create-event-source-mapping', '--function-name', 'c-eu', '--topics', 'orders', '--starting-position', 'LATEST', '--event-source-arn', 'arn:aws:kafka:eu-west-1:999999999999:cluster/partner/5a6b7c8d-1234-5678-9abc-def012345678-2')
        Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path /_emulator/stats | Out-Null
        $script:findings = @(Get-LambdaConfigurationRisk @aws -Region us-east-1, eu-west-1 -ErrorVariable scanErrors -ErrorAction SilentlyContinue)
        $script:scanErrors = @($scanErrors)
        $script:stats = Invoke-TestEmulatorAdmin -Emulator $emulator -Path /_emulator/stats
    }

    AfterAll {
        Stop-TestEmulator $emulator
    }

    Context 'When every function of two regions is read from AWS' {
        It 'Should report exactly <Rules> for <Function>' -ForEach $expected {
            $rules = @($findings | Where-Object FunctionName -eq $Function | ForEach-Object RuleId | Sort-Object)
            $rules | Should -Be $Rules
        }

        It 'Should finish without errors and carry account, region and ARN on every finding' {
            $scanErrors | Should -HaveCount 0
            $findings | ForEach-Object {
                $_.AccountId | Should -Be '111111111111'
                $_.Region | Should -BeIn @('us-east-1', 'eu-west-1')
            }
            ($findings | Where-Object FunctionName -eq 'c-eu')[0].Region | Should -Be 'eu-west-1'
        }

        It 'Should name the code signing config that only warns in the evidence and remediation' {
            $warned = @($findings | Where-Object RuleId -eq 'LS-CONFIG-014')
            $warned | Should -HaveCount 2
            $warned | ForEach-Object { $_.Evidence | Should -Match ([regex]::Escape($warn)); $_.Remediation | Should -Match 'UntrustedArtifactOnDeployment=Enforce' }
        }

        It 'Should say which mapping, source account and Kafka authentication fail' {
            $other = @($findings | Where-Object { $_.RuleId -eq 'LS-ESM-001' -and $_.FunctionName -eq 'c-plain' })
            $other.ResourceType | Should -Be 'AWS::Lambda::EventSourceMapping'
            $other.ResourceArn | Should -Match '^arn:aws:lambda:us-east-1:111111111111:event-source-mapping:'
            $other.Evidence | Should -Match 'arn:aws:sqs:us-east-1:999999999999:partner-orders, owned by account 999999999999'
            ($findings | Where-Object { $_.RuleId -eq 'LS-ESM-002' -and $_.FunctionName -eq 'c-public-url' }).Title | Should -Be 'Self-managed Kafka source without authentication'
            ($findings | Where-Object { $_.RuleId -eq 'LS-ESM-002' -and $_.FunctionName -eq 'c-public-capped' }).Evidence | Should -Match "BASIC_AUTH 'kafka-user:changeme'"
        }

        It 'Should judge Amazon MSK and self-managed Kafka mappings by their credentials and schema registry, not one that authenticates with IAM' {
            $layers = @($findings | Where-Object { $_.RuleId -eq 'LS-ESM-002' -and $_.FunctionName -eq 'c-layers' } | Sort-Object Title)
            $layers.Title | Should -Be @('Amazon MSK credentials are not in Secrets Manager', 'Kafka schema registry credentials are not in Secrets Manager')
            $layers[0].Evidence | Should -Match ([regex]::Escape("the Amazon MSK cluster $msk with CLIENT_CERTIFICATE_TLS_AUTH 'certs/client.pem'"))
            $layers[1].Evidence | Should -Match ([regex]::Escape('https://registry-user:***@schema.example.com carries credentials in plain text'))
            $layers[1].Evidence | Should -Not -Match 's3cret'
            $layers | ForEach-Object { $_.ResourceType | Should -Be 'AWS::Lambda::EventSourceMapping' }
            $eu = @($findings | Where-Object { $_.FunctionName -eq 'c-eu' -and $_.RuleId -like 'LS-ESM-*' })
            $eu.RuleId | Should -Be @('LS-ESM-001')
            $eu[0].Evidence | Should -Match 'arn:aws:kafka:eu-west-1:999999999999:cluster/partner/.*owned by account 999999999999'
        }

        It 'Should count a source in a trusted account like the owner''s, and the audit should report the same mappings' {
            @(Get-LambdaConfigurationRisk @aws -Region us-east-1 -FunctionName c-plain -TrustedAccountId 999999999999 -Rule 'LS-ESM-*') | Should -HaveCount 0
            $audit = @(Invoke-LambdaSecAudit @aws -Region us-east-1 -Rule 'LS-ESM-*')
            @($audit | ForEach-Object { "$($_.FunctionName) $($_.RuleId)" } | Sort-Object) | Should -Be @('c-layers LS-ESM-002', 'c-layers LS-ESM-002', 'c-plain LS-ESM-001', 'c-public-capped LS-ESM-002', 'c-public-url LS-ESM-002')
        }

        It 'Should refuse to attach a code signing config that does not exist, as Lambda does' {
            { Invoke-TestAwsCli -Emulator $emulator -Arguments @('lambda', 'put-function-code-signing-config', '--function-name', 'c-plain', '--code-signing-config-arn', 'arn:aws:lambda:us-east-1:111111111111:code-signing-config:csc-0123456789abcdef0') } | Should -Throw '*CodeSigningConfigNotFoundException*'
        }

        It 'Should name the public layer version and the other account''s layer in the evidence' {
            ($findings | Where-Object RuleId -eq 'LS-CONFIG-003').ResourceArn | Should -Be 'arn:aws:lambda:us-east-1:111111111111:layer:shared-lib:1'
            ($findings | Where-Object RuleId -eq 'LS-CONFIG-002').Evidence | Should -Match '999999999999'
        }

        It 'Should count the Availability Zones EC2 gives for the subnets, naming the zone' {
            ($findings | Where-Object { $_.RuleId -eq 'LS-CONFIG-005' -and $_.FunctionName -eq 'c-public-url' }).Evidence | Should -Match 'all in us-east-1a'
        }

        It 'Should say whether the log group is missing or keeps events forever, naming it' {
            $plain = $findings | Where-Object { $_.RuleId -eq 'LS-CONFIG-015' -and $_.FunctionName -eq 'c-plain' }
            $plain.Severity | Should -Be 'Low'
            $plain.Evidence | Should -Match 'log group /aws/lambda/c-plain of c-plain has no retention policy'
            $plain.Remediation | Should -Match 'put-retention-policy --log-group-name /aws/lambda/c-plain'
            $eu = $findings | Where-Object { $_.RuleId -eq 'LS-CONFIG-015' -and $_.FunctionName -eq 'c-eu' }
            $eu.Severity | Should -Be 'Medium'
            $eu.Evidence | Should -Match '/aws/lambda/c-eu, which does not exist in eu-west-1'
        }

        It 'Should read trails once per region and each layer version policy once' {
            $stats.operations.'cloudtrail:DescribeTrails'.calls | Should -Be 2
            $stats.operations.'cloudtrail:GetEventSelectors'.calls | Should -Be 1
            $stats.operations.'lambda:GetLayerVersionPolicy'.calls | Should -Be 4
            $stats.operations.'lambda:GetFunctionEventInvokeConfig'.calls | Should -Be 6
            $stats.operations.'lambda:ListEventSourceMappings'.calls | Should -Be 2
            # Three functions use two code signing configs: each config is read once.
            $stats.operations.'lambda:GetCodeSigningConfig'.calls | Should -Be 2
            # Log groups: the /aws/lambda/ prefix once per region, and /shared/app-logs (c-public-capped's LoggingConfig) once.
            # Subnets: one DescribeSubnets for the three subnet ids of us-east-1; eu-west-1 has no VPC function.
            $stats.operations.'ec2:DescribeSubnets'.calls | Should -Be 1
            $stats.operations.'logs:DescribeLogGroups'.calls | Should -Be 3
        }
    }

    Context 'When functions are named or piped' {
        It 'Should check only the functions given, preferring FunctionArn, and write LambdaSec.ResourceNotFound for a missing one' {
            $inputs = @(
                [pscustomobject]@{ FunctionName = 'stale'; FunctionArn = 'arn:aws:lambda:eu-west-1:111111111111:function:c-eu' }
                [pscustomobject]@{ FunctionName = 'no-such-function' }
            )
            $result = @($inputs | Get-LambdaConfigurationRisk @aws -Region us-east-1 -ErrorVariable err -ErrorAction SilentlyContinue)
            $result.FunctionName | Sort-Object -Unique | Should -Be @('c-eu')
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.ResourceNotFound,LambdaSec.Cmdlets.GetLambdaConfigurationRiskCommand'
        }

        It 'Should read tags only when the tag rule is asked for, and report the functions without the required keys' {
            $before = (Invoke-TestEmulatorAdmin -Emulator $emulator -Path /_emulator/stats).operations
            $tagged = @(Get-LambdaConfigurationRisk @aws -Region us-east-1 -RequiredTag Owner -ErrorVariable tagErrors -ErrorAction SilentlyContinue | Where-Object RuleId -eq 'LS-CONFIG-016')
            $after = (Invoke-TestEmulatorAdmin -Emulator $emulator -Path /_emulator/stats).operations
            $tagErrors | Should -HaveCount 0
            # c-clean carries Owner (scenario tags); the four other functions of us-east-1 have none.
            @($tagged.FunctionName | Sort-Object) | Should -Be @('c-layers', 'c-plain', 'c-public-capped', 'c-public-url')
            $after.'lambda:ListTags'.calls - $(if ($before.PSObject.Properties.Name -contains 'lambda:ListTags') { $before.'lambda:ListTags'.calls } else { 0 }) | Should -Be 5
            # The default run of BeforeAll did not read tags at all.
            $stats.operations.PSObject.Properties.Name | Should -Not -Contain 'lambda:ListTags'
        }

        It 'Should prefer the zones -SubnetZone gives over those EC2 gives' {
            $zones = @{ 'subnet-0aaa0000000000001' = 'us-east-1a'; 'subnet-0aaa0000000000002' = 'us-east-1a' }
            $rules = @(Get-LambdaConfigurationRisk @aws -Region us-east-1 -FunctionName c-clean -SubnetZone $zones).RuleId
            $rules | Should -Be @('LS-CONFIG-005', 'LS-CONFIG-012')
        }
    }

    Context 'When a part cannot be read' {
        It 'Should leave <Rule> to what is known when <Service> cannot be read, and say so with -Verbose' -ForEach @(
            # Without zones, c-public-url's two subnets count as two zones; without log groups, c-plain's is not judged.
            @{ Service = 'ec2'; Operation = 'DescribeSubnets'; Function = 'c-public-url'; Rule = 'LS-CONFIG-005'; Note = 'EC2 subnets of us-east-1 cannot be read \(UnauthorizedOperation\)' }
            @{ Service = 'logs'; Operation = 'DescribeLogGroups'; Function = 'c-plain'; Rule = 'LS-CONFIG-015'; Note = 'log groups of us-east-1 cannot be read \(AccessDeniedException\)' }
        ) {
            Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path /_emulator/faults -Body @{ service = $Service; operation = $Operation; kind = 'denied' } | Out-Null
            try {
                $verbose = Get-LambdaConfigurationRisk @aws -Region us-east-1 -FunctionName $Function -Verbose 4>&1
                $rules = @($verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).RuleId
                $rules | Should -Not -Contain $Rule
                $rules | Should -Contain 'LS-CONFIG-004'
                @($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match $Note }) | Should -HaveCount 1
            }
            finally {
                Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path /_emulator/faults | Out-Null
            }
        }

        It 'Should leave its rule unevaluated (not reported safe or unsafe) and say so with -Verbose' {
            Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path /_emulator/faults -Body @{ service = 'lambda'; operation = 'GetFunctionCodeSigningConfig'; kind = '5xx' } | Out-Null
            try {
                $verbose = Get-LambdaConfigurationRisk @aws -Region us-east-1 -FunctionName c-plain -Verbose 4>&1
                $rules = @($verbose | Where-Object { $_ -isnot [System.Management.Automation.VerboseRecord] }).RuleId
                $rules | Should -Not -Contain 'LS-CONFIG-008'
                $rules | Should -Contain 'LS-CONFIG-001'
                @($verbose | Where-Object { $_ -is [System.Management.Automation.VerboseRecord] -and $_.Message -match 'code signing config cannot be read' }) | Should -HaveCount 1
            }
            finally {
                Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path /_emulator/faults | Out-Null
            }
        }
    }
}
