using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaSec.Analysis.Templates;

/// <summary>
/// Turns the text of an infrastructure-as-code file into a <see cref="ParsedTemplate"/>: CloudFormation and
/// SAM (JSON or YAML) or the JSON of terraform show -json (plan or state). Pure: the cmdlet reads the file.
/// </summary>
public static class TemplateLoader
{
    private static readonly Dictionary<string, string> TerraformTypes = new(StringComparer.Ordinal)
    {
        ["aws_lambda_permission"] = "AWS::Lambda::Permission",
        ["aws_lambda_function_url"] = "AWS::Lambda::Url",
        ["aws_lambda_function"] = "AWS::Lambda::Function",
        ["aws_api_gateway_stage"] = "AWS::ApiGateway::Stage",
        ["aws_apigatewayv2_api"] = "AWS::ApiGatewayV2::Api",
        ["aws_wafv2_web_acl_association"] = "AWS::WAFv2::WebACLAssociation",
        ["aws_iam_role"] = "AWS::IAM::Role",
        ["aws_lambda_function_event_invoke_config"] = "AWS::Lambda::EventInvokeConfig",
        ["aws_lambda_code_signing_config"] = "AWS::Lambda::CodeSigningConfig",
        ["aws_lambda_event_source_mapping"] = "AWS::Lambda::EventSourceMapping",
        ["aws_iam_role_policy"] = "AWS::IAM::RolePolicy",
        ["aws_cloudwatch_log_group"] = "AWS::Logs::LogGroup",
        ["aws_lambda_layer_version"] = "AWS::Lambda::LayerVersion",
        ["aws_lambda_layer_version_permission"] = "AWS::Lambda::LayerVersionPermission",
        ["aws_iam_policy"] = "AWS::IAM::ManagedPolicy",
        // CloudFormation has no resource for attaching a managed policy (it is the role's ManagedPolicyArns); this type
        // names the Terraform resource only.
        ["aws_iam_role_policy_attachment"] = "Terraform::IAM::RolePolicyAttachment",
        // aws_iam_policy_attachment (roles, policy_arn) and aws_iam_role_policy_attachments_exclusive (role_name, policy_arns)
        // attach managed policies like it; aws_iam_role_policies_exclusive only names the inline policies a role keeps.
        ["aws_iam_policy_attachment"] = "Terraform::IAM::RolePolicyAttachment",
        ["aws_iam_role_policy_attachments_exclusive"] = "Terraform::IAM::RolePolicyAttachment",
        ["aws_iam_role_policies_exclusive"] = "Terraform::IAM::RolePoliciesExclusive",
    };

    /// <summary>
    /// Parses the text. Returns null when it is valid JSON/YAML but not a template (a package.json, a CI workflow),
    /// so a folder scan can skip it; throws <see cref="TemplateParseException"/> when it is not valid JSON/YAML.
    /// <paramref name="sourcePath"/> is the file's path relative to the folder scanned, or its name (fingerprints use it).
    /// </summary>
    public static ParsedTemplate? Load(string text, string sourceFile, string sourcePath)
    {
        var source = new TemplateSource(sourceFile, sourcePath);
        if (ReadNode(text) is not TemplateMap map)
        {
            return null;
        }

        if (map.Get("format_version") is not null && (map.Get("planned_values") ?? map.Get("values") ?? map.Get("resource_changes")) is not null)
        {
            return LoadTerraform(map, source);
        }

        return map.Get("Resources") is TemplateMap || map.Get("AWSTemplateFormatVersion") is not null
            ? LoadCloudFormation(map, source)
            : null;
    }

    /// <summary>The text as nodes with lines: JSON when it starts with '{' or '[', else YAML; throws <see cref="TemplateParseException"/>.</summary>
    public static TemplateNode ReadNode(string text)
    {
        var trimmed = text.TrimStart('\uFEFF', ' ', '\t', '\r', '\n');
        return trimmed.StartsWith("{", StringComparison.Ordinal) || trimmed.StartsWith("[", StringComparison.Ordinal)
            ? JsonTemplateReader.Read(text)
            : YamlTemplateReader.Read(text);
    }

    private static ParsedTemplate LoadCloudFormation(TemplateMap root, TemplateSource source)
    {
        var resources = new List<TemplateResource>();
        var isSam = IsSam(root.Get("Transform"));
        if (root.Get("Resources") is TemplateMap declared)
        {
            foreach (var entry in declared.Entries)
            {
                var body = entry.Value as TemplateMap;
                var type = (body?.Get("Type") as TemplateScalar)?.Text ?? string.Empty;
                isSam |= type.StartsWith("AWS::Serverless::", StringComparison.Ordinal);
                resources.Add(new TemplateResource
                {
                    LogicalId = entry.Key,
                    Type = type,
                    DeclaredType = type,
                    Properties = body?.Get("Properties") as TemplateMap ?? new TemplateMap(entry.Value.Line),
                    Metadata = body?.Get("Metadata") as TemplateMap,
                    Line = entry.Value.Line,
                    Format = TemplateFormat.CloudFormation,
                });
            }
        }

        return new ParsedTemplate
        {
            SourceFile = source.File,
            SourcePath = source.Path,
            Format = isSam ? TemplateFormat.Sam : TemplateFormat.CloudFormation,
            Resources = resources,
            Parameters = root.Get("Parameters") as TemplateMap ?? new TemplateMap(0),
            FunctionGlobals = (root.Get("Globals") as TemplateMap)?.Get("Function") as TemplateMap,
        };
    }

    private static bool IsSam(TemplateNode? transform) => transform switch
    {
        TemplateScalar scalar => scalar.Text?.StartsWith("AWS::Serverless", StringComparison.Ordinal) == true,
        TemplateList list => list.Items.Any(IsSam),
        _ => false,
    };

    private static ParsedTemplate LoadTerraform(TemplateMap root, TemplateSource source)
    {
        var references = new Dictionary<string, List<string>>(StringComparer.Ordinal);
        var attributeReferences = new Dictionary<string, Dictionary<string, IReadOnlyList<string>>>(StringComparer.Ordinal);
        CollectConfigurationReferences((root.Get("configuration") as TemplateMap)?.Get("root_module") as TemplateMap, references, attributeReferences);

        var unknown = CollectUnknown(root.Get("resource_changes") as TemplateList);
        var context = new TerraformContext(new List<TemplateResource>(), new HashSet<string>(StringComparer.Ordinal), references, attributeReferences, unknown);
        foreach (var module in new[] { root.Get("planned_values"), root.Get("values") }.OfType<TemplateMap>())
        {
            CollectModule(module.Get("root_module") as TemplateMap, context);
        }

        // resource_changes also lists resources whose values are only partly known; add those planned_values lacks.
        foreach (var change in (root.Get("resource_changes") as TemplateList)?.Items.OfType<TemplateMap>() ?? [])
        {
            var changeBody = change.Get("change") as TemplateMap;
            var deleteOnly = changeBody?.Get("actions") is TemplateList actions && actions.Items.All(a => (a as TemplateScalar)?.Text == "delete");
            if (!deleteOnly && changeBody?.Get("after") is TemplateMap after)
            {
                Add(change, after, context);
            }
        }

        return new ParsedTemplate
        {
            SourceFile = source.File,
            SourcePath = source.Path,
            Format = TemplateFormat.TerraformPlan,
            Resources = context.Resources,
            TerraformDefaultTags = DefaultTags((root.Get("configuration") as TemplateMap)?.Get("provider_config") as TemplateMap),
        };
    }

    /// <summary>
    /// The default provider's default_tags (configuration.provider_config.aws.expressions.default_tags[0].tags): empty when
    /// it has none, null when they are not constants (variables, references), which only apply tells.
    /// </summary>
    private static IReadOnlyDictionary<string, string>? DefaultTags(TemplateMap? providers)
    {
        var expressions = (providers?.Get("aws") as TemplateMap)?.Get("expressions") as TemplateMap;
        if (expressions?.Get("default_tags") is not TemplateList { Items.Count: > 0 } blocks)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        var tags = (blocks.Items[0] as TemplateMap)?.Get("tags") as TemplateMap;
        if (tags is null)
        {
            return new Dictionary<string, string>(StringComparer.Ordinal);
        }

        return tags.Get("constant_value") is TemplateMap constant
            ? constant.Entries.ToDictionary(e => e.Key, e => (e.Value as TemplateScalar)?.Text ?? string.Empty, StringComparer.Ordinal)
            : null;
    }

    /// <summary>Per address, the attributes whose planned value is "known after apply".</summary>
    private static Dictionary<string, HashSet<string>> CollectUnknown(TemplateList? changes)
    {
        var unknown = new Dictionary<string, HashSet<string>>(StringComparer.Ordinal);
        foreach (var change in changes?.Items.OfType<TemplateMap>() ?? [])
        {
            if ((change.Get("address") as TemplateScalar)?.Text is { } address && (change.Get("change") as TemplateMap)?.Get("after_unknown") is TemplateMap afterUnknown)
            {
                unknown[address] = new HashSet<string>(
                    afterUnknown.Entries.Where(e => e.Value is TemplateScalar { Text: "true" }).Select(e => e.Key),
                    StringComparer.Ordinal);
            }
        }

        return unknown;
    }

    private static void CollectModule(TemplateMap? module, TerraformContext context)
    {
        if (module is null)
        {
            return;
        }

        foreach (var resource in (module.Get("resources") as TemplateList)?.Items.OfType<TemplateMap>() ?? [])
        {
            if ((resource.Get("mode") as TemplateScalar)?.Text is null or "managed" && resource.Get("values") is TemplateMap values)
            {
                Add(resource, values, context);
            }
        }

        foreach (var child in (module.Get("child_modules") as TemplateList)?.Items.OfType<TemplateMap>() ?? [])
        {
            CollectModule(child, context);
        }
    }

    private static void Add(TemplateMap entry, TemplateMap values, TerraformContext context)
    {
        var address = (entry.Get("address") as TemplateScalar)?.Text;
        var type = (entry.Get("type") as TemplateScalar)?.Text;
        if (address is null || type is null || !TerraformTypes.TryGetValue(type, out var cloudFormationType) || !context.Seen.Add(address))
        {
            return;
        }

        context.Resources.Add(new TemplateResource
        {
            LogicalId = address,
            Type = cloudFormationType,
            DeclaredType = type,
            Properties = values,
            Line = entry.Line,
            Format = TemplateFormat.TerraformPlan,
            References = context.References.TryGetValue(address, out var refs) ? refs : [],
            AttributeReferences = context.AttributeReferences.TryGetValue(address, out var byAttribute) ? byAttribute : new Dictionary<string, IReadOnlyList<string>>(),
            UnknownProperties = context.Unknown.TryGetValue(address, out var unknown) ? unknown : [],
        });
    }

    /// <summary>The configuration section's expressions name what each root-module resource refers to; plan values are often unknown until apply.</summary>
    private static void CollectConfigurationReferences(TemplateMap? module, Dictionary<string, List<string>> references, Dictionary<string, Dictionary<string, IReadOnlyList<string>>> attributeReferences)
    {
        foreach (var resource in (module?.Get("resources") as TemplateList)?.Items.OfType<TemplateMap>() ?? [])
        {
            if ((resource.Get("address") as TemplateScalar)?.Text is { } address)
            {
                var byAttribute = new Dictionary<string, IReadOnlyList<string>>(StringComparer.Ordinal);
                foreach (var attribute in (resource.Get("expressions") as TemplateMap)?.Entries ?? [])
                {
                    var refs = new List<string>();
                    CollectReferences(attribute.Value, refs);
                    byAttribute[attribute.Key] = refs;
                }

                references[address] = byAttribute.Values.SelectMany(r => r).ToList();
                attributeReferences[address] = byAttribute;
            }
        }
    }

    private static void CollectReferences(TemplateNode? node, List<string> into)
    {
        switch (node)
        {
            case TemplateMap map:
                foreach (var entry in map.Entries)
                {
                    if (entry.Key == "references" && entry.Value is TemplateList refs)
                    {
                        into.AddRange(refs.Items.OfType<TemplateScalar>().Select(s => s.Text).OfType<string>());
                    }
                    else
                    {
                        CollectReferences(entry.Value, into);
                    }
                }

                break;
            case TemplateList list:
                foreach (var item in list.Items)
                {
                    CollectReferences(item, into);
                }

                break;
        }
    }

    private sealed record TerraformContext(
        List<TemplateResource> Resources,
        HashSet<string> Seen,
        Dictionary<string, List<string>> References,
        Dictionary<string, Dictionary<string, IReadOnlyList<string>>> AttributeReferences,
        Dictionary<string, HashSet<string>> Unknown);

    /// <summary>The file read and its path as fingerprints name it.</summary>
    private sealed record TemplateSource(string File, string Path);
}
