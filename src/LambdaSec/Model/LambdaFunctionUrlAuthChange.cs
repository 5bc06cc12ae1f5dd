using System;

namespace LambdaSec.Model;

/// <summary>A function URL whose AuthType Set-LambdaFunctionUrlAuth changed, and where the previous value is backed up.</summary>
public sealed class LambdaFunctionUrlAuthChange
{
    public string? AccountId { get; init; }

    public string? Region { get; init; }

    public string FunctionName { get; init; } = string.Empty;

    public string? Qualifier { get; init; }

    public string Url { get; init; } = string.Empty;

    public string PreviousAuthType { get; init; } = string.Empty;

    public string AuthType { get; init; } = string.Empty;

    /// <summary>The JSON-lines file that holds the previous configuration (Restore-LambdaPermission -BackupPath).</summary>
    public string BackupPath { get; init; } = string.Empty;

    public DateTimeOffset ChangedAt { get; init; }

    public override string ToString() => $"{FunctionName}: {PreviousAuthType} -> {AuthType}";
}
