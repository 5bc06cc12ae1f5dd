using System.Collections.Generic;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Audit;

/// <summary>
/// Turns the analysis of a function's execution role into findings on the function: admin, privilege
/// escalation, whole-service grants, and trust beyond lambda.amazonaws.com. Admin subsumes the rest of the
/// permission findings (an admin role can do everything), so only LS-ROLE-001 is reported for it.
/// </summary>
public static class RoleFindings
{
    public static IEnumerable<LambdaSecFinding> Evaluate(FindingSubject function, RolePrivilegeReport role)
    {
        var name = role.RoleName ?? role.RoleArn;
        var fix = $"Give the function a role with only the actions it uses (Get-LambdaRolePrivilege -FunctionName {function.FunctionName} -Region {function.Region} -IncludeLastAccessed shows what is unused).";
        if (role.IsAdmin)
        {
            yield return AuditRules.AdminRole.Finding(function, $"Role {name} allows every action on every resource ({string.Join(", ", role.PolicyNames)}).", fix);
        }
        else
        {
            if (role.PrivilegeEscalation.Length > 0)
            {
                var conditionalOnly = role.PrivilegeEscalation.All(p => p.IsConditional);
                yield return AuditRules.EscalationRole.Finding(function,
                    $"Role {name} allows {string.Join(", ", role.PrivilegeEscalation.Select(p => p.ToString()))} ({string.Join(", ", role.PrivilegeEscalation.SelectMany(p => p.Actions).Distinct())}).",
                    fix, conditionalOnly ? FindingSeverity.High : null);
            }

            if (role.ServiceWildcards.Length > 0)
            {
                yield return AuditRules.WildcardRole.Finding(function, $"Role {name} grants {string.Join(", ", role.ServiceWildcards)}.", fix);
            }
        }

        var trust = role.TrustIssues.Where(t => t.Severity >= FindingSeverity.Medium).ToArray();
        if (trust.Length > 0)
        {
            yield return AuditRules.RoleTrust.Finding(function,
                $"Role {name} can be assumed by {string.Join("; ", trust.Select(t => t.Description))}.",
                $"Limit the trust policy of {name} to lambda.amazonaws.com (aws iam update-assume-role-policy), with aws:SourceAccount where another service must assume it.",
                trust.Max(t => t.Severity));
        }
    }

    /// <summary>
    /// LS-ROLE-005: the principals that may change the function's code or configuration and gain by it (the
    /// role is admin, or has an escalation method they lack). Critical when the role is admin and one of them
    /// may do it without a condition; High otherwise.
    /// </summary>
    public static IEnumerable<LambdaSecFinding> Takeover(FindingSubject function, RolePrivilegeReport role, IReadOnlyList<FunctionTakeover> takeovers)
    {
        var gains = takeovers.Where(t => t.RoleCanDoMore).ToList();
        if (gains.Count == 0)
        {
            yield break;
        }

        var name = role.RoleName ?? role.RoleArn;
        var evidence = string.Join("; ", gains.Select(t => $"{t.PrincipalType} {t.PrincipalName} may call {string.Join(", ", t.Actions)}{(t.IsConditional ? " (conditional)" : string.Empty)} ({string.Join(", ", t.Evidence.Select(e => e.PolicyName + " " + e.StatementId).Distinct())}): {t.Reason}"));
        yield return AuditRules.RoleTakeover.Finding(function,
            $"{evidence}. Based on {gains[0].Basis}.",
            $"Remove lambda:UpdateFunctionCode and lambda:UpdateFunctionConfiguration on {function.ResourceArn} from those principals' policies, or give {function.FunctionName} a role no more privileged than they are (Get-LambdaRolePrivilege -FunctionName {function.FunctionName} -Region {function.Region} lists them in TakeoverBy).",
            role.IsAdmin && gains.Any(t => !t.IsConditional) ? FindingSeverity.Critical : null);
    }
}
