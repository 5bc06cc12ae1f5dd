using System;

namespace LambdaSec.Model;

/// <summary>One runtime catalog row with its status on the AsOf date (Get-LambdaRuntimeSchedule).</summary>
public sealed class LambdaRuntimeScheduleEntry
{
    public string Runtime { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string Family { get; init; } = string.Empty;

    public string? OperatingSystem { get; init; }

    public LambdaRuntimeStatus Status { get; init; }

    public DateTime? DeprecationDate { get; init; }

    public DateTime? BlockFunctionCreateDate { get; init; }

    public DateTime? BlockFunctionUpdateDate { get; init; }

    /// <summary>Days from AsOf to the deprecation date; negative once it has passed.</summary>
    public int? DaysUntilDeprecation { get; init; }

    public string? Recommended { get; init; }

    /// <summary>A preview runtime: AWS publishes no schedule for it yet.</summary>
    public bool Preview { get; init; }

    /// <summary>Only a container base image (no Runtime value for .zip functions).</summary>
    public bool ContainerOnly { get; init; }

    /// <summary>False when the catalog's compiler could not confirm the dates against a current AWS page.</summary>
    public bool Confirmed { get; init; } = true;

    /// <summary>Keys of the catalog's sources the row's dates come from.</summary>
    public string[] Sources { get; init; } = [];

    /// <summary>The date the row was last checked against its sources.</summary>
    public DateTime? Checked { get; init; }

    /// <summary>The date of the runtime catalog the row came from.</summary>
    public DateTime CatalogDate { get; init; }

    /// <summary>Which runtime catalog the row came from: "embedded catalog" or a file path.</summary>
    public string CatalogSource { get; init; } = string.Empty;

    public string? Notes { get; init; }

    public override string ToString() => $"{Runtime}: {Status}";
}
