namespace LambdaSec.Model;

/// <summary>
/// The execution role of one function and what it may do (Get-LambdaRolePrivilege). The analysis is the
/// same object Test-LambdaRolePolicy writes (<see cref="Privileges"/>); its main facts are repeated at the
/// top level so they can be filtered on directly (Where-Object IsAdmin).
/// </summary>
public sealed class LambdaRolePrivilege
{
    public string? AccountId { get; init; }

    public string? Region { get; init; }

    public string FunctionName { get; init; } = string.Empty;

    public string FunctionArn { get; init; } = string.Empty;

    public string? RoleName { get; init; }

    public string RoleArn { get; init; } = string.Empty;

    public RolePrivilegeReport Privileges { get; init; } = new();

    public FindingSeverity Severity => Privileges.Severity;

    public bool IsAdmin => Privileges.IsAdmin;

    public string[] ServiceWildcards => Privileges.ServiceWildcards;

    public PrivilegeEscalationPath[] PrivilegeEscalation => Privileges.PrivilegeEscalation;

    public RoleRiskCategories RiskCategories => Privileges.RiskCategories;

    public RoleTrustIssue[] TrustIssues => Privileges.TrustIssues;

    public string Summary => Privileges.Summary;

    /// <summary>
    /// The account's other roles and users whose policies let them change this function's code or configuration,
    /// so run code as its role; those marked RoleCanDoMore gain privileges that way (LS-ROLE-005).
    /// </summary>
    public FunctionTakeover[] TakeoverBy { get; init; } = [];

    /// <summary>ARNs of the other functions (in the regions read) that run with the same role: a finding on the role applies to them too.</summary>
    public string[] SharedWith { get; init; } = [];

    /// <summary>With -IncludeLastAccessed: services the role's policies grant that it has not used within LastAccessedDays (IAM's service last accessed data); null when not asked for or not available.</summary>
    public string[]? UnusedServices { get; init; }

    /// <summary>The period UnusedServices looks back over, in days; null without -IncludeLastAccessed.</summary>
    public int? LastAccessedDays { get; init; }

    /// <summary>Parts that could not be read (for example the last-accessed report), each with the reason.</summary>
    public string[] Unknowns { get; init; } = [];

    public override string ToString() => $"{FunctionName}: {Summary}";
}
