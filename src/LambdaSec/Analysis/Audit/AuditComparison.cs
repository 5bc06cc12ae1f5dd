using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Audit;

/// <summary>
/// What changed between two audits, by fingerprint (docs/daily-audit.md): each newer finding is New or Unchanged,
/// each older finding missing from the newer audit is Resolved. A fingerprint listed twice on one side (overlapping
/// shards) counts once.
/// </summary>
public static class AuditComparison
{
    public static IEnumerable<LambdaSecFindingChange> Compare(IEnumerable<LambdaSecFinding> reference, IEnumerable<LambdaSecFinding> difference)
    {
        var before = Distinct(reference);
        var after = Distinct(difference);
        var beforeIds = new HashSet<string>(before.Select(f => f.Fingerprint), StringComparer.Ordinal);
        var afterIds = new HashSet<string>(after.Select(f => f.Fingerprint), StringComparer.Ordinal);
        return after.Select(f => Change(beforeIds.Contains(f.Fingerprint) ? FindingChange.Unchanged : FindingChange.New, f))
            .Concat(before.Where(f => !afterIds.Contains(f.Fingerprint)).Select(f => Change(FindingChange.Resolved, f)));
    }

    /// <summary>The finding tagged New or Existing against a baseline's fingerprints, with the baseline's date.</summary>
    public static LambdaSecFinding Tag(LambdaSecFinding finding, IReadOnlyCollection<string> baseline, DateTime? since) =>
        finding with { BaselineState = baseline.Contains(finding.Fingerprint) ? BaselineState.Existing : BaselineState.New, BaselineDate = since };

    private static List<LambdaSecFinding> Distinct(IEnumerable<LambdaSecFinding> findings)
    {
        var seen = new HashSet<string>(StringComparer.Ordinal);
        return findings.Where(f => seen.Add(f.Fingerprint)).ToList();
    }

    private static LambdaSecFindingChange Change(FindingChange change, LambdaSecFinding finding) => new()
    {
        Change = change,
        Fingerprint = finding.Fingerprint,
        Severity = finding.Severity,
        RuleId = finding.RuleId,
        AccountId = finding.AccountId,
        Region = finding.Region,
        FunctionName = finding.FunctionName,
        ResourceArn = finding.ResourceArn,
        Title = finding.Title,
        Suppressed = finding.Suppressed,
        Finding = finding,
    };
}
