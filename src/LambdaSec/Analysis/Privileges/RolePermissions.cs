using System.Collections.Generic;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Privileges;

/// <summary>
/// The part of a role's analysis that depends only on its identity policies and boundary (<see cref="RolePolicySet.PermissionsKey"/>):
/// no account id, role name or trust policy enters it, so every role with the same key has the same permissions and
/// shares this (RolePrivilegeAnalyzer.AnalyzePermissions, then Report per role). Immutable.
/// </summary>
public sealed class RolePermissions
{
    internal RolePermissions(bool isAdmin, IReadOnlyList<string> wildcards, IReadOnlyList<PrivilegeEscalationPath> escalation, RoleRiskCategories categories)
    {
        IsAdmin = isAdmin;
        Wildcards = wildcards;
        Escalation = escalation;
        Categories = categories;
    }

    public bool IsAdmin { get; }

    public IReadOnlyList<string> Wildcards { get; }

    public IReadOnlyList<PrivilegeEscalationPath> Escalation { get; }

    public RoleRiskCategories Categories { get; }
}
