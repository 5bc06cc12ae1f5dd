namespace LambdaSec.Model;

/// <summary>
/// The privileges of one execution role: its identity policies with the permissions boundary applied,
/// and its trust policy. Test-LambdaRolePolicy writes it; the property set is a public contract.
/// </summary>
public sealed class RolePrivilegeReport
{
    public string? RoleName { get; init; }

    public string? RoleArn { get; init; }

    /// <summary>The names of the identity policies analysed (the ones that could be read).</summary>
    public string[] PolicyNames { get; init; } = [];

    public bool HasPermissionsBoundary { get; init; }

    /// <summary>Allow * on * without a condition, or the same through NotAction (every action of the catalog's core services and of unknown services).</summary>
    public bool IsAdmin { get; init; }

    /// <summary>Services all of whose actions are allowed without a condition (s3 for s3:*; every service for *).</summary>
    public string[] ServiceWildcards { get; init; } = [];

    public PrivilegeEscalationPath[] PrivilegeEscalation { get; init; } = [];

    public RoleRiskCategories RiskCategories { get; init; } = new();

    public RoleTrustIssue[] TrustIssues { get; init; } = [];

    public FindingSeverity Severity { get; init; }

    /// <summary>One line saying what matters most, e.g. "Admin; 12 escalation methods; 455 service wildcards".</summary>
    public string Summary { get; init; } = string.Empty;

    /// <summary>Documents (by name) that could not be read; the others were analysed.</summary>
    public string[] UnreadablePolicies { get; init; } = [];

    public override string ToString() => Summary;
}
