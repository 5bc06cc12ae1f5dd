using System;
using System.Collections.Generic;
using LambdaSec.Analysis.Exposure;
using LambdaSec.Analysis.Policy;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Privileges;

/// <summary>
/// Who besides Lambda may assume an execution role. Principals are read with the same rules as resource
/// policies (DESIGN.md §3 rule 1); severities are in docs/decisions/role-privilege.md.
/// </summary>
public static class TrustPolicyAnalyzer
{
    private const string LambdaService = "lambda.amazonaws.com";

    public static List<RoleTrustIssue> Analyze(PolicyDocument trustPolicy, string? ownerAccountId)
    {
        var issues = new List<RoleTrustIssue>();
        for (var index = 0; index < trustPolicy.Statements.Count; index++)
        {
            var statement = trustPolicy.Statements[index];
            if (statement.ShapeError is not null || statement.Effect != StatementEffect.Allow)
            {
                continue;
            }

            var statementId = StatementLabel.Of(statement, index);
            var conditional = statement.Conditions.Count > 0;
            var sourcePinned = ConditionPins.From(statement.Conditions).SourceAccounts is not null;
            foreach (var principal in PrincipalClassifier.Read(statement))
            {
                if (Issue(principal, ownerAccountId, conditional, sourcePinned) is { } issue)
                {
                    issues.Add(new RoleTrustIssue
                    {
                        Kind = issue.Kind,
                        Principal = principal.Text,
                        Account = principal.Account,
                        StatementId = statementId,
                        IsConditional = conditional,
                        MissingSourceCondition = issue.MissingSource,
                        Severity = issue.Severity,
                        Description = issue.Description,
                    });
                }
            }
        }

        return issues;
    }

    private static (TrustIssueKind Kind, FindingSeverity Severity, bool MissingSource, string Description)? Issue(
        ClassifiedPrincipal principal, string? owner, bool conditional, bool sourcePinned)
    {
        switch (principal.Kind)
        {
            case PrincipalKind.Service when string.Equals(principal.Text, LambdaService, StringComparison.OrdinalIgnoreCase):
                return null;
            case PrincipalKind.Service:
                return sourcePinned
                    ? (TrustIssueKind.OtherService, FindingSeverity.Low, false, $"The service {principal.Text} may also assume the role, pinned by aws:SourceAccount/aws:SourceArn. Remove it unless the role is meant to be shared.")
                    : (TrustIssueKind.OtherService, FindingSeverity.Medium, true, $"The service {principal.Text} may also assume the role, for resources of any account (no aws:SourceAccount or aws:SourceArn condition). Remove it or pin it to your account.");
            case PrincipalKind.Anyone:
                return (TrustIssueKind.AnyPrincipal, conditional ? FindingSeverity.High : FindingSeverity.Critical, !sourcePinned,
                    conditional
                        ? "Any AWS identity may assume the role when the statement's conditions hold. Check that they pin your account or organization, or trust only lambda.amazonaws.com."
                        : "Any AWS identity of any account may assume the role. Trust only lambda.amazonaws.com.");
            case PrincipalKind.Account when owner is not null && principal.Account != owner:
                return (TrustIssueKind.CrossAccount, conditional ? FindingSeverity.Medium : FindingSeverity.High, false,
                    $"The account {principal.Account} (not the owner {owner}) may assume the role. Remove it unless that account is meant to run with this role.");
            case PrincipalKind.Account:
                return (TrustIssueKind.AccountPrincipal, FindingSeverity.Medium, false,
                    owner is null
                        ? $"The AWS principal {principal.Text} may assume the role; pass -OwnerAccountId to tell whether it is another account."
                        : $"The AWS principal {principal.Text} of this account may assume the role and act with the function's permissions.");
            default:
                return (TrustIssueKind.Federated, conditional ? FindingSeverity.Medium : FindingSeverity.High, false,
                    $"The principal {principal.Text} (federated or not an AWS principal) may assume the role. Remove it; an execution role needs only lambda.amazonaws.com.");
        }
    }
}
