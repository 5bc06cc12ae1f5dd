using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Policy;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Suppressions;

/// <summary>
/// One accepted risk: the rules (patterns), the resources (ARN or name globs), optionally the accounts and regions,
/// why it is accepted and until when. A matching finding is marked Suppressed, never dropped.
/// </summary>
public sealed class SuppressionEntry
{
    /// <summary>Rule id patterns (LS-EXP-003, LS-CONFIG-*), matched case-insensitively.</summary>
    public IReadOnlyList<string> Rules { get; init; } = [];

    /// <summary>Resource globs matched case-sensitively against the finding's ARN, function name and logical id.</summary>
    public IReadOnlyList<string> Resources { get; init; } = [];

    /// <summary>Accounts the entry applies to; empty means any.</summary>
    public IReadOnlyList<string> Accounts { get; init; } = [];

    /// <summary>Region globs the entry applies to; empty means any.</summary>
    public IReadOnlyList<string> Regions { get; init; } = [];

    /// <summary>For an entry in a template's Metadata: the template file whose findings it may suppress.</summary>
    public string? SourceFile { get; init; }

    public string Reason { get; init; } = string.Empty;

    /// <summary>The last day (UTC) the entry suppresses; null for no expiry.</summary>
    public DateTime? Expires { get; init; }

    /// <summary>Where the entry is written, for people: "file:line" and its name when it has one.</summary>
    public string Source { get; init; } = string.Empty;

    public bool IsExpired(DateTime asOf) => Expires is { } last && asOf.Date > last.Date;

    public bool Matches(LambdaSecFinding finding) =>
        Rules.Any(r => Wildcard.Matches(r, finding.RuleId))
        && Resources.Any(pattern => ResourceNames(finding).Any(name => Wildcard.Matches(pattern, name, ignoreCase: false)))
        && (SourceFile is null || string.Equals(SourceFile, finding.SourceFile, StringComparison.Ordinal))
        && (Accounts.Count == 0 || Accounts.Contains(FindingFingerprint.AccountOf(finding) ?? string.Empty, StringComparer.Ordinal))
        && (Regions.Count == 0 || (FindingFingerprint.RegionOf(finding) is { } region && Regions.Any(r => Wildcard.Matches(r, region))));

    /// <summary>What the entry says, for a warning: its rules and resources.</summary>
    public string Describe() => $"{string.Join(", ", Rules)} on {string.Join(", ", Resources)}";

    private static IEnumerable<string> ResourceNames(LambdaSecFinding finding) =>
        new[] { finding.ResourceArn, finding.FunctionName, finding.LogicalId }.Where(n => !string.IsNullOrEmpty(n))!;
}
