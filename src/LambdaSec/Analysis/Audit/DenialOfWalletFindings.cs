using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LambdaSec.Analysis.Cost;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Audit;

/// <summary>LS-DOW-001: a function anyone can invoke whose cost nothing but the account's unreserved pool caps.</summary>
public static class DenialOfWalletFindings
{
    /// <summary>
    /// The doors through which anyone, without credentials, can invoke a function: direct invocation when the policy
    /// is Public, the function URL when it is publicly reachable, API routes without auth and internet-facing load
    /// balancers. Empty when no anonymous caller gets in.
    /// </summary>
    public static IReadOnlyList<FrontDoor> AnonymousDoors(LambdaExposure exposure)
    {
        var doors = new List<FrontDoor>();
        if (exposure.Exposure == ExposureLevel.Public)
        {
            doors.Add(new FrontDoor { Kind = FrontDoorKind.Direct, Name = "resource policy" });
        }

        if (exposure.FunctionUrl is { IsPubliclyReachable: true } url)
        {
            doors.Add(new FrontDoor { Kind = FrontDoorKind.FunctionUrl, Name = url.Url });
        }

        doors.AddRange(exposure.EntryPoints
            .Where(e => e.Kind == EntryPointKind.LoadBalancer ? !string.Equals(e.Scheme, "internal", StringComparison.OrdinalIgnoreCase) : !e.IsAuthenticated)
            .GroupBy(e => (e.Kind, e.Id, e.Stage))
            .Select(g => new FrontDoor
            {
                Kind = g.Key.Kind switch { EntryPointKind.RestApi => FrontDoorKind.RestApi, EntryPointKind.HttpApi => FrontDoorKind.HttpApi, _ => FrontDoorKind.Alb },
                Name = g.Key.Stage is null ? g.First().Name ?? g.Key.Id : $"{g.First().Name ?? g.Key.Id}/{g.Key.Stage}",
            }));
        return doors;
    }

    /// <summary>
    /// A finding when <paramref name="input"/> has anonymous front doors (<see cref="AnonymousDoors"/>) and
    /// no reserved concurrency; nothing otherwise.
    /// </summary>
    public static IEnumerable<LambdaSecFinding> Evaluate(LambdaExposure exposure, DenialOfWalletInput input, LambdaPriceList prices)
    {
        if (input.FrontDoors.Count == 0 || input.ReservedConcurrency is not null)
        {
            yield break;
        }

        var estimate = DenialOfWalletModel.Estimate(input, prices);
        var subject = new FindingSubject(exposure.AccountId, exposure.Region, exposure.FunctionArn, exposure.FunctionName);
        var cost = estimate.CostPerDay.ToString("N2", CultureInfo.InvariantCulture);
        yield return AuditRules.DenialOfWallet.Finding(subject,
            $"Anyone can invoke it through {string.Join(", ", input.FrontDoors.Select(d => d.ToString()))}; no reserved concurrency, so up to {estimate.Concurrency} concurrent executions ({estimate.MemorySize} MB, {estimate.Timeout} s timeout): worst case about {cost} {estimate.Currency} per day via {estimate.EntryPoint}.",
            $"Close the public access (Remove-LambdaPublicPermission, Set-LambdaFunctionUrlAuth) or cap the function: Measure-LambdaDenialOfWallet -FunctionName {exposure.FunctionName} -Region {exposure.Region} -BudgetPerDay <amount> recommends a reserved concurrency; set it with aws lambda put-function-concurrency.");
    }
}
