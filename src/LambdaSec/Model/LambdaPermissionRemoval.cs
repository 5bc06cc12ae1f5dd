using System;

namespace LambdaSec.Model;

/// <summary>One policy statement Remove-LambdaPublicPermission removed, and where its backup is (Restore-LambdaPermission takes it back).</summary>
public sealed class LambdaPermissionRemoval
{
    public string? AccountId { get; init; }

    public string? Region { get; init; }

    public string FunctionName { get; init; } = string.Empty;

    public string? FunctionArn { get; init; }

    public string? Qualifier { get; init; }

    public string StatementId { get; init; } = string.Empty;

    public ExposureLevel Exposure { get; init; }

    public string[] Principals { get; init; } = [];

    public string[] Conditions { get; init; } = [];

    /// <summary>The statement as it stood in the policy (compact JSON).</summary>
    public string Statement { get; init; } = string.Empty;

    /// <summary>The policy revision the statement was removed from.</summary>
    public string? RevisionId { get; init; }

    /// <summary>The JSON-lines file that holds the statement (Restore-LambdaPermission -BackupPath).</summary>
    public string BackupPath { get; init; } = string.Empty;

    public DateTimeOffset RemovedAt { get; init; }

    public override string ToString() => $"{FunctionName}: {StatementId}";
}
