using System;
using System.Collections.Concurrent;
using System.Collections.Generic;

namespace LambdaSec.Aws;

/// <summary>
/// Token buckets per account + region + rate class. Global services (IAM, Organizations) use one bucket
/// per account, as AWS counts them. Shared across sessions so parallel cmdlets and regions stay under quota together.
/// </summary>
public sealed class ApiRateLimiter
{
    private readonly ConcurrentDictionary<string, AdaptiveTokenBucket> _buckets = new(StringComparer.Ordinal);

    public ApiRateLimiter(IReadOnlyList<ControlPlaneQuota>? quotas = null) => Quotas = quotas ?? ControlPlaneQuotas.Defaults;

    public IReadOnlyList<ControlPlaneQuota> Quotas { get; }

    public AdaptiveTokenBucket BucketFor(string account, string region, AwsOperation operation)
    {
        var quota = ControlPlaneQuotas.For(operation, Quotas);
        var scope = operation.Service.GlobalRegion is null ? region : "global";
        return _buckets.GetOrAdd(account + "|" + scope + "|" + quota.Service + "|" + quota.RateClass, _ => new AdaptiveTokenBucket(quota.Rate, quota.Burst));
    }
}
