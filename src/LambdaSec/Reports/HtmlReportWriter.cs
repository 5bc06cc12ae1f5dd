using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using LambdaSec.Model;
using LambdaSec.Reports.Html;
using static LambdaSec.Reports.Html.Markup;

namespace LambdaSec.Reports;

/// <summary>
/// One self-contained HTML page for people: summary counts, inline SVG charts, the runtime deprecation timeline
/// and a sortable, filterable findings table whose rows expand to evidence and remediation. Everything from the
/// findings is HTML-encoded (they carry AWS names an attacker may choose), and a Content-Security-Policy forbids
/// any network load, so the file is safe to open and works offline.
/// </summary>
public sealed class HtmlReportWriter : IReportWriter
{
    private const string ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; script-src 'unsafe-inline'; img-src data:";

    /// <summary>Table columns: data-key (used in #sort=), header, and the direction of the first click.</summary>
    private static readonly (string Key, string Header, string FirstDirection)[] Columns =
    [
        ("severity", "Severity", "desc"),
        ("rule", "Rule", "asc"),
        ("title", "Title", "asc"),
        ("account", "Account", "asc"),
        ("region", "Region", "asc"),
        ("resource", "Resource", "asc"),
    ];

    public int Write(ReportDocument report, Stream output)
    {
        using var html = new StreamWriter(output, new UTF8Encoding(false), 65536, leaveOpen: true);
        html.Write("<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
        html.Write($"<meta http-equiv=\"Content-Security-Policy\" content=\"{ContentSecurityPolicy}\">\n");
        html.Write("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
        html.Write($"<meta name=\"generator\" content=\"{ReportDocument.ToolName} {Encode(report.ToolVersion)}\">\n");
        html.Write($"<title>{Encode(report.Title)}</title>\n<style>\n{HtmlAssets.Style}</style>\n</head>\n<body>\n");
        WriteHeader(html, report);
        html.Write("<main>\n");
        WriteSummary(html, report);
        WriteCharts(html, report);
        WriteTable(html, report.Active, report.BaselineDate);
        WriteSuppressed(html, report.Suppressed);
        html.Write("</main>\n");
        html.Write($"<footer>{ReportDocument.ToolName} {Encode(report.ToolVersion)} \u00b7 this page works offline; the address fragment keeps the table view (#filter=&#8230;&amp;severity=&#8230;&amp;sort=&#8230;&amp;dir=asc|desc).</footer>\n");
        html.Write($"<script>\n{HtmlAssets.Script}</script>\n</body>\n</html>\n");
        return report.Findings.Count;
    }

    private static void WriteHeader(TextWriter html, ReportDocument report)
    {
        var generated = report.GeneratedAt.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        html.Write($"<header>\n<h1>{Encode(report.Title)}</h1>\n");
        html.Write($"<p class=\"meta\">Generated <time datetime=\"{report.GeneratedAt:o}\">{generated}</time> by {ReportDocument.ToolName} {Encode(report.ToolVersion)}</p>\n</header>\n");
    }

    private static void WriteSummary(TextWriter html, ReportDocument report)
    {
        var summary = report.Summary;
        html.Write("<section id=\"summary\" aria-label=\"Summary\" class=\"cards\">\n");
        Card(html, "total", "total", summary.Total, summary.Total == 1 ? "Finding" : "Findings");
        if (report.BaselineDate is { } since)
        {
            Card(html, "new", "new", report.NewCount, $"New since {since.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture)}");
        }

        if (report.Suppressed.Count > 0)
        {
            Card(html, "suppressed", "suppressed", report.Suppressed.Count, "Suppressed");
        }

        foreach (var severity in summary.BySeverity)
        {
            Card(html, $"sev-{severity.Key}", severity.Key.ToString(), severity.Value, severity.Key.ToString());
        }

        Card(html, "scope", "accounts", summary.Accounts, "Accounts");
        Card(html, "scope", "regions", summary.Regions, "Regions");
        Card(html, "scope", "functions", summary.Functions, "Functions");
        Card(html, "scope", "rules", summary.Rules, "Rules");
        html.Write("</section>\n");
    }

    private static void Card(TextWriter html, string cssClass, string name, int value, string label) =>
        html.Write($"<div class=\"card {cssClass}\" data-summary=\"{Encode(name)}\"><span class=\"value\">{value}</span><span class=\"label\">{Encode(label)}</span></div>\n");

    private static void WriteCharts(TextWriter html, ReportDocument report)
    {
        var summary = report.Summary;
        html.Write("<section id=\"charts\" aria-label=\"Charts\">\n<h2>Charts</h2>\n<div class=\"charts\">\n");
        Chart(html, "chart-severity", "Findings by severity", SvgBarChart.Render("Findings by severity",
            summary.BySeverity.Select(p => new ChartBar(p.Key.ToString(), p.Value, $"sev-{p.Key}", null)).ToList()), wide: false);
        Chart(html, "chart-rule", "Findings by rule", SvgBarChart.Render("Findings by rule", Bars(summary.ByRule)), wide: false);
        Chart(html, "chart-account", "Findings by account", SvgBarChart.Render("Findings by account", Bars(summary.ByAccount)), wide: false);
        Chart(html, "chart-region", "Findings by region", SvgBarChart.Render("Findings by region", Bars(summary.ByRegion)), wide: false);

        var timeline = report.Active
            .Where(f => f.DueDate is not null)
            .GroupBy(f => (Label: f.Runtime is { Length: > 0 } runtime ? runtime : f.Title, Date: f.DueDate!.Value.Date))
            .Select(g => new TimelineEntry(g.Key.Label, g.Key.Date, g.Count()))
            .ToList();
        if (timeline.Count > 0)
        {
            Chart(html, "chart-timeline", "Runtime deprecation timeline", SvgTimeline.Render(timeline, report.GeneratedAt), wide: true);
        }

        html.Write("</div>\n</section>\n");
    }

    private static List<ChartBar> Bars(IEnumerable<KeyValuePair<string, int>> counts) =>
        counts.Select(p => new ChartBar(p.Key, p.Value, null, p.Key == ReportSummary.NoneLabel ? null : p.Key)).ToList();

    private static void Chart(TextWriter html, string id, string heading, string svg, bool wide) =>
        html.Write($"<figure class=\"chart{(wide ? " wide" : string.Empty)}\" id=\"{id}\"><h3>{Encode(heading)}</h3>{svg}</figure>\n");

    private static void WriteTable(TextWriter html, IReadOnlyList<LambdaSecFinding> findings, DateTime? baselineDate)
    {
        html.Write("<section id=\"findings\" aria-label=\"Findings\">\n<h2>Findings</h2>\n");
        if (findings.Count == 0)
        {
            html.Write("<p class=\"empty\" id=\"no-findings\">No findings: nothing to report.</p>\n</section>\n");
            return;
        }

        html.Write("<div class=\"controls\">\n<input id=\"filter\" type=\"search\" placeholder=\"Filter: any text, e.g. a function, account, rule or ARN\" aria-label=\"Filter findings\">\n");
        html.Write("<select id=\"severity\" aria-label=\"Severity\"><option value=\"\">All severities</option>");
        foreach (var severity in Enum.GetValues(typeof(FindingSeverity)).Cast<FindingSeverity>().OrderByDescending(s => s))
        {
            html.Write($"<option value=\"{severity}\">{severity}</option>");
        }

        html.Write($"</select>\n<span id=\"shown\" aria-live=\"polite\">{findings.Count} of {findings.Count} findings shown</span>\n</div>\n");
        html.Write("<table id=\"findings-table\">\n<thead><tr>");
        foreach (var (key, header, first) in Columns)
        {
            html.Write($"<th data-key=\"{key}\" data-first=\"{first}\"{(key == "severity" ? " data-type=\"number\"" : string.Empty)} aria-sort=\"none\">{header}</th>");
        }

        html.Write("</tr></thead>\n");
        var ordered = findings
            .OrderByDescending(f => f.Severity)
            .ThenBy(f => f.RuleId, StringComparer.Ordinal)
            .ThenBy(f => f.AccountId, StringComparer.Ordinal)
            .ThenBy(f => f.Region, StringComparer.Ordinal)
            .ThenBy(FindingFacts.ResourceName, StringComparer.Ordinal)
            .ToList();
        for (var i = 0; i < ordered.Count; i++)
        {
            WriteFinding(html, ordered[i], i, baselineDate);
        }

        html.Write("</table>\n<p class=\"empty\" id=\"no-match\" hidden>No finding matches the filter.</p>\n</section>\n");
    }

    private static void WriteFinding(TextWriter html, LambdaSecFinding finding, int index, DateTime? baselineDate)
    {
        var severity = finding.Severity.ToString();
        var isNew = finding.BaselineState == BaselineState.New;
        var badge = isNew ? $" <span class=\"new\" title=\"Not in the baseline of {baselineDate:yyyy-MM-dd}\">new</span>" : string.Empty;
        html.Write($"<tbody class=\"finding\" data-index=\"{index}\" data-severity=\"{severity}\" data-rule=\"{Encode(finding.RuleId)}\"{(isNew ? " data-new=\"true\"" : string.Empty)}>\n<tr class=\"row\">");
        html.Write($"<td data-sort=\"{(int)finding.Severity}\"><button class=\"toggle\" type=\"button\" aria-expanded=\"false\" aria-label=\"Details\"></button><span class=\"sev sev-{severity}\">{severity}</span>{badge}</td>");
        html.Write($"<td>{Encode(finding.RuleId)}</td><td>{Encode(finding.Title)}</td><td class=\"id\">{Encode(finding.AccountId)}</td><td class=\"id\">{Encode(finding.Region)}</td>");
        html.Write($"<td class=\"resource\">{Encode(FindingFacts.ResourceName(finding))}</td></tr>\n");
        html.Write($"<tr class=\"detail\" hidden><td colspan=\"{Columns.Length}\"><dl>");
        Detail(html, "Evidence", Encode(finding.Evidence));
        Detail(html, "Remediation", finding.Remediation.Length == 0 ? string.Empty : $"<code>{Encode(finding.Remediation)}</code>");
        Detail(html, "Controls", string.Join(", ", finding.ControlIds.Select(Encode)));
        Detail(html, "Frameworks", string.Join(", ", finding.Frameworks.Select(Encode)));
        Detail(html, "Resource type", Encode(finding.ResourceType));
        Detail(html, "Resource ARN", Encode(finding.ResourceArn));
        Detail(html, "Function", Encode(finding.FunctionName));
        Detail(html, "Source", finding.SourceFile is null ? string.Empty : Encode(finding.SourceLine is null ? finding.SourceFile : $"{finding.SourceFile}:{finding.SourceLine}"));
        Detail(html, "Logical id", Encode(finding.LogicalId));
        Detail(html, "Runtime", Encode(finding.Runtime));
        Detail(html, "Due date", finding.DueDate?.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture) ?? string.Empty);
        Detail(html, "Observed", finding.ObservedAt.ToString("yyyy-MM-dd HH:mm:ss 'UTC'", CultureInfo.InvariantCulture));
        Detail(html, "Fingerprint", finding.Fingerprint);
        html.Write("</dl></td></tr>\n</tbody>\n");
    }

    /// <summary>The accepted risks, apart from the findings: what, why and which entry accepted it.</summary>
    private static void WriteSuppressed(TextWriter html, IReadOnlyList<LambdaSecFinding> suppressed)
    {
        if (suppressed.Count == 0)
        {
            return;
        }

        html.Write($"<section id=\"suppressed\" aria-label=\"Suppressed findings\">\n<h2>Suppressed findings ({suppressed.Count})</h2>\n");
        html.Write("<table id=\"suppressed-table\">\n<thead><tr><th>Severity</th><th>Rule</th><th>Account</th><th>Resource</th><th>Reason</th><th>Suppressed by</th></tr></thead>\n<tbody>\n");
        foreach (var finding in suppressed.OrderByDescending(f => f.Severity).ThenBy(f => f.RuleId, StringComparer.Ordinal).ThenBy(FindingFacts.ResourceName, StringComparer.Ordinal))
        {
            var severity = finding.Severity.ToString();
            html.Write($"<tr class=\"suppressed\" data-rule=\"{Encode(finding.RuleId)}\"><td><span class=\"sev sev-{severity}\">{severity}</span></td><td>{Encode(finding.RuleId)}</td><td class=\"id\">{Encode(finding.AccountId)}</td>");
            html.Write($"<td class=\"resource\">{Encode(FindingFacts.ResourceName(finding))}</td><td>{Encode(finding.SuppressionReason)}</td><td>{Encode(finding.SuppressedBy)}</td></tr>\n");
        }

        html.Write("</tbody>\n</table>\n</section>\n");
    }

    /// <summary>Writes one term of the details list; empty values are left out rather than shown blank.</summary>
    private static void Detail(TextWriter html, string term, string encodedValue)
    {
        if (encodedValue.Length > 0)
        {
            html.Write($"<dt>{term}</dt><dd>{encodedValue}</dd>");
        }
    }
}
