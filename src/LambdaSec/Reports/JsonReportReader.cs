using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using LambdaSec.Model;

namespace LambdaSec.Reports;

/// <summary>A JSON report read back: when it was written and its findings (with the fingerprints written there).</summary>
public sealed record FindingReport(DateTime? GeneratedAt, IReadOnlyList<LambdaSecFinding> Findings);

/// <summary>Reads what <see cref="JsonReportWriter"/> writes, for baselines and Compare-LambdaSecAudit. Pure: the cmdlet opens the file.</summary>
public static class JsonReportReader
{
    private static readonly JsonSerializerOptions Options = new(ReportJson.Complete) { PropertyNameCaseInsensitive = true };

    /// <summary>Throws <see cref="JsonException"/> (with the line) or <see cref="FormatException"/> when it is not a LambdaSec JSON report.</summary>
    public static FindingReport Read(Stream input)
    {
        var shape = JsonSerializer.Deserialize<ReportShape>(input, Options);
        if (shape?.Findings is null)
        {
            throw new FormatException("It has no 'findings' list, so it is not a LambdaSec JSON report (Export-LambdaSecReport -Format Json writes one).");
        }

        return new FindingReport(shape.GeneratedAt, shape.Findings.Where(f => f is not null && f.RuleId.Length > 0).ToList());
    }

    private sealed class ReportShape
    {
        public DateTime? GeneratedAt { get; set; }

        public List<LambdaSecFinding>? Findings { get; set; }
    }
}
