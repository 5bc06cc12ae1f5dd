using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Configuration;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Templates;

/// <summary>
/// The configuration rules (LS-CONFIG-*) on the functions of a template (AWS::Lambda::Function, AWS::Serverless::Function
/// with Globals, aws_lambda_function): what the template states becomes <see cref="FunctionConfigurationFacts"/> and
/// <see cref="ConfigurationRules"/> judges it, so each rule is written once for AWS and templates. A value known only at
/// deployment (a parameter, an attribute known after apply) counts as set, never as missing, so nothing is guessed
/// unsafe; facts a template cannot state (exposure, CloudTrail, layer policies) leave their rule unevaluated.
/// </summary>
public static class TemplateConfigurationRule
{
    private static readonly string[] FunctionTypes = ["AWS::Lambda::Function", "AWS::Serverless::Function"];

    /// <summary>Where each rule's finding points: the property (CloudFormation, Terraform name) it is about.</summary>
    private static readonly Dictionary<string, (string Cfn, string Tf, string Remediation)> Rules = new(StringComparer.Ordinal)
    {
        [ConfigurationRules.EnvironmentNotEncryptedWithCmk] = ("Environment", "environment", "Set KmsKeyArn (kms_key_arn) to a customer managed KMS key, and keep secrets in Secrets Manager rather than in variables."),
        [ConfigurationRules.LayerFromOtherAccount] = ("Layers", "layers", "Copy the layer into your account (or one of your organization) after review, pin its version, and use that ARN; give -OwnerAccountId when a literal account in the ARN is the stack's own."),
        [ConfigurationRules.NoFailureDestination] = ("DeadLetterConfig", "dead_letter_config", "Set DeadLetterConfig.TargetArn (dead_letter_config.target_arn) to an SQS queue or SNS topic, or add an event invoke config (SAM EventInvokeConfig, AWS::Lambda::EventInvokeConfig, aws_lambda_function_event_invoke_config) with an OnFailure destination."),
        [ConfigurationRules.VpcSingleZone] = ("VpcConfig", "vpc_config", "List subnets of at least two Availability Zones in VpcConfig.SubnetIds (vpc_config.subnet_ids)."),
        [ConfigurationRules.NoActiveTracing] = ("TracingConfig", "tracing_config", "Set TracingConfig.Mode (SAM: Tracing; Terraform: tracing_config.mode) to Active and let the role call xray:PutTraceSegments."),
        [ConfigurationRules.NoCodeSigning] = ("CodeSigningConfigArn", "code_signing_config_arn", "Create an AWS::Lambda::CodeSigningConfig (aws_lambda_code_signing_config) with your AWS Signer profile and set CodeSigningConfigArn (code_signing_config_arn)."),
        [ConfigurationRules.CodeSigningNotEnforced] = ("CodeSigningConfigArn", "code_signing_config_arn", "Set CodeSigningPolicies.UntrustedArtifactOnDeployment (policies.untrusted_artifact_on_deployment) of the code signing config to Enforce once every package is signed; left out, it is Warn."),
        [ConfigurationRules.PublicWithoutReservedConcurrency] = ("ReservedConcurrentExecutions", "reserved_concurrent_executions", "Set ReservedConcurrentExecutions (reserved_concurrent_executions) to the most the function may run at once: it caps what a flood of invocations costs and keeps the rest of the account's concurrency for other functions."),
        [ConfigurationRules.NotInVpc] = ("VpcConfig", "vpc_config", "If the function must reach private resources or its egress must be inspected, set VpcConfig (vpc_config) with private subnets in two or more Availability Zones; otherwise leave it (this rule is opt-in)."),
        [ConfigurationRules.NoLambdaInsights] = ("Layers", "layers", "Add the Lambda Insights extension layer of the region (LambdaInsightsExtension, -Arm64 for arm64) to Layers and CloudWatchLambdaInsightsExecutionRolePolicy to the role."),
        [ConfigurationRules.SharedExecutionRole] = ("Role", "role", "Give each function its own role with only what it uses (SAM creates one per function when Role is left out)."),
        [ConfigurationRules.LayerPolicyPublic] = ("Layers", "layers", "Remove Principal \"*\" from the AWS::Lambda::LayerVersionPermission (aws_lambda_layer_version_permission) of the layer, or add OrganizationId (organization_id) or name the accounts that need it."),
        [ConfigurationRules.LogGroupWithoutRetention] = ("LoggingConfig", "logging_config", "Set RetentionInDays (retention_in_days) on the AWS::Logs::LogGroup (aws_cloudwatch_log_group) the function writes to, e.g. 365; left out (Terraform: 0), its events never expire."),
        [ConfigurationRules.MissingTags] = ("Tags", "tags", "Add Tags (tags) that say who owns the function and what data it handles, e.g. Owner and DataClass; SAM Globals.Function.Tags and Terraform provider default_tags apply to every function. This rule is reported only with -Rule LS-CONFIG-016 or -RequiredTag."),
    };

    /// <summary>SAM tags every function it creates with lambda:createdBy = SAM (aws/serverless-application-model samtranslator/model/__init__.py, SamResourceMacro._SAM_KEY), as the function shows online.</summary>
    private static readonly KeyValuePair<string, string> SamTag = new("lambda:createdBy", "SAM");

    public static IEnumerable<LambdaSecFinding> Evaluate(ParsedTemplate template, TemplateAnalysisContext context)
    {
        var resolver = new TemplateValueResolver(template, context.EffectiveOwner);
        var functions = template.Resources.Where(r => FunctionTypes.Contains(r.Type, StringComparer.Ordinal)).ToList();
        var roles = ConfigurationRules.SharedRoles(functions.Select(f => (f.LogicalId, RoleKey(template, f, resolver))));
        var grants = LambdaPermissionRule.Exposures(template, context).ToList();
        foreach (var function in functions)
        {
            var logGroup = LogGroup(template, function, resolver);
            var layers = TemplateLayerPolicy.Read(template, function, LayerNodes(template, function), resolver, context.EffectiveOwner);
            var facts = Facts(template, function, resolver, context);
            facts = facts with
            {
                LayerArns = facts.LayerArns.Union(layers.Arns, StringComparer.Ordinal).ToList(),
                LayerPolicies = layers.Policies,
                RoleSharedWith = roles.TryGetValue(function.LogicalId, out var sharing) ? sharing : [],
                Exposure = Exposure(template, function, grants, resolver),
                LogGroupName = logGroup.Name,
                LogGroupExists = logGroup.Line is null ? null : true,
                LogRetentionDays = logGroup.RetentionDays,
            };
            foreach (var finding in ConfigurationRules.Evaluate(facts))
            {
                if (!Rules.TryGetValue(finding.RuleId, out var rule))
                {
                    continue;
                }

                // SAM writes Tracing and DeadLetterQueue where CloudFormation writes TracingConfig and DeadLetterConfig.
                var node = template.FunctionProperty(function, rule.Cfn, rule.Tf) ?? rule.Cfn switch
                {
                    "TracingConfig" => template.FunctionProperty(function, "Tracing", rule.Tf),
                    "DeadLetterConfig" => template.FunctionProperty(function, "DeadLetterQueue", rule.Tf),
                    _ => null,
                };
                yield return new LambdaSecFinding
                {
                    RuleId = finding.RuleId,
                    Title = finding.Title,
                    Severity = finding.Severity,
                    AccountId = context.OwnerAccountId,
                    ResourceType = function.DeclaredType,
                    FunctionName = function.LogicalId,
                    Evidence = context.Describe(finding.Evidence),
                    Remediation = rule.Remediation,
                    ControlIds = finding.ControlIds,
                    Frameworks = finding.Frameworks,
                    SourceFile = template.SourceFile,
                    // A log group or layer policy finding points at the group (its RetentionInDays) or the layer's permission, where the fix goes.
                    SourceLine = finding.RuleId == ConfigurationRules.LogGroupWithoutRetention ? logGroup.Line ?? function.Line
                        : finding.RuleId == ConfigurationRules.LayerPolicyPublic && finding.ResourceArn is { } layer && layers.Lines.TryGetValue(layer, out var permissionLine) ? permissionLine
                        : node?.Line ?? function.Line,
                    LogicalId = function.LogicalId,
                };
            }
        }
    }

    private static FunctionConfigurationFacts Facts(ParsedTemplate template, TemplateResource function, TemplateValueResolver resolver, TemplateAnalysisContext context)
    {
        TemplateNode? Get(string cfn, string tf) => template.FunctionProperty(function, cfn, tf);
        bool Unknown(string tf) => function.Format == TemplateFormat.TerraformPlan && function.UnknownProperties.Contains(tf);

        var variables = (Block(Get("Environment", "environment"))?.Get("Variables") ?? Block(Get("Environment", "environment"))?.Get("variables")) as TemplateMap;
        var layers = LayerNodes(template, function).Select(resolver.Resolve).ToList();
        var subnetsNode = Block(Get("VpcConfig", "vpc_config")) is { } vpc ? vpc.Get("SubnetIds") ?? vpc.Get("subnet_ids") : null;
        var reservedNode = template.FunctionProperty(function, "ReservedConcurrentExecutions", "reserved_concurrent_executions");
        var reserved = resolver.Resolve(reservedNode);
        var subnets = subnetsNode is TemplateList subnetList ? subnetList.Items.Select(s => resolver.Resolve(s) is { IsCertain: true, Text: { } id } ? id : resolver.Resolve(s).Expression).ToList() : [];
        return new FunctionConfigurationFacts
        {
            FunctionName = function.LogicalId,
            AccountId = context.EffectiveOwner,
            EnvironmentVariableCount = Unknown("environment") ? null : variables?.Entries.Count ?? 0,
            KmsKeyArn = Unknown("kms_key_arn") ? "(known after apply)" : SetOrEmpty(resolver, Get("KmsKeyArn", "kms_key_arn"), false),
            LayerArns = layers.Where(l => l.IsCertain && l.Text is not null).Select(l => l.Text!).ToList(),
            LayersKnown = !Unknown("layers") && layers.All(l => l.IsCertain) && function.Property("Layers", "layers") is null or TemplateList,
            DeadLetterTargetArn = Unknown("dead_letter_config") ? null : SetOrEmpty(resolver, Block(Get("DeadLetterConfig", "dead_letter_config") ?? Get("DeadLetterQueue", "dead_letter_config")) is { } dlq ? dlq.Get("TargetArn") ?? dlq.Get("target_arn") : null, false),
            OnFailureDestination = OnFailure(template, function, resolver),
            SubnetIds = subnets,
            InVpc = Unknown("vpc_config") || Get("VpcConfig", "vpc_config") is TemplateMap { IntrinsicName: not null } ? null : subnetsNode is TemplateList ? subnets.Count > 0 : subnetsNode is null ? false : null,
            TracingMode = Unknown("tracing_config") ? null : Tracing(template, function, resolver),
            CodeSigningConfigArn = Unknown("code_signing_config_arn") ? "(known after apply)" : SetOrEmpty(resolver, Get("CodeSigningConfigArn", "code_signing_config_arn"), false),
            CodeSigningPolicy = SigningPolicy(template, function, resolver),
            // Terraform writes -1 for "no reserved concurrency"; a parameter leaves the rule unevaluated.
            ReservedConcurrencyKnown = !Unknown("reserved_concurrent_executions") && (reservedNode is null || reserved.IsCertain),
            ReservedConcurrency = reserved.IsCertain && int.TryParse(reserved.Text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var cap) && cap >= 0 ? cap : null,
            Role = RoleKey(template, function, resolver),
            Tags = Tags(template, function, resolver),
            RequiredTagKeys = context.RequiredTagKeys,
        };
    }

    /// <summary>
    /// The log group the function writes to, when the template declares it: LoggingConfig.LogGroup (a !Ref of an
    /// AWS::Logs::LogGroup, or its name; Terraform logging_config.log_group, by reference or name), else
    /// /aws/lambda/&lt;function name&gt; (a LogGroupName of !Sub /aws/lambda/${Function} matches too; Terraform, a name that
    /// refers to the function). Line is null when the template does not declare the group or its retention is known only
    /// at deployment: the group may exist in the account, be another stack's, or be created by Lambda at the first
    /// invocation, so the rule is not evaluated (docs/peer-coverage.md). RetentionDays is null when events never expire.
    /// </summary>
    private static (string? Name, int? Line, int? RetentionDays) LogGroup(ParsedTemplate template, TemplateResource function, TemplateValueResolver resolver)
    {
        var groups = template.OfType("AWS::Logs::LogGroup").ToList();
        string Key(TemplateNode? node) => resolver.Resolve(node) is var v && v.Text is not null ? v.Text : v.Expression;
        TemplateNode? GroupOf(TemplateNode? loggingConfig) => Block(loggingConfig) is { } config ? config.Get("LogGroup") ?? config.Get("log_group") : null;
        // SAM merges a map of Globals with the function's, key by key: LoggingConfig.LogGroup may come from Globals alone.
        var custom = GroupOf(function.Property("LoggingConfig", "logging_config"))
            ?? (function.Type == "AWS::Serverless::Function" ? GroupOf(template.FunctionGlobals?.Get("LoggingConfig")) : null);
        TemplateResource? group;
        string name;
        if (function.ReferencesIn("logging_config", "aws_cloudwatch_log_group").FirstOrDefault() is { } address)
        {
            group = template.Find(address);
            name = group?.Property("LogGroupName", "name") is { } declared ? Key(declared) : address;
        }
        else if (custom is not null and not TemplateScalar { Text: null or "" })
        {
            // !Ref of a log group is its name; a name may also be written as the group's LogGroupName is.
            group = TemplateValueResolver.ReferencedLogicalId(custom) is { } id && template.Find(id) is { Type: "AWS::Logs::LogGroup" } referenced
                ? referenced
                : groups.FirstOrDefault(g => g.Property("LogGroupName", "name") is { } n && Key(n) == Key(custom));
            name = group?.Property("LogGroupName", "name") is { } declared ? Key(declared) : Key(custom);
        }
        else
        {
            // The function's name as the template writes it, and as a !Sub ${Function} of it reads.
            var nameNode = function.Property("FunctionName", "function_name");
            var names = new List<string> { $"/aws/lambda/<{function.LogicalId}>" };
            if (nameNode is not null)
            {
                names.Add("/aws/lambda/" + (TemplateValueResolver.ReferencedLogicalId(nameNode) is { } parameter && resolver.Resolve(nameNode).Text is null ? $"<{parameter}>" : Key(nameNode)));
            }

            name = names[names.Count - 1];
            group = groups.FirstOrDefault(g =>
                (g.Property("LogGroupName", "name") is { } n && names.Contains(Key(n), StringComparer.Ordinal))
                || g.ReferencesIn("name", "aws_lambda_function").Contains(function.LogicalId, StringComparer.Ordinal));
        }

        if (group is null || (group.Format == TemplateFormat.TerraformPlan && group.UnknownProperties.Contains("retention_in_days")))
        {
            return (name, null, null);
        }

        var retentionNode = group.Property("RetentionInDays", "retention_in_days");
        var retention = resolver.Resolve(retentionNode);
        if (!retention.IsCertain)
        {
            return (name, null, null);
        }

        // Terraform writes 0 for "never expire"; CloudFormation leaves the property out.
        var days = int.TryParse(retention.Text, System.Globalization.NumberStyles.Integer, System.Globalization.CultureInfo.InvariantCulture, out var value) && value > 0 ? value : (int?)null;
        return (name, retentionNode?.Line ?? group.Line, days);
    }

    /// <summary>
    /// The function's tags: CloudFormation Tags (Key/Value list); SAM Tags merged over Globals.Function.Tags plus the
    /// lambda:createdBy tag SAM adds; Terraform tags_all (tags with the provider's default_tags), or tags with the constant
    /// default_tags when tags_all is known only after apply. Null when a key is known only at deployment.
    /// </summary>
    private static IReadOnlyDictionary<string, string>? Tags(ParsedTemplate template, TemplateResource function, TemplateValueResolver resolver)
    {
        var tags = new Dictionary<string, string>(StringComparer.Ordinal);
        bool AddMap(TemplateNode? node)
        {
            if (node is null)
            {
                return true;
            }

            if (node is not TemplateMap { IntrinsicName: null } map)
            {
                return false;
            }

            foreach (var entry in map.Entries)
            {
                tags[entry.Key] = resolver.Resolve(entry.Value).Text ?? string.Empty;
            }

            return true;
        }

        if (function.Format == TemplateFormat.TerraformPlan)
        {
            if (!function.UnknownProperties.Contains("tags_all") && function.Properties.Get("tags_all") is { } all)
            {
                return AddMap(all) ? tags : null;
            }

            if (function.UnknownProperties.Contains("tags") || template.TerraformDefaultTags is not { } defaults)
            {
                return null;
            }

            foreach (var entry in defaults)
            {
                tags[entry.Key] = entry.Value;
            }

            return AddMap(function.Properties.Get("tags")) ? tags : null;
        }

        if (function.Type == "AWS::Serverless::Function")
        {
            tags[SamTag.Key] = SamTag.Value;
            return AddMap(template.FunctionGlobals?.Get("Tags")) && AddMap(function.Property("Tags", "tags")) ? tags : null;
        }

        if (function.Property("Tags", "tags") is { } list)
        {
            if (list is not TemplateList items)
            {
                return null;
            }

            foreach (var item in items.Items)
            {
                var key = resolver.Resolve((item as TemplateMap)?.Get("Key"));
                if (!key.IsCertain || key.Text is null)
                {
                    return null;
                }

                tags[key.Text] = resolver.Resolve((item as TemplateMap)?.Get("Value")).Text ?? string.Empty;
            }
        }

        return tags;
    }

    /// <summary>The function's Layers; SAM adds a function's own Layers to those of Globals (lists are additive), rather than replacing them.</summary>
    private static IEnumerable<TemplateNode> LayerNodes(ParsedTemplate template, TemplateResource function)
    {
        var globalLayers = function.Type == "AWS::Serverless::Function" && template.FunctionGlobals?.Get("Layers") is TemplateList shared ? shared.Items : [];
        var ownLayers = function.Property("Layers", "layers") is TemplateList own ? own.Items : [];
        return globalLayers.Concat(ownLayers);
    }

    /// <summary>"" when the property is not set (or null); its text, or how the template writes it when known only at deployment.</summary>
    private static string? SetOrEmpty(TemplateValueResolver resolver, TemplateNode? node, bool unknown)
    {
        if (unknown)
        {
            return null;
        }

        var value = resolver.Resolve(node);
        return value.IsCertain ? value.Text ?? string.Empty : value.Expression;
    }

    /// <summary>SAM writes Tracing: Active; CloudFormation TracingConfig.Mode; Terraform tracing_config.mode. Not set is PassThrough (Lambda's default).</summary>
    private static string? Tracing(ParsedTemplate template, TemplateResource function, TemplateValueResolver resolver)
    {
        var node = function.Type == "AWS::Serverless::Function" && template.FunctionProperty(function, "Tracing", "tracing") is { } sam
            ? sam
            : Block(template.FunctionProperty(function, "TracingConfig", "tracing_config")) is { } config ? config.Get("Mode") ?? config.Get("mode") : null;
        var value = resolver.Resolve(node);
        return !value.IsCertain ? null : value.Text ?? "PassThrough";
    }

    /// <summary>
    /// The OnFailure destination of the function's event invoke config: SAM's EventInvokeConfig property, or an
    /// AWS::Lambda::EventInvokeConfig / aws_lambda_function_event_invoke_config naming the function ("" when none has one).
    /// </summary>
    private static string? OnFailure(ParsedTemplate template, TemplateResource function, TemplateValueResolver resolver)
    {
        var configs = template.FunctionProperty(function, "EventInvokeConfig", "event_invoke_config") is TemplateMap own
            ? [own]
            : template.OfType("AWS::Lambda::EventInvokeConfig")
                .Where(c => TemplateValueResolver.ReferencedLogicalId(c.Property("FunctionName", "function_name")) == function.LogicalId || c.References.Any(r => r.StartsWith(function.LogicalId + ".", StringComparison.Ordinal)))
                .Select(c => c.Properties)
                .ToList();
        foreach (var config in configs)
        {
            var destinations = Block(config.Get("DestinationConfig") ?? config.Get("destination_config"));
            if (Block(destinations?.Get("OnFailure") ?? destinations?.Get("on_failure")) is { } onFailure)
            {
                // SAM creates the queue or topic itself when OnFailure names only its Type.
                var destination = SetOrEmpty(resolver, onFailure.Get("Destination") ?? onFailure.Get("destination"), false);
                return destination is { Length: > 0 } ? destination : onFailure.Get("Type") is not null ? "(created by SAM)" : string.Empty;
            }
        }

        return string.Empty;
    }

    /// <summary>
    /// Who may invoke the function, from the template's permissions that name it (LambdaPermissionRule's classification,
    /// only grants whose values are all known) and SAM's FunctionUrlConfig with AuthType NONE (SAM adds a permission for
    /// anyone); None when nothing in the template grants. A permission names the function by !Ref/!GetAtt, by reference
    /// (Terraform), or by its literal name or ARN.
    /// </summary>
    private static ExposureLevel Exposure(ParsedTemplate template, TemplateResource function, IReadOnlyList<(TemplateResource Permission, string? FunctionName, ExposureLevel Exposure)> grants, TemplateValueResolver resolver)
    {
        var name = resolver.Resolve(function.Property("FunctionName", "function_name")) is { IsCertain: true, Text: { } text } ? text : null;
        bool Names(string? target) =>
            target is not null && (target == function.LogicalId || (name is not null && (target == name || target.EndsWith(":function:" + name, StringComparison.Ordinal))));
        var levels = grants.Where(g => Names(g.FunctionName) || Names(TemplateValueResolver.ReferencedLogicalId(g.Permission.Property("FunctionName", "function_name"))) || g.Permission.ReferenceTo("aws_lambda_function") == function.LogicalId)
            .Select(g => g.Exposure)
            .ToList();
        if (function.Type == "AWS::Serverless::Function" && template.FunctionProperty(function, "FunctionUrlConfig", "function_url_config") is TemplateMap url
            && resolver.Resolve(url.Get("AuthType")) is { IsCertain: true, Text: { } auth } && string.Equals(auth, "NONE", StringComparison.OrdinalIgnoreCase))
        {
            levels.Add(ExposureLevel.Public);
        }

        return levels.Aggregate(ExposureLevel.None, ExposureLevelExtensions.Max);
    }

    /// <summary>
    /// The UntrustedArtifactOnDeployment of the code signing config the function refers to when the template declares it
    /// (AWS::Lambda::CodeSigningConfig by !Ref or !GetAtt, aws_lambda_code_signing_config by reference): Warn when its
    /// policies leave it out (Lambda's default); null when the config is not in the template or its policy is a parameter.
    /// </summary>
    private static string? SigningPolicy(ParsedTemplate template, TemplateResource function, TemplateValueResolver resolver)
    {
        var id = TemplateValueResolver.ReferencedLogicalId(template.FunctionProperty(function, "CodeSigningConfigArn", "code_signing_config_arn"))
            ?? function.ReferenceTo("aws_lambda_code_signing_config");
        if (id is null || template.Find(id) is not { Type: "AWS::Lambda::CodeSigningConfig" } config)
        {
            return null;
        }

        var policies = Block(config.Property("CodeSigningPolicies", "policies"));
        var node = policies?.Get("UntrustedArtifactOnDeployment") ?? policies?.Get("untrusted_artifact_on_deployment");
        var value = resolver.Resolve(node);
        return node is null ? "Warn" : value.IsCertain ? value.Text : null;
    }

    /// <summary>The role a function runs with, as one key per role: its ARN, the logical id it refers to, or null (SAM creates one role per function).</summary>
    private static string? RoleKey(ParsedTemplate template, TemplateResource function, TemplateValueResolver resolver)
    {
        if (function.Format == TemplateFormat.TerraformPlan && function.ReferenceTo("aws_iam_role") is { } address)
        {
            // A role created in the same plan has an ARN known only after apply; the configuration names it.
            return address;
        }

        var node = template.FunctionProperty(function, "Role", "role");
        if (node is null)
        {
            return null;
        }

        var value = resolver.Resolve(node);
        return TemplateValueResolver.ReferencedLogicalId(node) ?? (value.IsCertain ? value.Text : value.Expression);
    }

    /// <summary>A Terraform block is a list of one map; CloudFormation writes the map itself.</summary>
    private static TemplateMap? Block(TemplateNode? node) => node switch
    {
        TemplateMap map => map,
        TemplateList { Items.Count: > 0 } list => list.Items[0] as TemplateMap,
        _ => null,
    };
}
