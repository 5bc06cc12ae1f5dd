using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Analysis.EntryPoints;

/// <summary>
/// Joins a region's API Gateway and load balancer facts to functions in memory, so that they are read
/// once per region and never once per function. Keys are unqualified function ARNs; each entry point
/// keeps the qualifier (alias or version) its integration names, if any.
/// </summary>
public static class EntryPointResolver
{
    private const string LambdaPathMarker = "/functions/";
    private const string InvocationsSuffix = "/invocations";

    public static ILookup<string, EntryPoint> Resolve(RegionEntryPoints facts, string? region)
    {
        var pairs = new List<KeyValuePair<string, EntryPoint>>();
        foreach (var api in facts.RestApis)
        {
            pairs.AddRange(RestApiEntries(api, region));
        }

        foreach (var api in facts.HttpApis)
        {
            pairs.AddRange(HttpApiEntries(api));
        }

        pairs.AddRange(LoadBalancerEntries(facts));
        return pairs.ToLookup(p => p.Key, p => p.Value, StringComparer.Ordinal);
    }

    /// <summary>
    /// The entry points of one function. The unqualified function gets all of them (an integration with an alias
    /// still reaches its code); an alias or version gets those that name it.
    /// </summary>
    public static EntryPoint[] For(ILookup<string, EntryPoint> lookup, string functionArn, string? qualifier)
    {
        var all = lookup[SplitQualifier(functionArn).Unqualified];
        return (qualifier is null ? all : all.Where(e => string.Equals(e.Qualifier, qualifier, StringComparison.Ordinal))).ToArray();
    }

    /// <summary>arn:aws:lambda:region:account:function:name[:qualifier] split into the unqualified ARN and the qualifier.</summary>
    public static (string Unqualified, string? Qualifier) SplitQualifier(string functionArn)
    {
        var parts = functionArn.Split(':');
        return parts.Length > 7 ? (string.Join(":", parts, 0, 7), parts[7]) : (functionArn, null);
    }

    /// <summary>
    /// The function ARN inside an API Gateway integration URI
    /// (arn:aws:apigateway:region:lambda:path/2015-03-31/functions/FUNCTION_ARN/invocations), or the URI itself when it
    /// already is a function ARN (HTTP APIs accept both). Null for non-Lambda integrations.
    /// </summary>
    public static string? FunctionArnOf(string? integrationUri)
    {
        if (string.IsNullOrEmpty(integrationUri))
        {
            return null;
        }

        var uri = integrationUri!;
        var start = uri.IndexOf(LambdaPathMarker, StringComparison.Ordinal);
        if (start >= 0)
        {
            start += LambdaPathMarker.Length;
            var end = uri.IndexOf(InvocationsSuffix, start, StringComparison.Ordinal);
            uri = end < 0 ? uri.Substring(start) : uri.Substring(start, end - start);
        }

        return uri.StartsWith("arn:", StringComparison.Ordinal) && uri.Contains(":lambda:") && uri.Contains(":function:") ? uri : null;
    }

    private static IEnumerable<KeyValuePair<string, EntryPoint>> RestApiEntries(RestApiFacts api, string? region)
    {
        foreach (var method in api.Methods)
        {
            if (FunctionArnOf(method.IntegrationUri) is not { } functionArn)
            {
                continue;
            }

            var (auth, authenticated) = Authorization(method.AuthorizationType, method.ApiKeyRequired);
            foreach (var stage in api.Stages)
            {
                var route = $"{method.HttpMethod} {method.Path}";
                yield return Pair(functionArn, new EntryPoint
                {
                    Kind = EntryPointKind.RestApi,
                    Id = api.Id,
                    Name = api.Name,
                    Stage = stage.Name,
                    Route = route,
                    AuthorizationType = auth,
                    ApiKeyRequired = method.ApiKeyRequired,
                    IsAuthenticated = authenticated,
                    Scheme = api.EndpointType,
                    WebAclArn = stage.WebAclArn,
                    ResourceArn = $"arn:aws:apigateway:{region}::/restapis/{api.Id}/stages/{stage.Name}",
                    Summary = $"REST API {api.Name ?? api.Id} stage {stage.Name} {route}: {Describe(auth, method.ApiKeyRequired)}, {(stage.WebAclArn is null ? "no WAF" : "WAF")}",
                });
            }
        }
    }

    private static IEnumerable<KeyValuePair<string, EntryPoint>> HttpApiEntries(HttpApiFacts api)
    {
        var kind = string.Equals(api.ProtocolType, "WEBSOCKET", StringComparison.OrdinalIgnoreCase) ? "WebSocket API" : "HTTP API";
        foreach (var route in api.Routes)
        {
            if (FunctionArnOf(route.IntegrationUri) is not { } functionArn)
            {
                continue;
            }

            var (auth, authenticated) = Authorization(route.AuthorizationType, route.ApiKeyRequired);
            foreach (var stage in api.StageNames)
            {
                yield return Pair(functionArn, new EntryPoint
                {
                    Kind = EntryPointKind.HttpApi,
                    Id = api.Id,
                    Name = api.Name,
                    Stage = stage,
                    Route = route.RouteKey,
                    AuthorizationType = auth,
                    ApiKeyRequired = route.ApiKeyRequired,
                    IsAuthenticated = authenticated,
                    WafSupported = false,
                    Summary = $"{kind} {api.Name ?? api.Id} stage {stage} {route.RouteKey}: {Describe(auth, route.ApiKeyRequired)}; AWS WAF cannot attach to {kind}s (put CloudFront with WAF in front, or use a REST API)",
                });
            }
        }
    }

    private static IEnumerable<KeyValuePair<string, EntryPoint>> LoadBalancerEntries(RegionEntryPoints facts)
    {
        var functionsByGroup = facts.TargetGroups.ToDictionary(g => g.Arn, g => g.FunctionArns, StringComparer.Ordinal);
        foreach (var lb in facts.LoadBalancers)
        {
            foreach (var listener in lb.Listeners)
            {
                var route = $"{listener.Protocol}:{listener.Port}";
                var functions = listener.TargetGroupArns
                    .SelectMany(g => functionsByGroup.TryGetValue(g, out var arns) ? arns : [])
                    .Distinct(StringComparer.Ordinal);
                foreach (var functionArn in functions)
                {
                    yield return Pair(functionArn, new EntryPoint
                    {
                        Kind = EntryPointKind.LoadBalancer,
                        Id = lb.Arn,
                        Name = lb.Name,
                        Route = route,
                        IsAuthenticated = false,
                        Scheme = lb.Scheme,
                        WebAclArn = lb.WebAclArn,
                        ResourceArn = lb.Arn,
                        Summary = $"{lb.Scheme ?? "unknown-scheme"} load balancer {lb.Name ?? lb.Arn} listener {route}: no authentication at the load balancer, {(lb.WebAclArn is null ? "no WAF" : "WAF")}",
                    });
                }
            }
        }
    }

    /// <summary>A missing authorization type is NONE; a route is authenticated by an authorizer or by an API key.</summary>
    private static (string Auth, bool Authenticated) Authorization(string? type, bool apiKeyRequired)
    {
        var auth = string.IsNullOrEmpty(type) ? "NONE" : type!;
        return (auth, !string.Equals(auth, "NONE", StringComparison.OrdinalIgnoreCase) || apiKeyRequired);
    }

    private static string Describe(string auth, bool apiKey) =>
        (string.Equals(auth, "NONE", StringComparison.OrdinalIgnoreCase) ? "no authorizer" : $"authorization {auth}") + (apiKey ? " + API key" : string.Empty);

    private static KeyValuePair<string, EntryPoint> Pair(string functionArn, EntryPoint entry)
    {
        var (unqualified, qualifier) = SplitQualifier(functionArn);
        entry.Qualifier = qualifier;
        return new(unqualified, entry);
    }
}
