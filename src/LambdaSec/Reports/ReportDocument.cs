using System;
using System.Collections.Generic;
using LambdaSec.Model;

namespace LambdaSec.Reports;

/// <summary>Everything a report writer needs: the findings and the facts about this run of the tool.</summary>
public sealed class ReportDocument
{
    public ReportDocument(IReadOnlyList<LambdaSecFinding> findings, string title, DateTime generatedAt, string toolVersion, string? baseDirectory)
    {
        Findings = findings;
        Title = title;
        GeneratedAt = generatedAt;
        ToolVersion = toolVersion;
        BaseDirectory = baseDirectory;
        Summary = ReportSummary.From(findings);
    }

    public const string ToolName = "LambdaSec";

    /// <summary>Where users read about the rules; SARIF and ASFF link to it.</summary>
    public const string InformationUri = "https://github.com/lambdasec/lambdasec";

    public IReadOnlyList<LambdaSecFinding> Findings { get; }

    public string Title { get; }

    /// <summary>UTC instant written into every format, so one run's files agree.</summary>
    public DateTime GeneratedAt { get; }

    public string ToolVersion { get; }

    /// <summary>The directory IaC source files are made relative to (the caller's current location), or null.</summary>
    public string? BaseDirectory { get; }

    public ReportSummary Summary { get; }
}
