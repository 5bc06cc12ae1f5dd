Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest
    $script:Arn = 'arn:aws:lambda:us-east-1:111111111111:function:f'
    # A function that passes every rule whose facts it carries; each case changes one fact.
    function New-Function([hashtable] $Change = @{}) {
        $f = [ordered]@{
            FunctionName = $script:Arn
            Environment = [pscustomobject]@{ Variables = @{ TABLE = 'orders' } }
            KMSKeyArn = 'arn:aws:kms:us-east-1:111111111111:key/1234abcd-12ab-34cd-56ef-1234567890ab'
            Layers = @([pscustomobject]@{ Arn = 'arn:aws:lambda:us-east-1:111111111111:layer:shared:3' })
            DeadLetterConfig = [pscustomobject]@{ TargetArn = 'arn:aws:sqs:us-east-1:111111111111:dlq' }
            DestinationConfig = [pscustomobject]@{ OnFailure = [pscustomobject]@{ Destination = $null } }
            VpcConfig = [pscustomobject]@{ SubnetIds = @('subnet-a', 'subnet-b') }
            Cors = [pscustomobject]@{ AllowOrigins = @('https://app.example.com'); AllowCredentials = $true }
            TracingConfig = [pscustomobject]@{ Mode = 'Active' }
            CodeSigningConfigArn = 'arn:aws:lambda:us-east-1:111111111111:code-signing-config:csc-1'
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
            @(New-Function | Get-LambdaConfigurationRisk -SubnetZone $script:Zones -EventSelectorJson $script:AllSelectors).Count | Should -Be 0
        }
    }

    Context 'When one fact fails a rule' {
        It 'Should report <RuleId> for <Name>' -ForEach @(
            @{ Name = 'variables without a customer managed key'; RuleId = 'LS-CONFIG-001'; Change = @{ KMSKeyArn = $null } }
            @{ Name = 'a layer of another account'; RuleId = 'LS-CONFIG-002'; Change = @{ Layers = @('arn:aws:lambda:us-east-1:222222222222:layer:ext:1') } }
            @{ Name = 'no DLQ and no on-failure destination'; RuleId = 'LS-CONFIG-004'; Change = @{ DeadLetterConfig = $null } }
            @{ Name = 'subnets in one zone'; RuleId = 'LS-CONFIG-005'; Change = @{ VpcConfig = [pscustomobject]@{ SubnetIds = @('subnet-a', 'subnet-c') } } }
            @{ Name = 'CORS * with credentials'; RuleId = 'LS-CONFIG-006'; Change = @{ Cors = [pscustomobject]@{ AllowOrigins = @('*'); AllowCredentials = $true } } }
            @{ Name = 'PassThrough tracing'; RuleId = 'LS-CONFIG-007'; Change = @{ TracingConfig = [pscustomobject]@{ Mode = 'PassThrough' } } }
            @{ Name = 'no code signing config'; RuleId = 'LS-CONFIG-008'; Change = @{ CodeSigningConfigArn = '' } }
            @{ Name = 'a public function without reserved concurrency'; RuleId = 'LS-CONFIG-009'; Change = @{ Exposure = 'Public' } }
        ) {
            $findings = @(New-Function $Change | Get-LambdaConfigurationRisk -SubnetZone $script:Zones -EventSelectorJson $script:AllSelectors)
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
            $findings = @(New-Function | Get-LambdaConfigurationRisk -SubnetZone $script:Zones -EventSelectorJson $script:AllSelectors -LayerPolicy @{ $layer = $policy })
            $findings.RuleId | Should -BeExactly @('LS-CONFIG-003')
            $findings[0].ResourceType | Should -BeExactly 'AWS::Lambda::LayerVersion'
            $findings[0].Severity | Should -Be 'High'
        }

        It 'Should not report a layer version shared with the organization only' {
            $layer = 'arn:aws:lambda:us-east-1:111111111111:layer:shared:3'
            $policy = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:GetLayerVersion","Resource":"' + $layer + '","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}]}'
            @(New-Function | Get-LambdaConfigurationRisk -SubnetZone $script:Zones -EventSelectorJson $script:AllSelectors -LayerPolicy @{ $layer = $policy }).Count | Should -Be 0
        }

        It 'Should report one subnet as one zone when zones are unknown, and not guess for two' {
            @(New-Function @{ VpcConfig = [pscustomobject]@{ SubnetIds = @('subnet-x') } } | Get-LambdaConfigurationRisk -EventSelectorJson $script:AllSelectors).RuleId | Should -BeExactly @('LS-CONFIG-005')
            @(New-Function | Get-LambdaConfigurationRisk -EventSelectorJson $script:AllSelectors).Count | Should -Be 0
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
            @(New-Function | Get-LambdaConfigurationRisk -SubnetZone $script:Zones -EventSelectorJson $Json).RuleId | Should -BeExactly @('LS-CONFIG-010')
        }

        It 'Should not report LS-CONFIG-010 when <Name>' -ForEach @(
            @{ Name = 'every function is selected'; Json = '{"EventSelectors":[{"ReadWriteType":"WriteOnly","DataResources":[{"Type":"AWS::Lambda::Function","Values":["arn:aws:lambda"]}]}]}' }
            @{ Name = 'the function is selected by ARN'; Json = '{"EventSelectors":[{"ReadWriteType":"All","DataResources":[{"Type":"AWS::Lambda::Function","Values":["arn:aws:lambda:us-east-1:111111111111:function:f"]}]}]}' }
            @{ Name = 'an advanced selector covers Lambda data events'; Json = '{"AdvancedEventSelectors":[{"Name":"lambda","FieldSelectors":[{"Field":"eventCategory","Equals":["Data"]},{"Field":"resources.type","Equals":["AWS::Lambda::Function"]}]}]}' }
        ) {
            @(New-Function | Get-LambdaConfigurationRisk -SubnetZone $script:Zones -EventSelectorJson $Json).Count | Should -Be 0
        }
    }

    Context 'When facts are not given' {
        It 'Should evaluate no rule that needs them' {
            @([pscustomobject]@{ FunctionName = 'bare' } | Get-LambdaConfigurationRisk).Count | Should -Be 0
        }
    }
}
