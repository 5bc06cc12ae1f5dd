using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Policy;

namespace LambdaSec.Collect;

/// <summary>Which functions each region is asked about: ARNs go to their own region, plain names to every region asked for.</summary>
public static class FunctionPlan
{
    /// <summary>Per region, the functions to read there, or null for "every function of the region" (nothing named).</summary>
    public static IReadOnlyList<(string Region, IReadOnlyList<FunctionRef>? Functions)> Of(IReadOnlyList<FunctionRef> functions, IReadOnlyList<string> regions)
    {
        if (functions.Count == 0)
        {
            return regions.Select(r => (r, (IReadOnlyList<FunctionRef>?)null)).ToList();
        }

        var byArn = functions.Where(f => AwsIdentifiers.ArnAccountField(f.NameOrArn) is not null).ToLookup(f => f.NameOrArn.Split(':')[3]);
        var byName = functions.Where(f => AwsIdentifiers.ArnAccountField(f.NameOrArn) is null).ToList();
        return regions.Union(byArn.Select(g => g.Key))
            .Select(r => (r, (IReadOnlyList<FunctionRef>?)byArn[r].Concat(byName).ToList()))
            .Where(p => p.Item2!.Count > 0)
            .ToList();
    }
}
