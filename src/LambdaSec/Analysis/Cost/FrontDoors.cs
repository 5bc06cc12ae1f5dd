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
    /// <summary>
    /// The doors of one function; a function no outsider can reach gets Direct, the cost if a principal that may invoke it
    /// turns hostile. <paramref name="wafRules"/> holds the capping rate rule of each web ACL (by ARN) found in AWS; a
    /// -WafRateLimit given by the user (per 5 minutes) applies to every door with a web ACL, and the lower rate wins.
    /// </summary>
    public static List<FrontDoor> From(IEnumerable<LambdaExposure> exposures, double? throttleRateLimit, long? wafRateLimit, IReadOnlyDictionary<string, WafRateRule>? wafRules = null)
    {
        var all = exposures.ToList();
        var doors = all.SelectMany(e => e.EntryPoints)
            .Select(ep => (EntryPoint: ep, Waf: Waf(ep, wafRateLimit, wafRules)))
            .Select(e => new FrontDoor
            {
                Kind = e.EntryPoint.Kind switch
                {
                    EntryPointKind.RestApi => FrontDoorKind.RestApi,
                    EntryPointKind.HttpApi => FrontDoorKind.HttpApi,
                    _ => FrontDoorKind.Alb,
                },
                Name = e.EntryPoint.Stage is null ? e.EntryPoint.Name ?? e.EntryPoint.Id : $"{e.EntryPoint.Name ?? e.EntryPoint.Id}/{e.EntryPoint.Stage}",
                ThrottleRateLimit = throttleRateLimit,
                ThrottleSource = "throttle (-ThrottleRateLimit)",
                WafRateLimit = e.Waf?.RequestLimit,
                WafWindowSeconds = e.Waf?.WindowSeconds ?? WafRateRule.DefaultWindowSeconds,
                WafRuleName = e.Waf?.RuleName,
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

    /// <summary>The rate rule that caps an entry point: none without a web ACL (a rule lives in one), else the lower of the one found and -WafRateLimit.</summary>
    private static WafRateRule? Waf(EntryPoint entryPoint, long? userLimit, IReadOnlyDictionary<string, WafRateRule>? wafRules)
    {
        if (entryPoint.WebAclArn is not { } acl)
        {
            return null;
        }

        var found = wafRules is not null && wafRules.TryGetValue(acl, out var rule) ? rule : null;
        var given = userLimit is { } limit ? new WafRateRule("(-WafRateLimit)", limit, WafRateRule.DefaultWindowSeconds) : null;
        return found is null || (given is not null && given.RequestsPerSecond < found.RequestsPerSecond) ? given : found;
    }
}
