using System;

namespace LambdaSec.Model;

/// <summary>How a runtime's row differs between the catalog in use and AWS's page.</summary>
public enum RuntimeCatalogChangeKind
{
    /// <summary>The page lists a runtime the catalog in use does not have.</summary>
    Added,

    /// <summary>The page gives other dates than the catalog in use.</summary>
    Changed,

    /// <summary>The catalog in use has the runtime and the page no longer lists it; its row is kept as it was.</summary>
    Dropped,
}

/// <summary>One difference Update-LambdaRuntimeCatalog found between the catalog in use and AWS's "Lambda runtimes" page.</summary>
public sealed class LambdaRuntimeCatalogChange
{
    public string Runtime { get; init; } = string.Empty;

    public RuntimeCatalogChangeKind Change { get; init; }

    public string? Name { get; init; }

    public DateTime? OldDeprecationDate { get; init; }

    public DateTime? NewDeprecationDate { get; init; }

    public DateTime? OldBlockFunctionCreateDate { get; init; }

    public DateTime? NewBlockFunctionCreateDate { get; init; }

    public DateTime? OldBlockFunctionUpdateDate { get; init; }

    public DateTime? NewBlockFunctionUpdateDate { get; init; }

    /// <summary>The catalog the differences are counted against (the one in use before the update).</summary>
    public string PreviousCatalog { get; init; } = string.Empty;

    /// <summary>The user catalog file the update writes (or would write, under -WhatIf).</summary>
    public string CatalogPath { get; init; } = string.Empty;

    public override string ToString() => $"{Runtime}: {Change}";
}
