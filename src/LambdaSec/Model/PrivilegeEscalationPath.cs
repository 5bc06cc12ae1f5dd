namespace LambdaSec.Model;

/// <summary>A privilege-escalation method whose actions the role is allowed, with the grants that allow them.</summary>
public sealed class PrivilegeEscalationPath
{
    /// <summary>The method's name in the catalog (Data/privesc-methods.json), e.g. PassRoleToNewLambdaThenInvoke.</summary>
    public string Name { get; init; } = string.Empty;

    /// <summary>The actions the method needs, all of them allowed.</summary>
    public string[] Actions { get; init; } = [];

    public PrivilegeEvidence[] Evidence { get; init; } = [];

    /// <summary>At least one of the actions is allowed only under a condition.</summary>
    public bool IsConditional { get; init; }

    public string Description { get; init; } = string.Empty;

    public override string ToString() => IsConditional ? Name + " (conditional)" : Name;
}
