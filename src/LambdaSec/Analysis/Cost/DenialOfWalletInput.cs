using System.Collections.Generic;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Cost;

/// <summary>What the denial-of-wallet model needs to know about one function.</summary>
public sealed class DenialOfWalletInput
{
    public string? FunctionName { get; init; }

    public string? FunctionArn { get; init; }

    public string? Region { get; init; }

    public string? AccountId { get; init; }

    public int MemorySize { get; init; }

    /// <summary>x86_64 or arm64.</summary>
    public string Architecture { get; init; } = LambdaPriceList.X86;

    /// <summary>The function timeout in seconds: how long each invocation an attacker starts can bill.</summary>
    public int Timeout { get; init; }

    /// <summary>The function's reserved concurrency when set (0 means it cannot be invoked); null when it draws on the account's unreserved pool.</summary>
    public int? ReservedConcurrency { get; init; }

    /// <summary>The account's unreserved concurrency in the region: what a function without reserved concurrency can use.</summary>
    public int UnreservedConcurrency { get; init; }

    /// <summary>The account's concurrency limit in the region: the upper bound of a recommended reserved concurrency.</summary>
    public int AccountConcurrency { get; init; }

    /// <summary>The entry points an attacker can use; none means the Lambda Invoke API itself.</summary>
    public IReadOnlyList<FrontDoor> FrontDoors { get; init; } = [];

    /// <summary>The most the worst case may cost per day; gives <see cref="LambdaDenialOfWallet.RecommendedReservedConcurrency"/>.</summary>
    public decimal? BudgetPerDay { get; init; }

    public int Concurrency => ReservedConcurrency ?? UnreservedConcurrency;

    public DenialOfWalletLimit ConcurrencySource => ReservedConcurrency is null ? DenialOfWalletLimit.UnreservedConcurrency : DenialOfWalletLimit.ReservedConcurrency;
}
