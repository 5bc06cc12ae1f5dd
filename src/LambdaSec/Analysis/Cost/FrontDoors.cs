using System.Collections.Generic;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Cost;

/// <summary>
/// The entry points an outside attacker can use, read from what Get-LambdaExposure found for a function and its
/// aliases (they share its concurrency): its API Gateway routes and load balancers, a publicly reachable function
/// URL, and the Lambda Invoke API itself when the resource policy lets another account or anyone in.
/// </summary>
public static class FrontDoors
{
    /// <summary>The doors of one function; a function no outsider can reach gets Direct, the cost if a principal that may invoke it turns hostile.</summary>
    public static List<FrontDoor> From(IEnumerable<LambdaExposure> exposures, double? throttleRateLimit, long? wafRateLimit)
    {
        var all = exposures.ToList();
        var doors = all.SelectMany(e => e.EntryPoints)
            .Select(ep => new FrontDoor
            {
                Kind = ep.Kind switch
                {
                    EntryPointKind.RestApi => FrontDoorKind.RestApi,
                    EntryPointKind.HttpApi => FrontDoorKind.HttpApi,
                    _ => FrontDoorKind.Alb,
                },
                Name = ep.Stage is null ? ep.Name ?? ep.Id : $"{ep.Name ?? ep.Id}/{ep.Stage}",
                ThrottleRateLimit = throttleRateLimit,
                ThrottleSource = "throttle (-ThrottleRateLimit)",
                // A rate rule can only be in a web ACL the entry point has.
                WafRateLimit = ep.HasWaf ? wafRateLimit : null,
            })
            .GroupBy(d => (d.Kind, d.Name))
            .Select(g => g.First())
            .ToList();
        if (all.Any(e => e.FunctionUrl?.IsPubliclyReachable == true))
        {
            doors.Add(new FrontDoor { Kind = FrontDoorKind.FunctionUrl });
        }

        if (all.Any(e => e.Exposure.IsAtLeast(ExposureLevel.CrossAccount)))
        {
            doors.Add(new FrontDoor { Kind = FrontDoorKind.Direct });
        }

        if (doors.Count == 0)
        {
            doors.Add(new FrontDoor { Kind = FrontDoorKind.Direct, Name = "(no outside entry point)" });
        }

        return doors;
    }
}
