# The differential scenario of tests/Emulator.Moto.Tests.ps1, dot-sourced at discovery and at run time.
# Each step: CLI arguments (a scriptblock over the per-server state $s), the fields to compare
# (dotted paths; "Name|json" parses a JSON string member first), ExpectError when AWS answers an error,
# and what to remember in $s.
$fn = 'arn:aws:lambda:us-east-1:123456789012:function:diff-fn'
$trust = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}'
$inline = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"s3:GetObject","Resource":"*"}]}'
$v2 = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction"],"Resource":"*"}]}'
# Security Hub findings in ASFF, written to a file for --findings file://: a valid one, the same Id archived, one without a resource.
function Get-DiffFindingsFile([string] $Kind) {
    $finding = [ordered]@{
        SchemaVersion = '2018-10-08'; Id = 'lambdasec/LS-EXP-001/diff'; ProductArn = 'arn:aws:securityhub:us-east-1:123456789012:product/123456789012/default'
        GeneratorId = 'LS-EXP-001'; AwsAccountId = '123456789012'; Types = @('Software and Configuration Checks/AWS Security Best Practices')
        CreatedAt = '2026-12-03T10:00:00.000Z'; UpdatedAt = '2026-12-03T10:00:00.000Z'; Severity = @{ Label = 'CRITICAL' }
        Title = 'Lambda function policy lets any AWS account invoke'; Description = 'diff-fn is public'
        Resources = @(@{ Type = 'AwsLambdaFunction'; Id = $fn; Partition = 'aws'; Region = 'us-east-1' }); RecordState = 'ACTIVE'
    }
    $findings = switch ($Kind) {
        'archive' { $finding.RecordState = 'ARCHIVED'; $finding.UpdatedAt = '2026-12-04T10:00:00.000Z'; @($finding) }
        'invalid' { $finding.Id = 'lambdasec/LS-EXP-001/bad'; $finding.Resources = @(); @($finding) }
        default { @($finding) }
    }
    $path = Join-Path ([IO.Path]::GetTempPath()) "lambdasec-diff-findings-$Kind.json"
    ConvertTo-Json -InputObject @($findings) -Depth 6 | Set-Content $path
    "file://$path"
}
$DiffSteps = @(
    @{ Name = 'sts get-caller-identity'; Args = { @('sts', 'get-caller-identity') }; Fields = @('Account') }
    @{ Name = 'iam create-role'; Args = { @('iam', 'create-role', '--role-name', 'diff-role', '--path', '/', '--assume-role-policy-document', $trust) }; Fields = @('Role.RoleName', 'Role.Path', 'Role.Arn', 'Role.AssumeRolePolicyDocument') }
    @{ Name = 'iam get-role'; Args = { @('iam', 'get-role', '--role-name', 'diff-role') }; Fields = @('Role.RoleName', 'Role.Arn', 'Role.AssumeRolePolicyDocument', 'Role.MaxSessionDuration') }
    @{ Name = 'iam get-role (missing)'; ExpectError = 'NoSuchEntity'; Args = { @('iam', 'get-role', '--role-name', 'missing-role') }; Fields = @() }
    @{ Name = 'iam put-role-policy'; Args = { @('iam', 'put-role-policy', '--role-name', 'diff-role', '--policy-name', 'inline', '--policy-document', $inline) }; Fields = @() }
    @{ Name = 'iam get-role-policy'; Args = { @('iam', 'get-role-policy', '--role-name', 'diff-role', '--policy-name', 'inline') }; Fields = @('RoleName', 'PolicyName', 'PolicyDocument') }
    @{ Name = 'iam list-role-policies'; Args = { @('iam', 'list-role-policies', '--role-name', 'diff-role') }; Fields = @('PolicyNames') }
    @{ Name = 'iam create-policy'; Args = { @('iam', 'create-policy', '--policy-name', 'diff-policy', '--policy-document', $inline) }; Fields = @('Policy.PolicyName', 'Policy.Arn', 'Policy.Path', 'Policy.DefaultVersionId', 'Policy.AttachmentCount', 'Policy.IsAttachable') }
    @{ Name = 'iam create-policy-version'; Args = { @('iam', 'create-policy-version', '--policy-arn', 'arn:aws:iam::123456789012:policy/diff-policy', '--policy-document', $v2, '--set-as-default') }; Fields = @('PolicyVersion.VersionId', 'PolicyVersion.IsDefaultVersion') }
    @{ Name = 'iam get-policy-version'; Args = { @('iam', 'get-policy-version', '--policy-arn', 'arn:aws:iam::123456789012:policy/diff-policy', '--version-id', 'v2') }; Fields = @('PolicyVersion.VersionId', 'PolicyVersion.IsDefaultVersion', 'PolicyVersion.Document') }
    @{ Name = 'iam attach-role-policy'; Args = { @('iam', 'attach-role-policy', '--role-name', 'diff-role', '--policy-arn', 'arn:aws:iam::123456789012:policy/diff-policy') }; Fields = @() }
    @{ Name = 'iam get-policy'; Args = { @('iam', 'get-policy', '--policy-arn', 'arn:aws:iam::123456789012:policy/diff-policy') }; Fields = @('Policy.PolicyName', 'Policy.DefaultVersionId', 'Policy.AttachmentCount') }
    @{ Name = 'iam list-attached-role-policies'; Args = { @('iam', 'list-attached-role-policies', '--role-name', 'diff-role') }; Fields = @('AttachedPolicies') }
    @{ Name = 'iam get-account-authorization-details'; Args = { @('iam', 'get-account-authorization-details', '--filter', 'Role', 'LocalManagedPolicy') }; Fields = @('RoleDetailList.RoleName', 'RoleDetailList.RolePolicyList', 'RoleDetailList.AttachedManagedPolicies') }
    @{ Name = 'lambda create-function'; Args = { @('lambda', 'create-function', '--function-name', 'diff-fn', '--runtime', 'python3.12', '--handler', 'index.handler', '--role', 'arn:aws:iam::123456789012:role/diff-role', '--zip-file', "fileb://$($s.Zip)", '--memory-size', '256', '--timeout', '30', '--description', 'diff') }
        Fields = @('FunctionName', 'FunctionArn', 'Runtime', 'Role', 'Handler', 'Description', 'Timeout', 'MemorySize', 'Version', 'PackageType', 'Architectures', 'EphemeralStorage', 'TracingConfig', 'SnapStart') }
    @{ Name = 'lambda get-function-configuration'; Args = { @('lambda', 'get-function-configuration', '--function-name', 'diff-fn') }; Fields = @('FunctionName', 'FunctionArn', 'Runtime', 'Role', 'Handler', 'Timeout', 'MemorySize', 'State', 'PackageType') }
    @{ Name = 'lambda get-function'; Args = { @('lambda', 'get-function', '--function-name', $fn) }; Fields = @('Configuration.FunctionName', 'Configuration.Runtime', 'Code.RepositoryType') }
    @{ Name = 'lambda get-function (missing)'; ExpectError = 'ResourceNotFoundException'; Args = { @('lambda', 'get-function', '--function-name', 'missing-fn') }; Fields = @() }
    @{ Name = 'lambda get-policy (none yet)'; ExpectError = 'ResourceNotFoundException'; Args = { @('lambda', 'get-policy', '--function-name', 'diff-fn') }; Fields = @() }
    @{ Name = 'lambda add-permission (service, SourceArn, SourceAccount)'; Args = { @('lambda', 'add-permission', '--function-name', 'diff-fn', '--statement-id', 's3', '--action', 'lambda:InvokeFunction', '--principal', 's3.amazonaws.com', '--source-arn', 'arn:aws:s3:::diff-bucket', '--source-account', '123456789012') }
        Fields = @('Statement|json') }
    @{ Name = 'lambda add-permission (anyone in the organization)'; Args = { @('lambda', 'add-permission', '--function-name', 'diff-fn', '--statement-id', 'org', '--action', 'lambda:InvokeFunction', '--principal', '*', '--principal-org-id', 'o-abcdefghij') }
        Fields = @('Statement|json') }
    @{ Name = 'lambda add-permission (public)'; Args = { @('lambda', 'add-permission', '--function-name', 'diff-fn', '--statement-id', 'public', '--action', 'lambda:InvokeFunction', '--principal', '*') }
        Fields = @('Statement|json') }
    @{ Name = 'lambda get-policy'; Args = { @('lambda', 'get-policy', '--function-name', 'diff-fn') }; Fields = @('Policy|json') }
    @{ Name = 'lambda remove-permission (stale revision)'; ExpectError = 'PreconditionFailedException'; Args = { @('lambda', 'remove-permission', '--function-name', 'diff-fn', '--statement-id', 'public', '--revision-id', '00000000-0000-0000-0000-000000000000') }; Fields = @() }
    @{ Name = 'lambda remove-permission'; Args = { @('lambda', 'remove-permission', '--function-name', 'diff-fn', '--statement-id', 'public') }; Fields = @() }
    @{ Name = 'lambda get-policy (after removal)'; Args = { @('lambda', 'get-policy', '--function-name', 'diff-fn') }; Fields = @('Policy|json') }
    @{ Name = 'lambda create-function-url-config'; Args = { @('lambda', 'create-function-url-config', '--function-name', 'diff-fn', '--auth-type', 'AWS_IAM') }; Fields = @('FunctionArn', 'AuthType') }
    @{ Name = 'lambda get-function-url-config'; Args = { @('lambda', 'get-function-url-config', '--function-name', 'diff-fn') }; Fields = @('FunctionArn', 'AuthType') }
    @{ Name = 'lambda put-function-concurrency'; Args = { @('lambda', 'put-function-concurrency', '--function-name', 'diff-fn', '--reserved-concurrent-executions', '7') }; Fields = @('ReservedConcurrentExecutions') }
    @{ Name = 'lambda get-function-concurrency'; Args = { @('lambda', 'get-function-concurrency', '--function-name', 'diff-fn') }; Fields = @('ReservedConcurrentExecutions') }
    # The queue exists in moto (it checks; the test creates it there) and is only an ARN to the emulator.
    @{ Name = 'lambda create-event-source-mapping (SQS)'; Args = { @('lambda', 'create-event-source-mapping', '--function-name', 'diff-fn', '--event-source-arn', 'arn:aws:sqs:us-east-1:123456789012:diff-queue') }; Fields = @('EventSourceArn', 'FunctionArn', 'BatchSize') }
    # moto takes only SQS, Kinesis and DynamoDB sources, but keeps the Kafka members LS-ESM-002 reads (SourceAccessConfigurations,
    # AmazonManagedKafkaEventSourceConfig.SchemaRegistryConfig) on any mapping: their nesting is compared on an SQS one.
    @{ Name = 'lambda create-event-source-mapping (SQS, with the Kafka members LS-ESM-002 reads)'; Args = { @('lambda', 'create-event-source-mapping', '--function-name', 'diff-fn', '--event-source-arn', 'arn:aws:sqs:us-east-1:123456789012:diff-kafka-queue', '--source-access-configurations', 'Type=SASL_SCRAM_512_AUTH,URI=arn:aws:secretsmanager:us-east-1:123456789012:secret:kafka-AbCdEf', '--amazon-managed-kafka-event-source-config', '{"SchemaRegistryConfig":{"SchemaRegistryURI":"https://registry-user:s3cret@registry.example.com","AccessConfigs":[{"Type":"BASIC_AUTH","URI":"registry-user:s3cret"}]}}') }; Fields = @('SourceAccessConfigurations.Type', 'SourceAccessConfigurations.URI', 'AmazonManagedKafkaEventSourceConfig.SchemaRegistryConfig.SchemaRegistryURI', 'AmazonManagedKafkaEventSourceConfig.SchemaRegistryConfig.AccessConfigs.Type', 'AmazonManagedKafkaEventSourceConfig.SchemaRegistryConfig.AccessConfigs.URI') }
    @{ Name = 'lambda list-event-source-mappings'; Args = { @('lambda', 'list-event-source-mappings') }; Fields = @('EventSourceMappings.EventSourceArn', 'EventSourceMappings.FunctionArn', 'EventSourceMappings.BatchSize') }
    @{ Name = 'lambda list-event-source-mappings (by function)'; Args = { @('lambda', 'list-event-source-mappings', '--function-name', 'diff-fn') }; Fields = @('EventSourceMappings.EventSourceArn', 'EventSourceMappings.FunctionArn') }
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
    @{ Name = 'elbv2 describe-load-balancers (missing)'; ExpectError = 'LoadBalancerNotFound'; Args = { @('elbv2', 'describe-load-balancers', '--names', 'missing-alb') }; Fields = @() }
    @{ Name = 'wafv2 create-web-acl'; Args = { @('wafv2', 'create-web-acl', '--name', 'diff-acl', '--scope', 'REGIONAL', '--default-action', 'Allow={}', '--visibility-config', 'SampledRequestsEnabled=false,CloudWatchMetricsEnabled=false,MetricName=diff') }; Fields = @('Summary.Name')
        Save = { param($r, $s) $s.Acl = $r.Summary.ARN } }
    @{ Name = 'wafv2 associate-web-acl'; Args = { @('wafv2', 'associate-web-acl', '--web-acl-arn', $s.Acl, '--resource-arn', $s.Lb) }; Fields = @() }
    @{ Name = 'wafv2 get-web-acl-for-resource'; Args = { @('wafv2', 'get-web-acl-for-resource', '--resource-arn', $s.Lb) }; Fields = @('WebACL.Name', 'WebACL.DefaultAction') }
    @{ Name = 'organizations create-organization'; Args = { @('organizations', 'create-organization', '--feature-set', 'ALL') }; Fields = @('Organization.FeatureSet', 'Organization.MasterAccountId') }
    @{ Name = 'organizations describe-organization'; Args = { @('organizations', 'describe-organization') }; Fields = @('Organization.FeatureSet', 'Organization.MasterAccountId') }
    @{ Name = 'securityhub batch-import-findings'; Args = { @('securityhub', 'batch-import-findings', '--findings', (Get-DiffFindingsFile 'new')) }; Fields = @('SuccessCount', 'FailedCount') }
    @{ Name = 'securityhub batch-import-findings (no resource)'; Args = { @('securityhub', 'batch-import-findings', '--findings', (Get-DiffFindingsFile 'invalid')) }; Fields = @('SuccessCount', 'FailedCount', 'FailedFindings.Id', 'FailedFindings.ErrorCode') }
    @{ Name = 'securityhub batch-import-findings (same Id, archived)'; Args = { @('securityhub', 'batch-import-findings', '--findings', (Get-DiffFindingsFile 'archive')) }; Fields = @('SuccessCount', 'FailedCount') }
    @{ Name = 'securityhub get-findings'; Args = { @('securityhub', 'get-findings') }; Fields = @('Findings.Id', 'Findings.RecordState', 'Findings.GeneratorId', 'Findings.UpdatedAt', 'Findings.CreatedAt', 'Findings.Resources') }
    @{ Name = 'lambda tag-resource'; Args = { @('lambda', 'tag-resource', '--resource', $fn, '--tags', 'Owner=payments,DataClass=internal') }; Fields = @() }
    @{ Name = 'lambda list-tags'; Args = { @('lambda', 'list-tags', '--resource', $fn) }; Fields = @('Tags') }
    @{ Name = 'lambda list-tags (missing function)'; ExpectError = 'ResourceNotFoundException'; Args = { @('lambda', 'list-tags', '--resource', 'arn:aws:lambda:us-east-1:123456789012:function:missing-fn') }; Fields = @() }
    @{ Name = 'ec2 create-subnet'; Args = { @('ec2', 'create-subnet', '--vpc-id', $s.Vpc, '--cidr-block', '172.31.210.0/24', '--availability-zone', 'us-east-1c') }; Fields = @('Subnet.AvailabilityZone', 'Subnet.CidrBlock', 'Subnet.State')
        Save = { param($r, $s) $s.DiffSubnet = $r.Subnet.SubnetId } }
    @{ Name = 'ec2 describe-subnets (subnet-id filter)'; Args = { @('ec2', 'describe-subnets', '--filters', "Name=subnet-id,Values=$($s.DiffSubnet)") }; Fields = @('Subnets.AvailabilityZone', 'Subnets.CidrBlock', 'Subnets.State') }
    @{ Name = 'ec2 describe-subnets (missing id)'; ExpectError = 'InvalidSubnetID.NotFound'; Args = { @('ec2', 'describe-subnets', '--subnet-ids', 'subnet-0123456789abcdef0') }; Fields = @() }
    # Amazon Inspector's Lambda scan types and GuardDuty's Lambda Protection (LS-DETECT-*). moto's Disable of LAMBDA leaves
    # LAMBDA_CODE on (AWS turns it off too), so only LAMBDA_CODE is disabled here.
    @{ Name = 'inspector2 enable (LAMBDA)'; Args = { @('inspector2', 'enable', '--resource-types', 'LAMBDA', '--account-ids', '123456789012') }; Fields = @('accounts.accountId', 'accounts.status', 'accounts.resourceStatus.lambda', 'accounts.resourceStatus.lambdaCode') }
    @{ Name = 'inspector2 batch-get-account-status (standard on)'; Args = { @('inspector2', 'batch-get-account-status', '--account-ids', '123456789012') }; Fields = @('accounts.accountId', 'accounts.state.status', 'accounts.resourceState.lambda.status', 'accounts.resourceState.lambdaCode.status') }
    @{ Name = 'inspector2 enable (LAMBDA_CODE)'; Args = { @('inspector2', 'enable', '--resource-types', 'LAMBDA_CODE', '--account-ids', '123456789012') }; Fields = @('accounts.resourceStatus.lambda', 'accounts.resourceStatus.lambdaCode') }
    @{ Name = 'inspector2 disable (LAMBDA_CODE)'; Args = { @('inspector2', 'disable', '--resource-types', 'LAMBDA_CODE', '--account-ids', '123456789012') }; Fields = @('accounts.resourceStatus.lambda', 'accounts.resourceStatus.lambdaCode') }
    @{ Name = 'inspector2 batch-get-account-status (code off)'; Args = { @('inspector2', 'batch-get-account-status', '--account-ids', '123456789012') }; Fields = @('accounts.state.status', 'accounts.resourceState.lambda.status', 'accounts.resourceState.lambdaCode.status') }
    @{ Name = 'guardduty create-detector'; Args = { @('guardduty', 'create-detector', '--enable', '--features', 'Name=LAMBDA_NETWORK_LOGS,Status=DISABLED') }; Fields = @()
        Save = { param($r, $s) $s.Detector = $r.DetectorId } }
    @{ Name = 'guardduty list-detectors'; Args = { @('guardduty', 'list-detectors') }; Fields = @() }
    @{ Name = 'guardduty get-detector (Lambda Protection off)'; Args = { @('guardduty', 'get-detector', '--detector-id', $s.Detector) }; Fields = @('Status', 'Features.Name', 'Features.Status', 'ServiceRole') }
    @{ Name = 'guardduty update-detector (Lambda Protection on)'; Args = { @('guardduty', 'update-detector', '--detector-id', $s.Detector, '--features', 'Name=LAMBDA_NETWORK_LOGS,Status=ENABLED') }; Fields = @() }
    @{ Name = 'guardduty get-detector (Lambda Protection on)'; Args = { @('guardduty', 'get-detector', '--detector-id', $s.Detector) }; Fields = @('Status', 'Features.Name', 'Features.Status') }
    @{ Name = 'guardduty update-detector (suspend)'; Args = { @('guardduty', 'update-detector', '--detector-id', $s.Detector, '--no-enable') }; Fields = @() }
    @{ Name = 'guardduty get-detector (suspended)'; Args = { @('guardduty', 'get-detector', '--detector-id', $s.Detector) }; Fields = @('Status', 'Features.Status') }
    @{ Name = 'guardduty get-detector (not the account''s)'; ExpectError = 'BadRequestException'; Args = { @('guardduty', 'get-detector', '--detector-id', 'abcdef0123456789abcdef0123456789') }; Fields = @() }
    @{ Name = 'logs create-log-group'; Args = { @('logs', 'create-log-group', '--log-group-name', '/aws/lambda/diff-fn') }; Fields = @() }
    @{ Name = 'logs create-log-group (exists)'; ExpectError = 'ResourceAlreadyExistsException'; Args = { @('logs', 'create-log-group', '--log-group-name', '/aws/lambda/diff-fn') }; Fields = @() }
    @{ Name = 'logs create-log-group (shared)'; Args = { @('logs', 'create-log-group', '--log-group-name', '/shared/diff-logs') }; Fields = @() }
    @{ Name = 'logs put-retention-policy'; Args = { @('logs', 'put-retention-policy', '--log-group-name', '/aws/lambda/diff-fn', '--retention-in-days', '14') }; Fields = @() }
    @{ Name = 'logs put-retention-policy (missing group)'; ExpectError = 'ResourceNotFoundException'; Args = { @('logs', 'put-retention-policy', '--log-group-name', '/aws/lambda/missing', '--retention-in-days', '14') }; Fields = @() }
    @{ Name = 'logs describe-log-groups (prefix)'; Args = { @('logs', 'describe-log-groups', '--log-group-name-prefix', '/aws/lambda/') }; Fields = @('logGroups.logGroupName', 'logGroups.retentionInDays', 'logGroups.arn') }
    @{ Name = 'logs describe-log-groups (pages of one)'; Args = { @('logs', 'describe-log-groups', '--page-size', '1') }; Fields = @('logGroups.logGroupName') }
)
