using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Policy;

namespace LambdaSec.Collect;

/// <summary>Which functions each region is asked about: ARNs go to their own region, names with a region to it, other names to every region asked for.</summary>
public static class FunctionPlan
{
    /// <summary>Per region, the functions to read there, or null for "every function of the region" (nothing named).</summary>
    public static IReadOnlyList<(string Region, IReadOnlyList<FunctionRef>? Functions)> Of(IReadOnlyList<FunctionRef> functions, IReadOnlyList<string> regions)
    {
        if (functions.Count == 0)
        {
            return regions.Select(r => (r, (IReadOnlyList<FunctionRef>?)null)).ToList();
        }

        var pinned = functions.Where(f => RegionOf(f) is not null).ToLookup(f => RegionOf(f)!);
        var anywhere = functions.Where(f => RegionOf(f) is null).ToList();
        return regions.Union(pinned.Select(g => g.Key))
            // A region reached only through an ARN is not searched for bare names: they belong to the regions asked for.
            .Select(r => (r, (IReadOnlyList<FunctionRef>?)pinned[r].Concat(regions.Contains(r) ? anywhere : []).ToList()))
            .Where(p => p.Item2!.Count > 0)
            .ToList();
    }

    /// <summary>The region of the first function that names one (an ARN, or an object with a Region), for a connection that has none.</summary>
    public static string? FirstRegion(IEnumerable<FunctionRef> functions) => functions.Select(RegionOf).FirstOrDefault(r => r is not null);

    private static string? RegionOf(FunctionRef function) =>
        AwsIdentifiers.ArnAccountField(function.NameOrArn) is not null ? function.NameOrArn.Split(':')[3] : function.Region;
}
