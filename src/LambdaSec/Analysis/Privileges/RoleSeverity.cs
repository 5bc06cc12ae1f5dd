using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Privileges;

/// <summary>The severity of a role's privileges (rules in docs/decisions/role-privilege.md).</summary>
public static class RoleSeverity
{
    /// <summary>Services whose full wildcard lets the holder read secrets, mint credentials or change who may do what.</summary>
    private static readonly HashSet<string> SensitiveServices = new(StringComparer.OrdinalIgnoreCase)
    {
        "iam", "sts", "organizations", "kms", "secretsmanager", "ssm", "lambda", "cloudformation",
    };

    public static FindingSeverity Rate(
        bool isAdmin,
        IReadOnlyCollection<PrivilegeEscalationPath> escalation,
        IReadOnlyCollection<string> serviceWildcards,
        RoleRiskCategories categories,
        IReadOnlyCollection<RoleTrustIssue> trustIssues)
    {
        var trust = trustIssues.Count == 0 ? FindingSeverity.Informational : trustIssues.Max(t => t.Severity);
        var privileges =
            isAdmin || escalation.Any(p => !p.IsConditional) ? FindingSeverity.Critical
            : escalation.Count > 0
              || categories.CredentialsExposure.Length > 0
              || categories.ResourceExposure.Length > 0
              || serviceWildcards.Any(SensitiveServices.Contains) ? FindingSeverity.High
            : serviceWildcards.Count > 0 || categories.DataExfiltration.Length > 0 ? FindingSeverity.Medium
            : categories.InfrastructureModification.Length > 0 ? FindingSeverity.Low
            : FindingSeverity.Informational;
        return privileges > trust ? privileges : trust;
    }
}
