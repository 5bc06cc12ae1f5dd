using System.IO;
using System.Linq;

namespace LambdaSec.Reports;

/// <summary>
/// JSON for scripts and archives: schemaVersion, generatedAt, tool, summary counts and the findings under the
/// model's own property names, so ConvertFrom-Json output pipes straight back into Export-LambdaSecReport.
/// </summary>
public sealed class JsonReportWriter : IReportWriter
{
    /// <summary>Raised only when a property is renamed or removed; adding properties keeps it.</summary>
    public const int SchemaVersion = 1;

    public int Write(ReportDocument report, Stream output)
    {
        var summary = report.Summary;
        ReportJson.Serialize(output, new
        {
            schemaVersion = SchemaVersion,
            title = report.Title,
            generatedAt = report.GeneratedAt,
            tool = new { name = ReportDocument.ToolName, version = report.ToolVersion, informationUri = ReportDocument.InformationUri },
            summary = new
            {
                total = summary.Total,
                suppressed = report.Suppressed.Count,
                newSinceBaseline = report.BaselineDate is null ? (int?)null : report.NewCount,
                baselineDate = report.BaselineDate,
                accounts = summary.Accounts,
                regions = summary.Regions,
                functions = summary.Functions,
                rules = summary.Rules,
                bySeverity = summary.BySeverity.ToDictionary(p => p.Key.ToString(), p => p.Value),
                byRule = summary.ByRule.ToDictionary(p => p.Key, p => p.Value),
                byAccount = summary.ByAccount.ToDictionary(p => p.Key, p => p.Value),
                byRegion = summary.ByRegion.ToDictionary(p => p.Key, p => p.Value),
            },
            findings = report.Findings,
        }, ReportJson.Complete);
        return report.Findings.Count;
    }
}
