using System.Collections.Generic;

namespace LambdaSec.Remediation;

/// <summary>
/// A function (or alias/version) to remediate: where it is (null account or region: the caller's), which statements
/// were named (null: any in scope), and its policy when already read (from Get-LambdaExposure or the planning pass).
/// </summary>
public sealed record FunctionTarget(string FunctionName, string? FunctionArn, string? Qualifier)
{
    public string? AccountId { get; init; }

    public string? Region { get; init; }

    public IReadOnlyCollection<string>? StatementIds { get; init; }

    public LivePolicy? Snapshot { get; init; }

    /// <summary>Accounts whose grants count like the owner's organization when the policy is read (Get-LambdaExposure -TrustedAccountId).</summary>
    public IReadOnlyCollection<string>? TrustedAccounts { get; init; }

    public string Key => Qualifier is null ? FunctionName : $"{FunctionName}:{Qualifier}";
}
