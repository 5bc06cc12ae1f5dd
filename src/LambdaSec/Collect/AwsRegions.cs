using System;
using System.Collections.Generic;
using System.Linq;
using Amazon;

namespace LambdaSec.Collect;

/// <summary>The regions of a partition, for -AllRegions: AWSSDK.Core's list, without pseudo-regions such as us-east-1-regional.</summary>
public static class AwsRegions
{
    public static IReadOnlyList<string> InPartitionOf(string region)
    {
        var partition = RegionEndpoint.GetBySystemName(region).PartitionName ?? "aws";
        return RegionEndpoint.EnumerableAllRegions
            .Where(r => string.Equals(r.PartitionName, partition, StringComparison.Ordinal) && !r.SystemName.EndsWith("-regional", StringComparison.Ordinal))
            .Select(r => r.SystemName)
            .OrderBy(r => r, StringComparer.Ordinal)
            .ToList();
    }

    /// <summary>The regions a cmdlet works on: every region of the partition (-AllRegions), the ones asked for, or the resolved default.</summary>
    public static IReadOnlyList<string> Select(bool allRegions, IReadOnlyList<string>? asked, string defaultRegion) =>
        allRegions ? InPartitionOf(defaultRegion) : asked is { Count: > 0 } ? asked : [defaultRegion];

    /// <summary>Errors with which AWS answers a call in a region that is not enabled for the account (opt-in regions).</summary>
    public static bool IsRegionNotEnabled(string? errorCode) =>
        errorCode is "UnrecognizedClientException" or "InvalidClientTokenId" or "AuthFailure" or "InvalidSignatureException";
}
