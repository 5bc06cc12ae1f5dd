using System;

namespace LambdaSec.Model;

/// <summary>The runtime status of one function, or of one runtime identifier checked offline.</summary>
public sealed class LambdaRuntimeReport
{
    public string? Runtime { get; init; }

    public LambdaRuntimeStatus Status { get; init; }

    public DateTime? DeprecationDate { get; init; }

    public DateTime? BlockFunctionCreateDate { get; init; }

    public DateTime? BlockFunctionUpdateDate { get; init; }

    /// <summary>Days from AsOf to the deprecation date; negative once it has passed.</summary>
    public int? DaysUntilDeprecation { get; init; }

    /// <summary>The newest supported runtime of the same family, or null when the family has none.</summary>
    public string? Recommended { get; init; }

    public string? Family { get; init; }

    public string? Name { get; init; }

    public string? FunctionName { get; init; }

    public string? FunctionArn { get; init; }

    public string? Region { get; init; }

    public string? AccountId { get; init; }

    public string? PackageType { get; init; }

    /// <summary>The date of the runtime catalog the verdict came from (its compile date).</summary>
    public DateTime CatalogDate { get; init; }

    /// <summary>Which runtime catalog the verdict came from: "embedded catalog" or the path of a user or -CatalogPath catalog.</summary>
    public string CatalogSource { get; init; } = string.Empty;

    public override string ToString() => $"{Runtime ?? PackageType}: {Status}";
}
