using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Templates;

/// <summary>
/// API Gateway REST stages without a WAF web ACL association in the same template, and HTTP APIs, which WAF cannot
/// protect. A stage counts as covered when an association's ResourceArn refers to the stage or to its REST API
/// (the stage ARN is built from the API id, e.g. !Sub arn:aws:apigateway:${AWS::Region}::/restapis/${Api}/stages/prod).
/// </summary>
public static class ApiGatewayWafRule
{
    private const string ImplicitRestApi = "ServerlessRestApi";
    private const string ImplicitHttpApi = "ServerlessHttpApi";

    public static IEnumerable<LambdaSecFinding> Evaluate(ParsedTemplate template, TemplateAnalysisContext context)
    {
        var covered = CoveredNames(template);
        foreach (var (resource, names, line) in RestStages(template))
        {
            if (!names.Any(covered.Contains))
            {
                yield return TemplateRules.RestApiWithoutWaf.Finding(template, resource, $"{resource.DeclaredType} {resource.LogicalId} serves a REST API stage, and no AWS::WAFv2::WebACLAssociation in {System.IO.Path.GetFileName(template.SourceFile)} refers to it ({string.Join(", ", names)}).", line, accountId: context.OwnerAccountId);
            }
        }

        foreach (var (resource, line) in HttpApis(template))
        {
            yield return TemplateRules.HttpApiCannotHaveWaf.Finding(template, resource, $"{resource.DeclaredType} {resource.LogicalId} is an HTTP API; AWS WAF cannot be associated with HTTP APIs.", line, accountId: context.OwnerAccountId);
        }
    }

    /// <summary>Each REST stage with the names an association may use for it, and its line.</summary>
    private static IEnumerable<(TemplateResource Resource, string[] Names, int Line)> RestStages(ParsedTemplate template)
    {
        foreach (var resource in template.Resources)
        {
            switch (resource.Type)
            {
                case "AWS::ApiGateway::Stage" when resource.Format == TemplateFormat.TerraformPlan:
                    yield return (resource, [resource.LogicalId], resource.Line);
                    break;
                case "AWS::ApiGateway::Stage":
                    yield return (resource, Names(resource.LogicalId, resource.Property("RestApiId", "rest_api_id")), resource.Line);
                    break;
                case "AWS::ApiGateway::Deployment" when resource.Property("StageName", "stage_name") is not null:
                    yield return (resource, Names(resource.LogicalId, resource.Property("RestApiId", "rest_api_id")), resource.Line);
                    break;
                case "AWS::Serverless::Api":
                    yield return (resource, [resource.LogicalId], resource.Line);
                    break;
            }
        }

        if (ImplicitApiEvent(template, "Api") is { } implicitRest)
        {
            yield return (implicitRest.Function, [ImplicitRestApi], implicitRest.Line);
        }
    }

    private static IEnumerable<(TemplateResource Resource, int Line)> HttpApis(ParsedTemplate template)
    {
        foreach (var resource in template.Resources)
        {
            var isHttp = resource.Type == "AWS::Serverless::HttpApi"
                || (resource.Type == "AWS::ApiGatewayV2::Api" && string.Equals((resource.Property("ProtocolType", "protocol_type") as TemplateScalar)?.Text, "HTTP", StringComparison.OrdinalIgnoreCase));
            if (isHttp)
            {
                yield return (resource, resource.Line);
            }
        }

        if (ImplicitApiEvent(template, "HttpApi") is { } implicitHttp)
        {
            yield return (implicitHttp.Function, implicitHttp.Line);
        }
    }

    /// <summary>
    /// SAM creates ServerlessRestApi (ServerlessHttpApi) for function events of type Api (HttpApi) that name no API;
    /// the finding points at the first such event.
    /// </summary>
    private static (TemplateResource Function, int Line)? ImplicitApiEvent(ParsedTemplate template, string eventType)
    {
        var apiProperty = eventType == "Api" ? "RestApiId" : "ApiId";
        foreach (var function in template.OfType("AWS::Serverless::Function"))
        {
            foreach (var entry in (function.Properties.Get("Events") as TemplateMap)?.Entries ?? [])
            {
                if (entry.Value is TemplateMap evt && (evt.Get("Type") as TemplateScalar)?.Text == eventType && (evt.Get("Properties") as TemplateMap)?.Get(apiProperty) is null)
                {
                    return (function, entry.Value.Line);
                }
            }
        }

        return null;
    }

    private static string[] Names(string logicalId, TemplateNode? restApiId) =>
        TemplateValueResolver.ReferencedLogicalId(restApiId) is { } api ? [logicalId, api] : [logicalId];

    /// <summary>Every resource name the template's web ACL associations refer to.</summary>
    private static HashSet<string> CoveredNames(ParsedTemplate template)
    {
        var names = new HashSet<string>(StringComparer.Ordinal);
        foreach (var association in template.OfType("AWS::WAFv2::WebACLAssociation"))
        {
            if (association.Format == TemplateFormat.TerraformPlan)
            {
                // aws_api_gateway_stage.prod.arn refers to the resource aws_api_gateway_stage.prod.
                foreach (var reference in association.References)
                {
                    names.Add(reference);
                    var lastDot = reference.LastIndexOf('.');
                    if (lastDot > 0)
                    {
                        names.Add(reference.Substring(0, lastDot));
                    }
                }
            }
            else
            {
                CollectNames(association.Property("ResourceArn", "resource_arn"), names);
            }
        }

        return names;
    }

    private static void CollectNames(TemplateNode? node, HashSet<string> names)
    {
        switch (node)
        {
            case TemplateMap { IntrinsicName: "Fn::Sub" } sub:
                var body = sub.Entries[0].Value is TemplateList pair && pair.Items.Count > 0 ? pair.Items[0] : sub.Entries[0].Value;
                foreach (var variable in SubVariables((body as TemplateScalar)?.Text ?? string.Empty))
                {
                    names.Add(variable);
                }

                CollectNames(sub.Entries[0].Value, names);
                break;
            case TemplateMap map when TemplateValueResolver.ReferencedLogicalId(map) is { } referenced:
                names.Add(referenced);
                break;
            case TemplateMap map:
                foreach (var entry in map.Entries)
                {
                    CollectNames(entry.Value, names);
                }

                break;
            case TemplateList list:
                foreach (var item in list.Items)
                {
                    CollectNames(item, names);
                }

                break;
        }
    }

    /// <summary>The resource part of each ${Name} or ${Name.Attribute} of a !Sub string.</summary>
    private static IEnumerable<string> SubVariables(string text)
    {
        var index = 0;
        while ((index = text.IndexOf("${", index, StringComparison.Ordinal)) >= 0)
        {
            var close = text.IndexOf('}', index);
            if (close < 0)
            {
                yield break;
            }

            var name = text.Substring(index + 2, close - index - 2);
            var dot = name.IndexOf('.');
            yield return dot > 0 ? name.Substring(0, dot) : name;
            index = close + 1;
        }
    }
}
