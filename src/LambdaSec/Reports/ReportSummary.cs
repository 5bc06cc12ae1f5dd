using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Reports;

/// <summary>Counts every report format shows: by severity, rule, account and region, and the distinct resources.</summary>
public sealed class ReportSummary
{
    private ReportSummary(
        int total,
        IReadOnlyList<KeyValuePair<FindingSeverity, int>> bySeverity,
        IReadOnlyList<KeyValuePair<string, int>> byRule,
        IReadOnlyList<KeyValuePair<string, int>> byAccount,
        IReadOnlyList<KeyValuePair<string, int>> byRegion,
        int functions)
    {
        Total = total;
        BySeverity = bySeverity;
        ByRule = byRule;
        ByAccount = byAccount;
        ByRegion = byRegion;
        Functions = functions;
    }

    /// <summary>Label for findings without an account or region (IaC findings), so they still show in the charts.</summary>
    public const string NoneLabel = "(none)";

    public int Total { get; }

    /// <summary>Every severity, most severe first, including those with no finding (a zero is information too).</summary>
    public IReadOnlyList<KeyValuePair<FindingSeverity, int>> BySeverity { get; }

    /// <summary>Most findings first, then by name.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> ByRule { get; }

    public IReadOnlyList<KeyValuePair<string, int>> ByAccount { get; }

    public IReadOnlyList<KeyValuePair<string, int>> ByRegion { get; }

    /// <summary>Distinct functions (by account, region and name) that have at least one finding.</summary>
    public int Functions { get; }

    public int Accounts => ByAccount.Count(a => a.Key != NoneLabel);

    public int Regions => ByRegion.Count(r => r.Key != NoneLabel);

    public int Rules => ByRule.Count;

    public static ReportSummary From(IReadOnlyList<LambdaSecFinding> findings)
    {
        var bySeverity = Enum.GetValues(typeof(FindingSeverity)).Cast<FindingSeverity>()
            .OrderByDescending(s => s)
            .Select(s => new KeyValuePair<FindingSeverity, int>(s, findings.Count(f => f.Severity == s)))
            .ToList();
        var functions = findings
            .Where(f => !string.IsNullOrEmpty(f.FunctionName))
            .Select(f => $"{f.AccountId}|{f.Region}|{f.FunctionName}")
            .Distinct(StringComparer.Ordinal)
            .Count();
        return new ReportSummary(
            findings.Count,
            bySeverity,
            CountBy(findings, f => f.RuleId),
            CountBy(findings, f => f.AccountId),
            CountBy(findings, f => f.Region),
            functions);
    }

    private static List<KeyValuePair<string, int>> CountBy(IEnumerable<LambdaSecFinding> findings, Func<LambdaSecFinding, string?> key) =>
        findings
            .GroupBy(f => string.IsNullOrEmpty(key(f)) ? NoneLabel : key(f)!, StringComparer.Ordinal)
            .Select(g => new KeyValuePair<string, int>(g.Key, g.Count()))
            .OrderByDescending(p => p.Value)
            .ThenBy(p => p.Key, StringComparer.Ordinal)
            .ToList();
}
