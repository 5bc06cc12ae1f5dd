using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Templates;

/// <summary>Function URLs (AWS::Lambda::Url, SAM FunctionUrlConfig, aws_lambda_function_url): AuthType NONE and CORS open to any origin.</summary>
public static class FunctionUrlRule
{
    public static IEnumerable<LambdaSecFinding> Evaluate(ParsedTemplate template, TemplateAnalysisContext context)
    {
        var resolver = new TemplateValueResolver(template, context.EffectiveOwner);
        foreach (var url in template.OfType("AWS::Lambda::Url"))
        {
            var function = resolver.ResolveProperty(url, "TargetFunctionArn", "function_name").Text
                ?? TemplateValueResolver.ReferencedLogicalId(url.Property("TargetFunctionArn", "function_name"));
            var cors = url.Property("Cors", "cors") is TemplateList { Items.Count: > 0 } blocks ? blocks.Items[0] as TemplateMap : url.Property("Cors", "cors") as TemplateMap;
            var config = new UrlConfig(resolver.ResolveProperty(url, "AuthType", "authorization_type"), url.LineOf("AuthType", "authorization_type"), cors);
            foreach (var finding in Check(template, url, config, function, resolver, context))
            {
                yield return finding;
            }
        }

        foreach (var function in template.OfType("AWS::Serverless::Function"))
        {
            if (template.FunctionProperty(function, "FunctionUrlConfig", "function_url_config") is TemplateMap urlConfig)
            {
                var config = new UrlConfig(resolver.Resolve(urlConfig.Get("AuthType")), urlConfig.Get("AuthType")?.Line ?? urlConfig.Line, urlConfig.Get("Cors") as TemplateMap);
                foreach (var finding in Check(template, function, config, function.LogicalId, resolver, context))
                {
                    yield return finding;
                }
            }
        }
    }

    private static IEnumerable<LambdaSecFinding> Check(ParsedTemplate template, TemplateResource resource, UrlConfig config, string? function, TemplateValueResolver resolver, TemplateAnalysisContext context)
    {
        if (!config.AuthType.IsCertain)
        {
            yield return TemplateRules.UnresolvedValue.Finding(template, resource, $"The function URL's AuthType is {config.AuthType.Expression}: {config.AuthType.Note}. Whether the URL needs authentication is decided at deployment.", config.AuthTypeLine, function, FindingSeverity.High, context.OwnerAccountId);
        }
        else if (string.Equals(config.AuthType.Text, "NONE", StringComparison.OrdinalIgnoreCase))
        {
            yield return TemplateRules.FunctionUrlAuthNone.Finding(template, resource, "AuthType is NONE: Lambda does not authenticate callers of the URL; whoever the resource policy admits can invoke the function over HTTPS (for a NONE URL, SAM adds a permission for anyone).", config.AuthTypeLine, function, accountId: context.OwnerAccountId);
        }

        if (config.Cors is not { } cors)
        {
            yield break;
        }

        var originsNode = cors.Get("AllowOrigins") ?? cors.Get("allow_origins");
        var origins = originsNode is TemplateList list ? list.Items.Select(resolver.Resolve).ToList() : [];
        if (origins.Any(o => o.IsCertain && o.Text == "*"))
        {
            var credentials = resolver.Resolve(cors.Get("AllowCredentials") ?? cors.Get("allow_credentials"));
            var withCredentials = credentials.IsCertain && string.Equals(credentials.Text, "true", StringComparison.OrdinalIgnoreCase);
            yield return TemplateRules.FunctionUrlCorsAnyOrigin.Finding(
                template,
                resource,
                withCredentials
                    ? "Cors.AllowOrigins holds \"*\" and AllowCredentials is true: any web site may call the URL from a visitor's browser with the visitor's credentials."
                    : "Cors.AllowOrigins holds \"*\": any web site may call the URL from a visitor's browser and read the response.",
                originsNode!.Line,
                function,
                withCredentials ? FindingSeverity.High : null,
                context.OwnerAccountId);
        }
    }

    private sealed record UrlConfig(ResolvedValue AuthType, int AuthTypeLine, TemplateMap? Cors);
}
