namespace LambdaSec.Model;

/// <summary>Where a permission comes from: the policy, the statement and the resource it is allowed on.</summary>
public sealed class PrivilegeEvidence
{
    public string Action { get; init; } = string.Empty;

    public string PolicyName { get; init; } = string.Empty;

    /// <summary>The statement's Sid, or its position (#1 is the first) when it has none.</summary>
    public string StatementId { get; init; } = string.Empty;

    /// <summary>The resource pattern the grant reaches, e.g. * or arn:aws:iam::111111111111:role/app-*.</summary>
    public string Resource { get; init; } = string.Empty;

    /// <summary>The grant holds only under its Condition (or the boundary's), so it may not apply to every request.</summary>
    public bool IsConditional { get; init; }

    public override string ToString() => $"{Action} by {PolicyName} {StatementId} on {Resource}{(IsConditional ? " (conditional)" : string.Empty)}";
}
