namespace LambdaSec.Model;

/// <summary>The worst-case bill an attacker can run up through one function, and what caps it.</summary>
public sealed class LambdaDenialOfWallet
{
    public string? FunctionName { get; init; }

    public string? FunctionArn { get; init; }

    public string? Region { get; init; }

    public string? AccountId { get; init; }

    public int MemorySize { get; init; }

    public string Architecture { get; init; } = string.Empty;

    public int Timeout { get; init; }

    /// <summary>The concurrent executions available to the function.</summary>
    public int Concurrency { get; init; }

    /// <summary>ReservedConcurrency or UnreservedConcurrency (ZeroReservedConcurrency when it is 0).</summary>
    public DenialOfWalletLimit ConcurrencySource { get; init; }

    /// <summary>The entry point of the worst case (Direct, FunctionUrl, RestApi, HttpApi, Alb, with its name when known).</summary>
    public string EntryPoint { get; init; } = string.Empty;

    public DenialOfWalletScenario Scenario { get; init; }

    public double InvocationsPerSecond { get; init; }

    public decimal CostPerHour { get; init; }

    public decimal CostPerDay { get; init; }

    /// <summary>The limit that bounds the worst case.</summary>
    public DenialOfWalletLimit BindingLimit { get; init; }

    /// <summary>The binding limit in words, with its value.</summary>
    public string CappedBy { get; init; } = string.Empty;

    /// <summary>The largest reserved concurrency that keeps the worst case within -BudgetPerDay; null without a budget.</summary>
    public int? RecommendedReservedConcurrency { get; init; }

    public decimal? BudgetPerDay { get; init; }

    public string Currency { get; init; } = "USD";

    public override string ToString() => $"{FunctionName}: {CostPerDay:0.00} {Currency}/day ({CappedBy})";
}
