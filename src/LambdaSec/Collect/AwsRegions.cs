using System.Collections.Generic;
using LambdaSec.Aws;

namespace LambdaSec.Collect;

/// <summary>The regions of a partition, for -AllRegions, as botocore lists them (<see cref="AwsPartitions"/>).</summary>
public static class AwsRegions
{
    public static IReadOnlyList<string> InPartitionOf(string region) => AwsPartitions.Of(region).Regions;

    /// <summary>The regions a cmdlet works on: every region of the partition (-AllRegions), the ones asked for, or the resolved default.</summary>
    public static IReadOnlyList<string> Select(bool allRegions, IReadOnlyList<string>? asked, string defaultRegion) =>
        allRegions ? InPartitionOf(defaultRegion) : asked is { Count: > 0 } ? asked : [defaultRegion];

    /// <summary>Errors with which AWS answers a call in a region that is not enabled for the account (opt-in regions).</summary>
    public static bool IsRegionNotEnabled(string? errorCode) =>
        errorCode is "UnrecognizedClientException" or "InvalidClientTokenId" or "AuthFailure" or "InvalidSignatureException";
}
