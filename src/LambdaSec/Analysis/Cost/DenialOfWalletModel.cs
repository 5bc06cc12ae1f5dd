using System;
using System.Globalization;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Cost;

/// <summary>
/// The worst-case cost of a function an attacker invokes as fast as the limits allow
/// (docs/decisions/denial-of-wallet.md). Two attacks are priced and the dearer one reported:
/// FullTimeout: every available concurrent slot busy for the whole timeout, so invocations/s = C / T and
/// compute = C × GB × seconds; RequestRate: 1 ms invocations at Lambda's 10 × C requests/s quota.
/// A front door's throttle lowers the rate of either when it is lower. Each period is priced from an
/// empty month (dearest tier first, no free tier). Pure: no I/O.
/// </summary>
public static class DenialOfWalletModel
{
    /// <summary>Lambda allows 10 invocation requests per second per unit of concurrency.</summary>
    public const double RequestsPerSecondPerConcurrency = 10;

    /// <summary>The shortest billed duration: Lambda bills in 1 ms steps.</summary>
    public const double MinimumBilledSeconds = 0.001;

    public const double SecondsPerHour = 3600;
    public const double SecondsPerDay = 86400;

    public static LambdaDenialOfWallet Estimate(DenialOfWalletInput input, LambdaPriceList prices)
    {
        var doors = input.FrontDoors.Count > 0 ? input.FrontDoors : [new FrontDoor { Kind = FrontDoorKind.Direct }];
        var worst = doors.Select(d => Attack(input, input.Concurrency, d, prices)).OrderByDescending(a => a.CostPerDay).First();
        return new LambdaDenialOfWallet
        {
            FunctionName = input.FunctionName,
            FunctionArn = input.FunctionArn,
            Region = input.Region,
            AccountId = input.AccountId,
            MemorySize = input.MemorySize,
            Architecture = input.Architecture,
            Timeout = input.Timeout,
            Concurrency = input.Concurrency,
            ConcurrencySource = input.Concurrency == 0 ? DenialOfWalletLimit.ZeroReservedConcurrency : input.ConcurrencySource,
            EntryPoint = worst.Door.ToString(),
            Scenario = worst.Scenario,
            InvocationsPerSecond = Math.Round(worst.Rate, 3),
            CostPerHour = Money(worst.CostPerHour),
            CostPerDay = Money(worst.CostPerDay),
            BindingLimit = worst.Limit,
            CappedBy = worst.CappedBy,
            RecommendedReservedConcurrency = input.BudgetPerDay is { } budget ? RecommendReservedConcurrency(input, prices, budget) : null,
            BudgetPerDay = input.BudgetPerDay,
            Currency = prices.Currency,
        };
    }

    /// <summary>
    /// The largest reserved concurrency whose worst case stays within the budget, searched between 0 and the
    /// most a function may reserve (the account limit less the 100 that Lambda keeps unreserved).
    /// The cost never falls as concurrency grows, so a binary search finds it.
    /// </summary>
    public static int RecommendReservedConcurrency(DenialOfWalletInput input, LambdaPriceList prices, decimal budgetPerDay)
    {
        var doors = input.FrontDoors.Count > 0 ? input.FrontDoors : [new FrontDoor { Kind = FrontDoorKind.Direct }];
        bool Fits(int concurrency) => doors.All(d => Money(Attack(input, concurrency, d, prices).CostPerDay) <= budgetPerDay);

        int low = 0, high = Math.Max(0, input.AccountConcurrency - 100);
        while (low < high)
        {
            var mid = low + ((high - low + 1) / 2);
            if (Fits(mid))
            {
                low = mid;
            }
            else
            {
                high = mid - 1;
            }
        }

        return low;
    }

    private static Attack Attack(DenialOfWalletInput input, int concurrency, FrontDoor door, LambdaPriceList prices)
    {
        if (concurrency <= 0)
        {
            return new Attack(door, DenialOfWalletScenario.None, 0, 0, 0, DenialOfWalletLimit.ZeroReservedConcurrency, "reserved concurrency 0: the function cannot be invoked");
        }

        var concurrencyLimit = input.ReservedConcurrency is null ? DenialOfWalletLimit.UnreservedConcurrency : DenialOfWalletLimit.ReservedConcurrency;
        var concurrencyText = input.ReservedConcurrency is null
            ? Text("unreserved account concurrency {0} × timeout {1} s", concurrency, input.Timeout)
            : Text("reserved concurrency {0} × timeout {1} s", concurrency, input.Timeout);
        var cap = Cap(door);

        // FullTimeout: C slots, each busy for T seconds per invocation.
        var longRate = concurrency / (double)input.Timeout;
        var longLimit = (Rate: longRate, Limit: concurrencyLimit, Text: concurrencyText);
        if (cap is { } c1 && c1.Rate < longRate)
        {
            longLimit = c1;
        }

        var fullTimeout = Price(input, door, prices, DenialOfWalletScenario.FullTimeout, longLimit.Rate, input.Timeout, longLimit.Limit, longLimit.Text);

        // RequestRate: the shortest billed invocations at Lambda's request-rate quota.
        var shortRate = concurrency * RequestsPerSecondPerConcurrency;
        var shortLimit = (Rate: shortRate, Limit: DenialOfWalletLimit.LambdaRequestRate, Text: Text("Lambda's request rate of 10 × concurrency {0} = {1} requests/s", concurrency, shortRate));
        if (cap is { } c2 && c2.Rate < shortRate)
        {
            shortLimit = c2;
        }

        var requestRate = Price(input, door, prices, DenialOfWalletScenario.RequestRate, shortLimit.Rate, MinimumBilledSeconds, shortLimit.Limit, shortLimit.Text);
        return requestRate.CostPerDay > fullTimeout.CostPerDay ? requestRate : fullTimeout;
    }

    /// <summary>The lowest request rate the front door lets through, if it has one.</summary>
    private static (double Rate, DenialOfWalletLimit Limit, string Text)? Cap(FrontDoor door)
    {
        (double Rate, DenialOfWalletLimit Limit, string Text)? cap = null;
        if (door.IsApiGateway)
        {
            cap = door.ThrottleRateLimit is { } throttle && throttle < FrontDoor.ApiGatewayAccountRateLimit
                ? (throttle, DenialOfWalletLimit.ApiGatewayThrottle, Text("API Gateway {0} of {1} requests/s", door.ThrottleSource ?? "throttle", throttle))
                : (FrontDoor.ApiGatewayAccountRateLimit, DenialOfWalletLimit.ApiGatewayThrottle, Text("API Gateway's account throttle of {0} requests/s", FrontDoor.ApiGatewayAccountRateLimit));
        }

        if (door.CanHaveWaf && door.WafRateLimit is { } waf && waf / (double)door.WafWindowSeconds < (cap?.Rate ?? double.PositiveInfinity))
        {
            cap = (waf / (double)door.WafWindowSeconds, DenialOfWalletLimit.WafRateRule, Text("the WAF rate-based rule {0} of {1} requests per {2} s", door.WafRuleName ?? "(-WafRateLimit)", waf, door.WafWindowSeconds));
        }

        return cap;
    }

    private static Attack Price(DenialOfWalletInput input, FrontDoor door, LambdaPriceList prices, DenialOfWalletScenario scenario, double rate, double secondsPerInvocation, DenialOfWalletLimit limit, string cappedBy)
    {
        var gb = input.MemorySize / 1024.0;
        var compute = prices.ComputePrice(input.Region, input.Architecture);
        double Cost(double seconds)
        {
            var requests = rate * seconds;
            return compute.Cost(requests * secondsPerInvocation * gb)
                + (requests * prices.LambdaRequestPrice)
                + FrontDoorCost(door, prices, requests);
        }

        return new Attack(door, scenario, rate, Cost(SecondsPerHour), Cost(SecondsPerDay), limit, cappedBy);
    }

    private static double FrontDoorCost(FrontDoor door, LambdaPriceList prices, double requests) => door.Kind switch
    {
        FrontDoorKind.RestApi => prices.RestApiRequestPrice.Cost(requests),
        FrontDoorKind.HttpApi => prices.HttpApiRequestPrice.Cost(requests),
        FrontDoorKind.Alb => requests * prices.AlbRequestPrice,
        _ => 0,
    };

    private static decimal Money(double amount) => Math.Round((decimal)amount, 4, MidpointRounding.AwayFromZero);

    private static string Text(string format, params object[] args) => string.Format(CultureInfo.InvariantCulture, format, args);
}
