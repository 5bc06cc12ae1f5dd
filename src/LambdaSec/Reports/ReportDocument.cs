using System;
using System.Collections.Generic;
using System.Linq;
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
        Active = findings.Where(f => !f.Suppressed).ToList();
        Suppressed = findings.Where(f => f.Suppressed).ToList();
        Summary = ReportSummary.From(Active);
        BaselineDate = findings.Select(f => f.BaselineDate).Min();
        NewCount = Active.Count(f => f.BaselineState == BaselineState.New);
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

    /// <summary>The counts of the findings that are not suppressed (accepted risks are counted apart, in <see cref="Suppressed"/>).</summary>
    public ReportSummary Summary { get; }

    /// <summary>The findings no suppression covers, in input order.</summary>
    public IReadOnlyList<LambdaSecFinding> Active { get; }

    /// <summary>The accepted risks: findings marked Suppressed, shown apart.</summary>
    public IReadOnlyList<LambdaSecFinding> Suppressed { get; }

    /// <summary>The earliest baseline the findings were tagged against (Invoke-LambdaSecAudit -BaselinePath), or null.</summary>
    public DateTime? BaselineDate { get; }

    /// <summary>Active findings tagged New against the baseline.</summary>
    public int NewCount { get; }
}
