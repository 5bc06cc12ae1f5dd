namespace LambdaSec.Model;

/// <summary>One backed-up item Restore-LambdaPermission put back (a policy statement or a function URL's AuthType).</summary>
public sealed class LambdaRestoreResult
{
    public string? AccountId { get; init; }

    public string? Region { get; init; }

    public string FunctionName { get; init; } = string.Empty;

    public string? Qualifier { get; init; }

    /// <summary>Permission or FunctionUrl.</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>The statement id (Permission); null for a function URL.</summary>
    public string? StatementId { get; init; }

    /// <summary>Restored, or AlreadyPresent when the policy or URL already held exactly the backed-up state.</summary>
    public string Status { get; init; } = string.Empty;

    /// <summary>The statement JSON (Permission) or the AuthType (FunctionUrl) that is now in place.</summary>
    public string Restored { get; init; } = string.Empty;

    public string? BackupPath { get; init; }

    public override string ToString() => $"{FunctionName}: {StatementId ?? Kind} {Status}";
}
