using System;

namespace LambdaSec.Analysis.Runtimes;

/// <summary>One runtime identifier with AWS's published dates (UTC calendar dates, null when not scheduled).</summary>
public sealed class RuntimeCatalogEntry
{
    public string Identifier { get; init; } = string.Empty;

    public string Name { get; init; } = string.Empty;

    public string Family { get; init; } = string.Empty;

    /// <summary>Language (or OS) version used to rank runtimes of one family, e.g. "3.14".</summary>
    public Version? Version { get; init; }

    public string? OperatingSystem { get; init; }

    public DateTime? DeprecationDate { get; init; }

    public DateTime? BlockFunctionCreateDate { get; init; }

    public DateTime? BlockFunctionUpdateDate { get; init; }

    public bool Preview { get; init; }

    public bool ContainerOnly { get; init; }

    /// <summary>Family to recommend from when this family has no supported runtime left (go1.x -> provided).</summary>
    public string? SuccessorFamily { get; init; }

    public bool Confirmed { get; init; } = true;

    /// <summary>Keys of the catalog's sources this row's dates come from (e.g. "cfn-lint", "endoflife-date").</summary>
    public string[] Sources { get; init; } = [];

    /// <summary>The date the row was last checked against its sources, when the catalog records it.</summary>
    public DateTime? Checked { get; init; }

    public string? Notes { get; init; }
}
