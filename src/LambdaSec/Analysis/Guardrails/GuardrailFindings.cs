using System.Collections.Generic;
using LambdaSec.Analysis.Audit;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Guardrails;

/// <summary>The rules of Test-LambdaSecGuardrail -AsFinding (docs/rules.md): one finding per account and gap the organization's SCPs leave open.</summary>
public static class GuardrailFindings
{
    private const string Account = "AWS::Organizations::Account";

    public static AuditRule PublicPermissionAllowed { get; } = new("LS-GUARD-001", "No service control policy prevents making a Lambda function public (AddPermission with Principal \"*\")", FindingSeverity.High, Account, []);

    public static AuditRule ExternalAccountPermissionAllowed { get; } = new("LS-GUARD-002", "No service control policy prevents granting Lambda access to accounts outside the organization", FindingSeverity.Medium, Account, []);

    public static AuditRule FunctionUrlNoneAllowed { get; } = new("LS-GUARD-003", "No service control policy prevents function URLs without authentication (AuthType NONE)", FindingSeverity.High, Account, ["ControlTower:CT.LAMBDA.PV.1"]);

    public static AuditRule ManagementAccount { get; } = new("LS-GUARD-004", "Service control policies do not apply to the management account", FindingSeverity.Low, Account, []);

    public static IEnumerable<LambdaSecFinding> Of(LambdaGuardrailCoverage coverage)
    {
        var subject = new FindingSubject(coverage.AccountId, null, null, null);
        var where = $"Account {coverage.AccountId}{(coverage.AccountName is null ? string.Empty : $" ({coverage.AccountName})")}, path {string.Join(" > ", coverage.PathNames)}";
        if (coverage.IsManagementAccount)
        {
            yield return ManagementAccount.Finding(subject, $"{where}: it is the management account, where no SCP applies; anyone with Lambda permissions there can make a function public.", coverage.ClosingGuardrail ?? string.Empty);
            yield break;
        }

        var remediation = $"{coverage.ClosingGuardrail} Test it on an OU first; Test-LambdaSecGuardrail -AccountId {coverage.AccountId} shows the result.";
        if (!coverage.PublicPermissionDenied)
        {
            yield return PublicPermissionAllowed.Finding(subject, $"{where}: {coverage.PublicPermissionReason} The gap is left by {coverage.GapLeftBy}.", remediation);
        }

        if (!coverage.ExternalAccountPermissionDenied)
        {
            yield return ExternalAccountPermissionAllowed.Finding(subject, $"{where}: {coverage.ExternalAccountPermissionReason} The gap is left by {coverage.GapLeftBy}.", remediation);
        }

        if (!coverage.FunctionUrlNoneDenied)
        {
            yield return FunctionUrlNoneAllowed.Finding(subject, $"{where}: {coverage.FunctionUrlNoneReason} The gap is left by {coverage.GapLeftBy}.", remediation);
        }
    }
}
