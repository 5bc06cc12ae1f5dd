using System.Collections.Generic;

namespace LambdaSec.Analysis.EntryPoints;

/// <summary>Everything read once per account and region about the front doors of functions.</summary>
public sealed record RegionEntryPoints(
    IReadOnlyList<RestApiFacts> RestApis,
    IReadOnlyList<HttpApiFacts> HttpApis,
    IReadOnlyList<LoadBalancerFacts> LoadBalancers,
    IReadOnlyList<TargetGroupFacts> TargetGroups)
{
    public static RegionEntryPoints Empty { get; } = new([], [], [], []);
}
