using System.Collections.Generic;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Audit;

/// <summary>
/// What Amazon Inspector says about Lambda scanning in one account and region (BatchGetAccountStatus: the account's
/// <c>state.status</c> and <c>resourceState.lambda</c> / <c>lambdaCode</c> statuses), or why it could not be read.
/// </summary>
public sealed record InspectorLambdaStatus(string? AccountStatus, string? Lambda, string? LambdaCode, string? Unknown = null)
{
    public static InspectorLambdaStatus NotRead(string why) => new(null, null, null, why);
}

/// <summary>
/// What GuardDuty says about Lambda Protection in one account and region: the detector (none when <see cref="DetectorId"/>
/// is null), its status and the status of its LAMBDA_NETWORK_LOGS feature (null when the detector does not list it), or
/// why it could not be read.
/// </summary>
public sealed record GuardDutyLambdaStatus(string? DetectorId, string? DetectorStatus, string? LambdaNetworkLogs, string? Unknown = null)
{
    public static GuardDutyLambdaStatus NotRead(string why) => new(null, null, null, why);
}

/// <summary>
/// AWS's own Lambda detectors as audit rules (docs/vulnerabilities.md): LS-DETECT-001 Inspector Lambda standard scanning,
/// LS-DETECT-002 Inspector Lambda code scanning, LS-DETECT-003 GuardDuty Lambda Protection, one finding per account and
/// region (resource AWS::::Account, no ARN); LS-DETECT-004 when a status cannot be read, never reported as on or off.
/// </summary>
public static class DetectorFindings
{
    private const string Enabled = "ENABLED";

    public static IEnumerable<LambdaSecFinding> Inspector(FindingSubject subject, InspectorLambdaStatus status)
    {
        var where = $"{subject.AccountId} {subject.Region}";
        if (status.Unknown is { } why)
        {
            yield return Unknown(subject, $"Amazon Inspector status of {where} could not be read: {why}. Whether Lambda standard and code scanning are on is not known.", "inspector2:BatchGetAccountStatus");
            yield break;
        }

        var account = $"Inspector account status {status.AccountStatus ?? "not given"}";
        if (status.Lambda != Enabled)
        {
            yield return AuditRules.InspectorLambdaScanOff.Finding(subject,
                $"{where}: Lambda standard scanning is {status.Lambda ?? "not reported"} ({account}); the packages of functions and layers are not checked for known vulnerabilities by Inspector.",
                $"aws inspector2 enable --resource-types LAMBDA --account-ids {subject.AccountId} --region {subject.Region} (in an organization, from the delegated Inspector administrator). Find-LambdaVulnerability checks the same packages against OSV meanwhile.");
        }

        if (status.LambdaCode != Enabled)
        {
            yield return AuditRules.InspectorLambdaCodeScanOff.Finding(subject,
                $"{where}: Lambda code scanning is {status.LambdaCode ?? "not reported"} (standard scanning {status.Lambda ?? "not reported"}, {account}); the functions' own code is not checked for code vulnerabilities.",
                $"aws inspector2 enable --resource-types LAMBDA LAMBDA_CODE --account-ids {subject.AccountId} --region {subject.Region} (code scanning needs standard scanning; in an organization, from the delegated Inspector administrator).");
        }
    }

    public static IEnumerable<LambdaSecFinding> GuardDuty(FindingSubject subject, GuardDutyLambdaStatus status)
    {
        var where = $"{subject.AccountId} {subject.Region}";
        if (status.Unknown is { } why)
        {
            yield return Unknown(subject, $"GuardDuty status of {where} could not be read: {why}. Whether Lambda Protection is on is not known.", "guardduty:ListDetectors and guardduty:GetDetector");
            yield break;
        }

        const string Feature = "--features Name=LAMBDA_NETWORK_LOGS,Status=ENABLED";
        if (status.DetectorId is not { } detector)
        {
            yield return AuditRules.GuardDutyLambdaProtectionOff.Finding(subject,
                $"{where}: GuardDuty has no detector, so nothing watches the network activity of Lambda invocations.",
                $"aws guardduty create-detector --enable {Feature} --region {subject.Region} (in an organization, enable GuardDuty from the delegated administrator).");
            yield break;
        }

        var update = $"aws guardduty update-detector --detector-id {detector} --enable {Feature} --region {subject.Region} (in an organization, update-member-detectors from the delegated administrator).";
        if (status.DetectorStatus != Enabled)
        {
            yield return AuditRules.GuardDutyLambdaProtectionOff.Finding(subject,
                $"{where}: GuardDuty detector {detector} is {status.DetectorStatus ?? "of unknown status"} (LAMBDA_NETWORK_LOGS {status.LambdaNetworkLogs ?? "not listed"}); a suspended detector monitors nothing.", update);
        }
        else if (status.LambdaNetworkLogs != Enabled)
        {
            yield return AuditRules.GuardDutyLambdaProtectionOff.Finding(subject,
                $"{where}: GuardDuty detector {detector} is ENABLED but its LAMBDA_NETWORK_LOGS feature (Lambda Protection) is {status.LambdaNetworkLogs ?? "not listed in its features"}.", update);
        }
    }

    private static LambdaSecFinding Unknown(FindingSubject subject, string evidence, string permissions) =>
        AuditRules.DetectorStatusUnknown.Finding(subject, evidence,
            $"Give the audit role {permissions} (see docs/aws-access.md), then run the audit again with -Rule LS-DETECT-*. Where the service is not offered in the region, suppress this finding for the region.");
}
