namespace LambdaSec.Model;

/// <summary>
/// Whether an account's service control policies prevent a public Lambda: a public AddPermission, a grant to an
/// account outside the organization, a function URL without authentication. Gaps name what is not prevented.
/// </summary>
public sealed class LambdaGuardrailCoverage
{
    public string AccountId { get; init; } = string.Empty;

    /// <summary>The account's name in Organizations, when read from it.</summary>
    public string? AccountName { get; init; }

    /// <summary>True for the management account: service control policies never apply to it.</summary>
    public bool IsManagementAccount { get; init; }

    /// <summary>The identity the questions were asked as (an ordinary role unless one was named, e.g. a break-glass role).</summary>
    public string PrincipalArn { get; init; } = string.Empty;

    /// <summary>The targets from the root to the account (r-..., ou-..., the account).</summary>
    public string[] Path { get; init; } = [];

    /// <summary>The same path for people: "Root (r-ab12)", "Sandbox (ou-ab12-...)", "dev (222222222222)".</summary>
    public string[] PathNames { get; init; } = [];

    public bool PublicPermissionDenied { get; init; }

    public string PublicPermissionReason { get; init; } = string.Empty;

    public bool ExternalAccountPermissionDenied { get; init; }

    public string ExternalAccountPermissionReason { get; init; } = string.Empty;

    /// <summary>True when both creating and updating a function URL with AuthType NONE are denied.</summary>
    public bool FunctionUrlNoneDenied { get; init; }

    public string FunctionUrlNoneReason { get; init; } = string.Empty;

    public string[] Gaps { get; init; } = [];

    /// <summary>
    /// Where the gap is left open: the account's parent OU (or the root), the narrowest node whose SCP would cover it;
    /// for the management account, the account itself. Null without gaps.
    /// </summary>
    public string? GapLeftBy { get; init; }

    /// <summary>What closes the gaps, e.g. the SCP of New-LambdaSecGuardrail -Kind Scp attached to the root; null without gaps.</summary>
    public string? ClosingGuardrail { get; init; }

    public override string ToString() => $"{AccountId}: {Gaps.Length} gaps";
}
