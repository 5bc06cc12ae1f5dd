using System.Collections.Generic;

namespace LambdaSec.Model;

/// <summary>
/// Allowed actions by risk category, as Cloudsplaining defines them: actions allowed on every resource
/// ("*") without a condition, plus the actions of the escalation methods found.
/// </summary>
public sealed class RoleRiskCategories
{
    public string[] PrivilegeEscalation { get; init; } = [];

    public string[] ResourceExposure { get; init; } = [];

    public string[] DataExfiltration { get; init; } = [];

    public string[] CredentialsExposure { get; init; } = [];

    public string[] InfrastructureModification { get; init; } = [];

    /// <summary>The names of the categories that hold at least one action.</summary>
    public string[] Names
    {
        get
        {
            var names = new List<string>();
            Add(names, nameof(PrivilegeEscalation), PrivilegeEscalation);
            Add(names, nameof(ResourceExposure), ResourceExposure);
            Add(names, nameof(DataExfiltration), DataExfiltration);
            Add(names, nameof(CredentialsExposure), CredentialsExposure);
            Add(names, nameof(InfrastructureModification), InfrastructureModification);
            return names.ToArray();
        }
    }

    public override string ToString() => string.Join(", ", Names);

    private static void Add(List<string> names, string name, string[] actions)
    {
        if (actions.Length > 0)
        {
            names.Add($"{name} ({actions.Length})");
        }
    }
}
