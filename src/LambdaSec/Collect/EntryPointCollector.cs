using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.EntryPoints;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;

namespace LambdaSec.Collect;

/// <summary>
/// Reads the front doors of one account and region once: REST APIs (resources with embedded methods, stages
/// with their web ACL), HTTP APIs (routes, integrations, stages) and load balancers with Lambda target groups
/// (listeners, targets, web ACL). A service that cannot be read is recorded in <see cref="Unknowns"/>, so the
/// functions' entry points are reported as unknown rather than absent.
/// </summary>
public sealed class EntryPointCollector
{
    private readonly AwsSession _session;

    public EntryPointCollector(AwsSession session) => _session = session;

    public List<string> Unknowns { get; } = [];

    public async Task<RegionEntryPoints> CollectAsync(CancellationToken cancellationToken)
    {
        var rest = ReadOrUnknown("API Gateway REST APIs", () => RestApisAsync(cancellationToken));
        var http = ReadOrUnknown("API Gateway HTTP APIs", () => HttpApisAsync(cancellationToken));
        var elb = ReadOrUnknown("Application Load Balancers", () => LoadBalancersAsync(cancellationToken));
        await Task.WhenAll(rest, http, elb).ConfigureAwait(false);
        var balancers = elb.Result ?? RegionEntryPoints.Empty;
        return new RegionEntryPoints(rest.Result ?? [], http.Result ?? [], balancers.LoadBalancers, balancers.TargetGroups);
    }

    private async Task<T?> ReadOrUnknown<T>(string part, Func<Task<T>> read)
        where T : class
    {
        try
        {
            return await read().ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            lock (Unknowns)
            {
                Unknowns.Add($"{part}: {ex.ErrorCode ?? ex.ErrorId} ({ex.Message})");
            }

            return null;
        }
    }

    private async Task<List<RestApiFacts>> RestApisAsync(CancellationToken cancellationToken)
    {
        var api = new ApiGatewayApi(_session);
        var apis = await api.GetRestApisAsync(cancellationToken).ConfigureAwait(false);
        var result = await Task.WhenAll(apis.Select(async a =>
        {
            var id = a.GetString("id") ?? string.Empty;
            var resources = api.GetResourcesAsync(id, cancellationToken);
            var stages = api.GetStagesAsync(id, cancellationToken);
            await Task.WhenAll(resources, stages).ConfigureAwait(false);
            var methods = resources.Result.SelectMany(RestMethods).ToList();
            var stageFacts = stages.Result.Select(s => new StageFacts(s.GetString("stageName") ?? string.Empty, NullIfEmpty(s.GetString("webAclArn")))).ToList();
            return new RestApiFacts(id, a.GetString("name"), FirstOrNull(a.Get("endpointConfiguration")?.GetStrings("types")), methods, stageFacts);
        })).ConfigureAwait(false);
        return [.. result];
    }

    private static IEnumerable<RestMethodFacts> RestMethods(AwsNode resource)
    {
        var path = resource.GetString("path") ?? "/";
        var methods = resource.Get("resourceMethods");
        foreach (var verb in methods?.MemberNames() ?? [])
        {
            var method = methods!.Get(verb)!;
            yield return new RestMethodFacts(path, verb, method.GetString("authorizationType"), method.GetBool("apiKeyRequired") == true, method.Get("methodIntegration")?.GetString("uri"));
        }
    }

    private async Task<List<HttpApiFacts>> HttpApisAsync(CancellationToken cancellationToken)
    {
        var api = new ApiGatewayV2Api(_session);
        var apis = await api.GetApisAsync(cancellationToken).ConfigureAwait(false);
        var result = await Task.WhenAll(apis.Select(async a =>
        {
            var id = a.GetString("apiId") ?? string.Empty;
            var routes = api.GetRoutesAsync(id, cancellationToken);
            var integrations = api.GetIntegrationsAsync(id, cancellationToken);
            var stages = api.GetStagesAsync(id, cancellationToken);
            await Task.WhenAll(routes, integrations, stages).ConfigureAwait(false);
            var uris = integrations.Result.ToDictionary(i => i.GetString("integrationId") ?? string.Empty, i => i.GetString("integrationUri"), StringComparer.Ordinal);
            var routeFacts = routes.Result.Select(r => new HttpRouteFacts(
                r.GetString("routeKey") ?? string.Empty,
                r.GetString("authorizationType"),
                r.GetBool("apiKeyRequired") == true,
                IntegrationUri(r.GetString("target"), uris))).ToList();
            return new HttpApiFacts(id, a.GetString("name"), a.GetString("protocolType"), routeFacts, stages.Result.Select(s => s.GetString("stageName") ?? string.Empty).ToList());
        })).ConfigureAwait(false);
        return [.. result];
    }

    /// <summary>A route's target is "integrations/{integrationId}". (API Gateway v2 writes its members in camelCase on the wire.)</summary>
    private static string? IntegrationUri(string? target, Dictionary<string, string?> uris)
    {
        const string Prefix = "integrations/";
        return target is not null && target.StartsWith(Prefix, StringComparison.Ordinal) && uris.TryGetValue(target.Substring(Prefix.Length), out var uri) ? uri : null;
    }

    /// <summary>Load balancers and Lambda target groups (the API lists of the result stay empty).</summary>
    private async Task<RegionEntryPoints> LoadBalancersAsync(CancellationToken cancellationToken)
    {
        var elb = new ElbV2Api(_session);
        var groups = (await elb.DescribeTargetGroupsAsync(null, cancellationToken).ConfigureAwait(false))
            .Where(g => string.Equals(g.GetString("TargetType"), "lambda", StringComparison.OrdinalIgnoreCase))
            .ToList();
        if (groups.Count == 0)
        {
            // No Lambda target group, so no load balancer can reach a function: skip the rest of ELB and WAF.
            return RegionEntryPoints.Empty;
        }

        var targetGroups = await Task.WhenAll(groups.Select(async g =>
        {
            var arn = g.GetString("TargetGroupArn") ?? string.Empty;
            var health = await elb.DescribeTargetHealthAsync(arn, cancellationToken).ConfigureAwait(false);
            return new TargetGroupFacts(arn, health.Select(h => h.Get("Target")?.GetString("Id")).Where(id => id is not null).Select(id => id!).ToList());
        })).ConfigureAwait(false);

        var lambdaGroups = new HashSet<string>(targetGroups.Select(t => t.Arn), StringComparer.Ordinal);
        var balancers = (await elb.DescribeLoadBalancersAsync(cancellationToken).ConfigureAwait(false))
            .Where(lb => string.Equals(lb.GetString("Type") ?? "application", "application", StringComparison.OrdinalIgnoreCase));
        var waf = new WafV2Api(_session);
        var facts = await Task.WhenAll(balancers.Select(async lb =>
        {
            var arn = lb.GetString("LoadBalancerArn") ?? string.Empty;
            var listeners = (await elb.DescribeListenersAsync(arn, cancellationToken).ConfigureAwait(false))
                .Select(l => new ListenerFacts(l.GetString("ListenerArn") ?? string.Empty, l.GetInt("Port") ?? 0, l.GetString("Protocol"), ForwardedGroups(l).Where(lambdaGroups.Contains).ToList()))
                .Where(l => l.TargetGroupArns.Count > 0)
                .ToList();
            var acl = listeners.Count == 0 ? null : (await waf.GetWebAclForResourceAsync(arn, cancellationToken).ConfigureAwait(false))?.GetString("ARN");
            return new LoadBalancerFacts(arn, lb.GetString("LoadBalancerName"), lb.GetString("Scheme"), acl, listeners);
        })).ConfigureAwait(false);
        return new RegionEntryPoints([], [], facts.Where(f => f.Listeners.Count > 0).ToList(), targetGroups);
    }

    /// <summary>Target groups a listener's default actions forward to (TargetGroupArn or ForwardConfig.TargetGroups).</summary>
    private static IEnumerable<string> ForwardedGroups(AwsNode listener) =>
        listener.GetList("DefaultActions")
            .Where(a => string.Equals(a.GetString("Type"), "forward", StringComparison.OrdinalIgnoreCase))
            .SelectMany(a => a.GetString("TargetGroupArn") is { } single
                ? [single]
                : a.Get("ForwardConfig")?.GetList("TargetGroups").Select(t => t.GetString("TargetGroupArn")).Where(t => t is not null).Select(t => t!) ?? [])
            .Distinct(StringComparer.Ordinal);

    private static string? FirstOrNull(IReadOnlyList<string>? values) => values is { Count: > 0 } ? values[0] : null;

    private static string? NullIfEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
