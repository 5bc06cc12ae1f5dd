using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Exposure;
using LambdaSec.Analysis.Policy;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Configuration;

/// <summary>
/// The configuration hygiene rules (docs/rules.md, LS-CONFIG-*): pure, one finding per rule that a
/// function fails. The ControlIds name the peers' equivalent checks so their reports can be reconciled.
/// </summary>
public static class ConfigurationRules
{
    public const string EnvironmentNotEncryptedWithCmk = "LS-CONFIG-001";
    public const string LayerFromOtherAccount = "LS-CONFIG-002";
    public const string LayerPolicyPublic = "LS-CONFIG-003";
    public const string NoFailureDestination = "LS-CONFIG-004";
    public const string VpcSingleZone = "LS-CONFIG-005";
    public const string UrlCorsAnyOriginWithCredentials = "LS-CONFIG-006";
    public const string NoActiveTracing = "LS-CONFIG-007";
    public const string NoCodeSigning = "LS-CONFIG-008";
    public const string PublicWithoutReservedConcurrency = "LS-CONFIG-009";
    public const string InvokeNotRecorded = "LS-CONFIG-010";
    public const string NotInVpc = "LS-CONFIG-011";
    public const string NoLambdaInsights = "LS-CONFIG-012";
    public const string SharedExecutionRole = "LS-CONFIG-013";
    public const string CodeSigningNotEnforced = "LS-CONFIG-014";
    public const string LogGroupWithoutRetention = "LS-CONFIG-015";
    public const string MissingTags = "LS-CONFIG-016";

    /// <summary>
    /// Rules reported only when asked for by id (-Rule): Security Hub Lambda.3 (function in a VPC) fails every function
    /// that needs no private network, and a VPC is not a security control by itself; Lambda.6 (tags) is an inventory
    /// convention, not a risk, and costs a ListTags per function (docs/peer-coverage.md).
    /// </summary>
    public static IReadOnlyCollection<string> OptIn { get; } = [NotInVpc, MissingTags];

    /// <summary>The layer names AWS publishes the CloudWatch Lambda Insights extension under (x86_64 and arm64), in every region's publisher account.</summary>
    private static readonly string[] InsightsLayerNames = ["LambdaInsightsExtension", "LambdaInsightsExtension-Arm64"];

    private const string FunctionType = "AWS::Lambda::Function";

    public static IReadOnlyList<LambdaSecFinding> Evaluate(FunctionConfigurationFacts f)
    {
        var findings = new List<LambdaSecFinding>();
        void Add(string ruleId, string title, FindingSeverity severity, string evidence, string remediation, string[] controls, string resourceType = FunctionType, string? resourceArn = null) =>
            findings.Add(new LambdaSecFinding
            {
                RuleId = ruleId, Title = title, Severity = severity, AccountId = f.AccountId, Region = f.Region, FunctionName = f.FunctionName,
                ResourceType = resourceType, ResourceArn = resourceArn ?? f.FunctionArn, Evidence = evidence, Remediation = remediation, ControlIds = controls, Frameworks = Compliance.FrameworkMappings.For(ruleId, controls),
            });

        if (f.EnvironmentVariableCount is > 0 && string.IsNullOrEmpty(f.KmsKeyArn))
        {
            Add(EnvironmentNotEncryptedWithCmk, "Environment variables are not encrypted with a customer managed KMS key", FindingSeverity.Low,
                $"{f.FunctionName} has {f.EnvironmentVariableCount} environment variable(s) and no KMSKeyArn: they are encrypted with the AWS managed key aws/lambda, which every principal allowed lambda:GetFunctionConfiguration can decrypt.",
                $"Set a customer managed key: aws lambda update-function-configuration --function-name {f.FunctionName} --kms-key-arn <key-arn>; keep secrets in Secrets Manager rather than in variables (Find-LambdaSecret lists them).",
                ["Prowler:awslambda_function_env_vars_not_encrypted_with_cmk", "Checkov:CKV_AWS_173"]);
        }

        var foreign = f.LayerArns.Select(l => (Layer: l, Account: AwsIdentifiers.AccountOfArn(l))).Where(l => l.Account is not null && f.AccountId is not null && l.Account != f.AccountId).ToList();
        if (foreign.Count > 0)
        {
            // One finding per function (reports count functions), naming every layer of another account.
            Add(LayerFromOtherAccount, "Layer from another account", FindingSeverity.Medium,
                $"{f.FunctionName} runs code from {string.Join(", ", foreign.Select(l => $"layer {l.Layer} of account {l.Account}"))}; whoever controls that account controls what a new version of the layer brings.",
                "Copy the layer into your account (or an account of your organization) after review, pin its version, and use that ARN.",
                ["Prowler:awslambda_function_using_cross_account_layers"], resourceArn: f.FunctionArn);
        }

        foreach (var layer in f.LayerArns)
        {
            var layerAccount = AwsIdentifiers.AccountOfArn(layer);
            if (f.LayerPolicies.TryGetValue(layer, out var policy) && policy is not null)
            {
                var exposure = PolicyExposureClassifier.Classify(policy, layerAccount);
                if (exposure.Exposure is ExposureLevel.Public or ExposureLevel.Unknown)
                {
                    Add(LayerPolicyPublic, "Layer version is shared publicly", exposure.Exposure == ExposureLevel.Public ? FindingSeverity.High : FindingSeverity.Medium,
                        $"The resource policy of layer version {layer} used by {f.FunctionName} is {exposure.Exposure}: any AWS account can read its code (GetLayerVersion) and any secret packaged in it.",
                        $"Remove the public statement: aws lambda remove-layer-version-permission --layer-name <name> --version-number <n> --statement-id {exposure.Statements.FirstOrDefault(s => s.Exposure == exposure.Exposure)?.Sid ?? "<sid>"}; grant the accounts or organization that need it instead.",
                        [], "AWS::Lambda::LayerVersion", layer);
                }
            }
        }

        if (f.DeadLetterTargetArn is not null && f.OnFailureDestination is not null && f.DeadLetterTargetArn.Length == 0 && f.OnFailureDestination.Length == 0)
        {
            Add(NoFailureDestination, "No dead-letter queue or on-failure destination for asynchronous invocations", FindingSeverity.Low,
                $"{f.FunctionName} has neither a DeadLetterConfig nor an OnFailure destination: events whose asynchronous invocation fails after the retries are dropped without a trace.",
                $"aws lambda put-function-event-invoke-config --function-name {f.FunctionName} --destination-config OnFailure={{Destination=<sqs-or-sns-arn>}} (or set DeadLetterConfig).",
                ["Config:lambda-dlq-check", "Prowler:awslambda_function_no_dead_letter_queue", "CloudSploit:lambda/lambdaDeadLetterQueue", "Checkov:CKV_AWS_116"]);
        }

        if (f.SubnetIds.Count > 0)
        {
            var zones = f.SubnetIds.Select(s => f.SubnetZones.TryGetValue(s, out var z) ? z : null).ToList();
            var zonesKnown = zones.All(z => z is not null);
            var distinct = zonesKnown ? zones.Distinct(StringComparer.Ordinal).Count() : f.SubnetIds.Distinct(StringComparer.Ordinal).Count();
            if (distinct < 2)
            {
                Add(VpcSingleZone, "VPC function runs in a single Availability Zone", FindingSeverity.Medium,
                    zonesKnown
                        ? $"{f.FunctionName} is attached to {f.SubnetIds.Count} subnet(s), all in {zones[0]}: an outage of that zone stops the function."
                        : $"{f.FunctionName} is attached to one subnet ({f.SubnetIds[0]}), so to one Availability Zone (the subnets' zones were not read).",
                    $"Attach subnets in at least two Availability Zones: aws lambda update-function-configuration --function-name {f.FunctionName} --vpc-config SubnetIds=<a>,<b>,SecurityGroupIds=<sg>.",
                    ["SecurityHub:Lambda.5", "Config:lambda-vpc-multi-az-check", "Prowler:awslambda_function_vpc_multi_az"]);
            }
        }

        if (f.InVpc == false)
        {
            Add(NotInVpc, "Function is not attached to a VPC", FindingSeverity.Low,
                $"{f.FunctionName} has no VpcConfig: it reaches the internet and AWS endpoints directly, outside your VPC's security groups, network ACLs and flow logs.",
                $"If the function must reach private resources or your egress must be inspected, attach it to private subnets in two or more Availability Zones: aws lambda update-function-configuration --function-name {f.FunctionName} --vpc-config SubnetIds=<a>,<b>,SecurityGroupIds=<sg>. Otherwise leave it: this rule is reported only with -Rule {NotInVpc}.",
                ["SecurityHub:Lambda.3", "Config:lambda-inside-vpc", "Prowler:awslambda_function_inside_vpc", "CloudSploit:lambda/lambdaVpcConfig", "Checkov:CKV_AWS_117", "Steampipe:lambda_function_in_vpc"]);
        }

        if (f.LayersKnown && !f.LayerArns.Any(IsInsightsLayer))
        {
            Add(NoLambdaInsights, "CloudWatch Lambda Insights is not enabled", FindingSeverity.Low,
                $"{f.FunctionName} has no LambdaInsightsExtension layer: its CPU, memory, network and cold-start metrics are not collected, so a flood of invocations or a runaway process shows only in the bill.",
                $"Add the Lambda Insights extension layer of the region (LambdaInsightsExtension, or LambdaInsightsExtension-Arm64 for arm64) and the CloudWatchLambdaInsightsExecutionRolePolicy managed policy to the role: aws lambda update-function-configuration --function-name {f.FunctionName} --layers <existing layers> <insights-layer-arn>.",
                ["CloudSploit:lambda/lambdaEnhancedMonitoring", "Steampipe:lambda_function_cloudwatch_insights_enabled", "CIS-Compute:4.2"]);
        }

        if (f.RoleSharedWith is { Count: > 0 } sharing)
        {
            Add(SharedExecutionRole, "Execution role is shared with other functions", FindingSeverity.Low,
                $"{f.FunctionName} runs with {f.Role ?? "a role"} like {sharing.Count} other function(s) ({string.Join(", ", sharing.Take(5))}{(sharing.Count > 5 ? ", ..." : string.Empty)}): code running in any of them holds the permissions all of them need.",
                $"Give each function its own role with only what it uses (Get-LambdaRolePrivilege shows what the shared role allows): aws lambda update-function-configuration --function-name {f.FunctionName} --role <new-role-arn>.",
                ["CloudSploit:lambda/lambdaUniqueExecutionRole", "CIS-Compute:4.5"]);
        }

        if (f.LogGroupExists is { } logGroupExists && (!logGroupExists || f.LogRetentionDays is null))
        {
            Add(LogGroupWithoutRetention, logGroupExists ? "Log group keeps the function's logs forever" : "Function has no log group", logGroupExists ? FindingSeverity.Low : FindingSeverity.Medium,
                logGroupExists
                    ? $"The log group {f.LogGroupName} of {f.FunctionName} has no retention policy: its events never expire, so whatever the function logs (request data, tokens printed by mistake) is kept and readable for as long as the account lives."
                    : $"{f.FunctionName} writes to {f.LogGroupName}, which does not exist in {f.Region ?? "its region"}: either the function has never run, or its role cannot create the log group (logs:CreateLogGroup), so its invocations leave no log to investigate.",
                logGroupExists
                    ? $"Set a retention that fits your investigation and privacy needs: aws logs put-retention-policy --log-group-name {f.LogGroupName} --retention-in-days 365."
                    : $"Create the log group with a retention, and let the role write to it (AWSLambdaBasicExecutionRole or logs:CreateLogStream and logs:PutLogEvents on it): aws logs create-log-group --log-group-name {f.LogGroupName}; aws logs put-retention-policy --log-group-name {f.LogGroupName} --retention-in-days 365.",
                ["CloudSploit:lambda/lambdaLogGroups", "Steampipe:lambda_function_logging_config_enabled"]);
        }

        if (f.Tags is { } tags)
        {
            // As AWS Config's lambda-function-tagged: tags whose key starts with aws: (set by AWS services) do not count.
            var own = tags.Keys.Where(k => !k.StartsWith("aws:", StringComparison.Ordinal)).OrderBy(k => k, StringComparer.Ordinal).ToList();
            var missing = f.RequiredTagKeys.Where(k => !tags.ContainsKey(k)).ToList();
            if (own.Count == 0 || missing.Count > 0)
            {
                Add(MissingTags, own.Count == 0 ? "Function has no tags" : "Function lacks required tags", FindingSeverity.Low,
                    own.Count == 0
                        ? $"{f.FunctionName} has no tags of its own: nothing says who owns it, what it is for or which data it handles, so an alert about it cannot be routed to its owner."
                        : $"{f.FunctionName} lacks the required tag key(s) {string.Join(", ", missing)} (it has {string.Join(", ", own)}).",
                    $"aws lambda tag-resource --resource {f.FunctionArn ?? f.FunctionName} --tags {string.Join(",", (missing.Count > 0 ? missing : ["Owner"]).Select(k => k + "=<value>"))}. This rule is reported only with -Rule {MissingTags} or -RequiredTag.",
                    ["SecurityHub:Lambda.6", "Config:lambda-function-tagged", "CloudSploit:lambda/lambdaHasTags"]);
            }
        }

        if (f.UrlAllowOrigins is { } origins && origins.Contains("*") && f.UrlAllowCredentials == true)
        {
            Add(UrlCorsAnyOriginWithCredentials, "Function URL allows any origin with credentials", FindingSeverity.Medium,
                $"The function URL of {f.FunctionName} has CORS AllowOrigins '*' and AllowCredentials true: any web site may make credentialed requests to it from a visitor's browser.",
                $"List the trusted origins in AllowOrigins, or set AllowCredentials false: aws lambda update-function-url-config --function-name {f.FunctionName} --cors AllowOrigins=https://app.example.com,AllowCredentials=true.",
                ["Prowler:awslambda_function_url_cors_policy", "Checkov:CKV2_AWS_75"]);
        }

        if (f.TracingMode is not null && !string.Equals(f.TracingMode, "Active", StringComparison.OrdinalIgnoreCase))
        {
            Add(NoActiveTracing, "X-Ray active tracing is off", FindingSeverity.Low,
                $"{f.FunctionName} has TracingConfig Mode {f.TracingMode}: its invocations are not traced, which slows the investigation of abuse.",
                $"aws lambda update-function-configuration --function-name {f.FunctionName} --tracing-config Mode=Active (the role needs xray:PutTraceSegments).",
                ["SecurityHub:Lambda.7", "CloudSploit:lambda/lambdaTracingEnabled", "Checkov:CKV_AWS_50"]);
        }

        if (f.CodeSigningConfigArn is { Length: 0 })
        {
            Add(NoCodeSigning, "No code signing configuration", FindingSeverity.Low,
                $"{f.FunctionName} has no code signing config: Lambda accepts any code package, signed or not, from whoever may call UpdateFunctionCode.",
                $"Create a code signing config with your AWS Signer profile and attach it: aws lambda put-function-code-signing-config --function-name {f.FunctionName} --code-signing-config-arn <arn>.",
                ["CloudSploit:lambda/lambdaCodeSigningEnabled", "Checkov:CKV_AWS_272"]);
        }

        if (f.CodeSigningConfigArn is { Length: > 0 } && string.Equals(f.CodeSigningPolicy, "Warn", StringComparison.OrdinalIgnoreCase))
        {
            Add(CodeSigningNotEnforced, "Code signing is not enforced (Warn)", FindingSeverity.Low,
                $"{f.FunctionName} uses code signing config {f.CodeSigningConfigArn} with UntrustedArtifactOnDeployment Warn: Lambda deploys a package whose signature is missing, expired or from an untrusted publisher, and only records a SignatureValidationErrors metric and a CloudTrail entry.",
                $"Set the policy to Enforce once your pipeline signs every package: aws lambda update-code-signing-config --code-signing-config-arn {f.CodeSigningConfigArn} --code-signing-policies UntrustedArtifactOnDeployment=Enforce.",
                []);
        }

        if (f.ReservedConcurrencyKnown && f.ReservedConcurrency is null && f.Exposure is ExposureLevel.Public or ExposureLevel.ServiceUnrestricted)
        {
            Add(PublicWithoutReservedConcurrency, "Publicly invocable function without reserved concurrency", FindingSeverity.Medium,
                $"{f.FunctionName} is {f.Exposure} and has no reserved concurrency: a flood of invocations can use the whole account's concurrency (throttling every other function) and run up the bill.",
                $"Reserve a ceiling: aws lambda put-function-concurrency --function-name {f.FunctionName} --reserved-concurrent-executions <n>; Measure-LambdaDenialOfWallet shows the cost it caps.",
                ["Config:lambda-concurrency-check", "Checkov:CKV_AWS_115"]);
        }

        if (f.InvokeDataEventsRecorded == false)
        {
            Add(InvokeNotRecorded, "CloudTrail does not record Lambda Invoke data events", FindingSeverity.Medium,
                $"No trail of {f.Region ?? "the region"} records Lambda data events for {f.FunctionName}: who invoked it, and when, cannot be established after an incident.",
                "Add a data event selector for AWS::Lambda::Function to a trail: aws cloudtrail put-event-selectors --trail-name <trail> --advanced-event-selectors '[{\"FieldSelectors\":[{\"Field\":\"eventCategory\",\"Equals\":[\"Data\"]},{\"Field\":\"resources.type\",\"Equals\":[\"AWS::Lambda::Function\"]}]}]'.",
                ["Prowler:awslambda_function_invoke_api_operations_cloudtrail_logging_enabled"]);
        }

        return findings;
    }

    /// <summary>Whether a layer version ARN is AWS's CloudWatch Lambda Insights extension (its name, whatever the publisher account of the region).</summary>
    public static bool IsInsightsLayer(string layerVersionArn)
    {
        var parts = layerVersionArn.Split(':');
        return parts.Length >= 7 && parts[5] == "layer" && InsightsLayerNames.Contains(parts[6], StringComparer.Ordinal);
    }

    /// <summary>For each function, the other functions of the same list that run with its execution role.</summary>
    public static IReadOnlyDictionary<string, IReadOnlyList<string>> SharedRoles(IEnumerable<(string FunctionName, string? Role)> functions)
    {
        var byRole = functions.Where(f => f.Role is not null).GroupBy(f => f.Role!, StringComparer.Ordinal).ToList();
        return byRole.SelectMany(g => g.Select(f => (f.FunctionName, Others: (IReadOnlyList<string>)g.Select(o => o.FunctionName).Where(n => !string.Equals(n, f.FunctionName, StringComparison.Ordinal)).OrderBy(n => n, StringComparer.Ordinal).ToList())))
            .GroupBy(p => p.FunctionName, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First().Others, StringComparer.Ordinal);
    }
}
