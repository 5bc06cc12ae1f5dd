namespace LambdaSec.Model;

/// <summary>
/// A principal of the function's account whose identity policies (with its permissions boundary) allow it to
/// change the function's code or configuration, and so to run code as the function's execution role.
/// </summary>
public sealed class FunctionTakeover
{
    /// <summary>The principal's ARN (a role or a user).</summary>
    public string Principal { get; init; } = string.Empty;

    public string PrincipalName { get; init; } = string.Empty;

    /// <summary>Role or User.</summary>
    public string PrincipalType { get; init; } = string.Empty;

    /// <summary>The actions allowed on the function: lambda:UpdateFunctionCode, lambda:UpdateFunctionConfiguration.</summary>
    public string[] Actions { get; init; } = [];

    /// <summary>The statements that allow them.</summary>
    public PrivilegeEvidence[] Evidence { get; init; } = [];

    /// <summary>Every allowing statement has a Condition (or the boundary's), so the change may not be allowed for every request.</summary>
    public bool IsConditional { get; init; }

    /// <summary>The function's role can do more than the principal (it is admin, or has an escalation method the principal lacks): an escalation path through the function.</summary>
    public bool RoleCanDoMore { get; init; }

    /// <summary>What the role can do that the principal cannot, or why it is no gain.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>What the verdict is based on: identity policies and boundaries, and the service control policies on the account's path when they were read (an organization audit), or that they were not read.</summary>
    public string Basis { get; init; } = string.Empty;

    public override string ToString() => $"{PrincipalName} ({string.Join(", ", Actions)}){(RoleCanDoMore ? ": " + Reason : string.Empty)}";
}
