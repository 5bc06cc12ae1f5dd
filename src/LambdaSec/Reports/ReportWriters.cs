using System;
using System.Reflection;
using LambdaSec.Model;

namespace LambdaSec.Reports;

/// <summary>Picks the writer for a format, and names the tool version the reports carry.</summary>
public static class ReportWriters
{
    public static IReportWriter For(ReportFormat format) => format switch
    {
        ReportFormat.Html => new HtmlReportWriter(),
        ReportFormat.Json => new JsonReportWriter(),
        ReportFormat.Csv => new CsvReportWriter(),
        ReportFormat.Sarif => new SarifReportWriter(),
        ReportFormat.JUnit => new JUnitReportWriter(),
        ReportFormat.Asff => new AsffReportWriter(),
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, "Unknown report format."),
    };

    /// <summary>The module version (informational version without the source-control suffix).</summary>
    public static string ToolVersion { get; } = ReadToolVersion();

    private static string ReadToolVersion()
    {
        var assembly = typeof(ReportWriters).Assembly;
        var informational = assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()?.InformationalVersion;
        return informational?.Split('+')[0] ?? assembly.GetName().Version?.ToString() ?? "0.0.0";
    }
}
