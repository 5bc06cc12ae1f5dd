using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace LambdaSec.Analysis.Templates;

/// <summary>
/// LS-CONFIG-003 in templates: the resource policy Lambda would give a layer version a function uses, from the template's
/// AWS::Lambda::LayerVersionPermission / aws_lambda_layer_version_permission resources for it, so the online rule judges it.
/// A layer version of the template (by !Ref of AWS::Lambda::LayerVersion or AWS::Serverless::LayerVersion, whose Ref is its
/// ARN; Terraform, by reference to aws_lambda_layer_version) stands in as an ARN of the stack's account; a literal ARN is
/// matched with a permission naming the same ARN (Terraform: layer_name and version_number). A layer with a permission
/// whose principal or organization is known only at deployment is not judged; one without any permission in the template
/// is not either (permissions may be added outside it, and none is the safe default).
/// </summary>
internal static class TemplateLayerPolicy
{
    private static readonly string[] LayerTypes = ["AWS::Lambda::LayerVersion", "AWS::Serverless::LayerVersion"];

    /// <summary>The layers' ARNs as the rules see them, their policies, and the line of the first permission of each.</summary>
    public static (IReadOnlyList<string> Arns, IReadOnlyDictionary<string, string?> Policies, IReadOnlyDictionary<string, int> Lines) Read(
        ParsedTemplate template, TemplateResource function, IEnumerable<TemplateNode> layerNodes, TemplateValueResolver resolver, string owner)
    {
        var arns = new List<string>();
        var policies = new Dictionary<string, string?>(StringComparer.Ordinal);
        var lines = new Dictionary<string, int>(StringComparer.Ordinal);
        var permissions = template.OfType("AWS::Lambda::LayerVersionPermission").ToList();
        if (permissions.Count == 0)
        {
            return (arns, policies, lines);
        }

        var used = new List<(string Arn, Func<TemplateResource, bool> Grants)>();
        foreach (var node in layerNodes)
        {
            if (TemplateValueResolver.ReferencedLogicalId(node) is { } id && template.Find(id) is { } layer && LayerTypes.Contains(layer.Type, StringComparer.Ordinal))
            {
                used.Add((StandIn(owner, id), p => TemplateValueResolver.ReferencedLogicalId(p.Property("LayerVersionArn", "layer_name")) == id));
            }
            else if (resolver.Resolve(node) is { IsCertain: true, Text: { } literal })
            {
                used.Add((literal, p => Target(p, resolver) is { } target && (target == literal || literal.EndsWith(target, StringComparison.Ordinal))));
            }
        }

        foreach (var address in function.ReferencesIn("layers", "aws_lambda_layer_version"))
        {
            used.Add((StandIn(owner, address), p => p.References.Any(r => r == address || r.StartsWith(address + ".", StringComparison.Ordinal))));
        }

        foreach (var (arn, grants) in used)
        {
            var granting = permissions.Where(grants).ToList();
            var statements = granting.Select(p => Statement(p, arn, resolver)).ToList();
            if (granting.Count == 0 || statements.Any(s => s is null) || policies.ContainsKey(arn))
            {
                continue;
            }

            arns.Add(arn);
            policies[arn] = JsonSerializer.Serialize(new Dictionary<string, object> { ["Version"] = "2012-10-17", ["Statement"] = statements });
            lines[arn] = granting[0].Line;
        }

        return (arns, policies, lines);
    }

    /// <summary>A layer version of the template, as an ARN in the stack's account whose name and version are known at deployment.</summary>
    private static string StandIn(string owner, string id) => $"arn:aws:lambda:<AWS-Region>:{owner}:layer:<{id.Replace(".", "-")}>:<version>";

    /// <summary>The layer version a permission names by literal: LayerVersionArn, or Terraform's layer_name (name or ARN) and version_number; null when not literal.</summary>
    private static string? Target(TemplateResource permission, TemplateValueResolver resolver)
    {
        if (resolver.ResolveProperty(permission, "LayerVersionArn", "layer_name") is not { IsCertain: true, Text: { } layer })
        {
            return null;
        }

        if (permission.Format != TemplateFormat.TerraformPlan)
        {
            return layer;
        }

        var version = resolver.ResolveProperty(permission, "VersionNumber", "version_number");
        return version is { IsCertain: true, Text: { } number } ? (layer.StartsWith("arn:", StringComparison.Ordinal) ? layer : ":layer:" + layer) + ":" + number : null;
    }

    /// <summary>The statement AddLayerVersionPermission writes; null when its principal or organization is known only at deployment.</summary>
    private static Dictionary<string, object>? Statement(TemplateResource permission, string arn, TemplateValueResolver resolver)
    {
        var principal = resolver.ResolveProperty(permission, "Principal", "principal");
        var organization = resolver.ResolveProperty(permission, "OrganizationId", "organization_id");
        var action = resolver.ResolveProperty(permission, "Action", "action");
        if (principal is not { IsCertain: true, Text: { } who } || !organization.IsCertain)
        {
            return null;
        }

        var statement = new Dictionary<string, object>
        {
            ["Sid"] = permission.LogicalId,
            ["Effect"] = "Allow",
            ["Principal"] = who == "*" ? "*" : new Dictionary<string, object> { ["AWS"] = who },
            ["Action"] = action.Text ?? "lambda:GetLayerVersion",
            ["Resource"] = arn,
        };
        if (organization.Text is { Length: > 0 } org)
        {
            statement["Condition"] = new Dictionary<string, object> { ["StringEquals"] = new Dictionary<string, object> { ["aws:PrincipalOrgID"] = org } };
        }

        return statement;
    }
}
