using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;

namespace LambdaSec.Aws;

/// <summary>
/// Token buckets per account + region + rate class. Global services (IAM, Organizations) use one bucket
/// per account, as AWS counts them. Shared across sessions so parallel cmdlets and regions stay under quota together.
/// </summary>
public sealed class ApiRateLimiter
{
    // Keyed by strings and objects that already exist (no key string built per call); the quota of each operation is
    // looked up in the table once.
    private readonly ConcurrentDictionary<(string Account, string Scope, ControlPlaneQuota Quota), AdaptiveTokenBucket> _buckets = new();
    private readonly ConcurrentDictionary<AwsOperation, ControlPlaneQuota> _quotas = new();

    /// <summary>
    /// The environment variable that multiplies every default rate: for accounts whose Lambda quotas AWS raised on
    /// request, and for test estates on an emulator without quotas. Read once, when the process first needs it.
    /// </summary>
    public const string ScaleVariable = "LAMBDASEC_QUOTA_SCALE";

    public ApiRateLimiter(IReadOnlyList<ControlPlaneQuota>? quotas = null) => Quotas = quotas ?? Scaled(ControlPlaneQuotas.Defaults, Environment.GetEnvironmentVariable(ScaleVariable));

    public IReadOnlyList<ControlPlaneQuota> Quotas { get; }

    /// <summary>The quotas with rate and burst multiplied by <paramref name="scale"/> (a positive number); unchanged otherwise.</summary>
    public static IReadOnlyList<ControlPlaneQuota> Scaled(IReadOnlyList<ControlPlaneQuota> quotas, string? scale) =>
        double.TryParse(scale, NumberStyles.Float, CultureInfo.InvariantCulture, out var factor) && factor > 0 && factor != 1
            ? quotas.Select(q => new ControlPlaneQuota(q.Service, q.RateClass, q.Rate * factor, q.Burst * factor, $"{q.Source} x{factor} ({ScaleVariable})")).ToList()
            : quotas;

    public AdaptiveTokenBucket BucketFor(string account, string region, AwsOperation operation)
    {
        if (!_quotas.TryGetValue(operation, out var quota)) quota = _quotas.GetOrAdd(operation, ControlPlaneQuotas.For(operation, Quotas));
        var key = (account, operation.Service.GlobalRegion is null ? region : "global", quota);
        return _buckets.TryGetValue(key, out var bucket) ? bucket : _buckets.GetOrAdd(key, k => new AdaptiveTokenBucket(k.Quota.Rate, k.Quota.Burst));
    }
}
