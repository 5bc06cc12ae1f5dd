using System;
using System.Collections.Generic;
using System.Collections.ObjectModel;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;
using LambdaSec.Collect;
using LambdaSec.Model;
using LambdaSec.Reports;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Writes LambdaSec findings to a report file: HTML for people, JSON, CSV, SARIF, JUnit or ASFF for tools.</para>
/// <para type="description">Export-LambdaSecReport collects the findings piped to it (from Invoke-LambdaSecAudit and the other checks, or re-imported from a JSON or CSV report with ConvertFrom-Json or Import-Csv) and writes them once, when the pipeline ends, to the file named by -Path, in the format named by -Format. It outputs a LambdaSecReportFile (path, format, number of findings), or with -PassThru the findings themselves.</para>
/// <para type="description">Html is one self-contained page that works offline: counts by severity, account, region and function, charts by rule, severity, account and region, a runtime deprecation timeline when runtime findings carry a DueDate, and a findings table that sorts when a column header is clicked, filters by text and severity, and expands each finding to its evidence, remediation and control ids. The address fragment holds the view, so report.html#filter=public&amp;severity=High&amp;sort=resource&amp;dir=desc opens the page filtered and sorted.</para>
/// <para type="description">Json holds schemaVersion, generatedAt, the tool, summary counts and the findings under the model's property names. Csv has one row per finding (arrays joined with ';'; cells that a spreadsheet would run as a formula are prefixed with a quote). Sarif is SARIF 2.1.0 (IaC findings point at their file and line; cloud findings name their ARN). JUnit has one test suite per rule and a failing test case per resource. Asff is a JSON array in the AWS Security Finding Format for Security Hub BatchImportFindings; findings without an account or region are left out, with a warning.</para>
/// <para type="description">An existing file is not overwritten unless -Force is given (error LambdaSec.ReportExists). The file is written to a temporary name first and then moved into place, so a failed run never leaves half a report.</para>
/// </summary>
/// <example>
/// <code>Invoke-LambdaSecAudit -AllRegions | Export-LambdaSecReport -Path ./lambdasec.html -Format Html</code>
/// <para>Audits every region and writes the HTML report; open lambdasec.html in a browser (no network needed).</para>
/// </example>
/// <example>
/// <code>$findings = Invoke-LambdaSecAudit -Region us-east-1; $findings | Export-LambdaSecReport -Path ./lambdasec.sarif -Format Sarif -Force; $findings | Export-LambdaSecReport -Path ./junit.xml -Format JUnit -Force</code>
/// <para>Writes the same findings as SARIF for code scanning and as JUnit for the CI test view, replacing files from an earlier run.</para>
/// </example>
/// <example>
/// <code>(Get-Content ./lambdasec.json -Raw | ConvertFrom-Json).findings | Where-Object Severity -in 'Critical', 'High' | Export-LambdaSecReport -Path ./urgent.csv -Format Csv</code>
/// <para>Re-reads a saved JSON report, keeps the critical and high findings and writes them as CSV for a spreadsheet.</para>
/// </example>
/// <example>
/// <code>Export-LambdaSecReport -InputPath ./shard-*.json -Path ./organization.html -Format Html</code>
/// <para>Merges the JSON results of several Invoke-LambdaSecAudit -Shard runs into one HTML report.</para>
/// </example>
/// <example>
/// <code>Invoke-LambdaSecAudit -Region eu-west-1 | Export-LambdaSecReport -Path ./asff.json -Format Asff -PassThru | Format-Table</code>
/// <para>Writes the findings for Security Hub (aws securityhub batch-import-findings --findings file://asff.json, at most 100 per call) and shows them in the console too.</para>
/// </example>
/// <example>
/// <code>Invoke-LambdaSecAudit -Region us-east-1 | Export-LambdaSecReport -Path ./pci.html -Format Html -Framework 'PCI DSS*'</code>
/// <para>Writes only the findings that bear on a PCI DSS v4.0.1 requirement (each finding's Frameworks lists them, from Security Hub's published mappings).</para>
/// </example>
[Cmdlet(VerbsData.Export, "LambdaSecReport")]
[OutputType(typeof(LambdaSecReportFile), typeof(LambdaSecFinding))]
public sealed class ExportLambdaSecReportCommand : PSCmdlet
{
    private readonly List<LambdaSecFinding> _findings = [];
    private WildcardPattern[]? _frameworks;
    private string _path = string.Empty;

    /// <summary>
    /// <para type="description">The report file to write. Relative paths are resolved against the current location; the folder must exist.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>
    /// <para type="description">The file format: Html, Json, Csv, Sarif, JUnit or Asff.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 1)]
    public ReportFormat Format { get; set; }

    /// <summary>
    /// <para type="description">The findings to write. Accepts LambdaSecFinding objects from the pipeline, and any object with the same property names (at least RuleId), such as the findings of a JSON report read back with ConvertFrom-Json or the rows of a CSV report read back with Import-Csv.</para>
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>
    /// <para type="description">JSON reports to read findings from (files written by Export-LambdaSecReport -Format Json, such as one per Invoke-LambdaSecAudit -Shard), in addition to any piped in; wildcards allowed. A file that is not such a report is an error (LambdaSec.InvalidFinding) and the others are still read.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? InputPath { get; set; }

    /// <summary>
    /// <para type="description">The report's title, shown at the top of the HTML page and written into the other formats. Default: "LambdaSec report".</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string Title { get; set; } = "LambdaSec report";

    /// <summary>
    /// <para type="description">Outputs the findings instead of the LambdaSecReportFile, so the pipeline can go on (for example to Format-Table or a second export).</para>
    /// </summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    /// <summary>
    /// <para type="description">Replaces the file when it exists. Without it an existing file is left unchanged and the command fails with LambdaSec.ReportExists.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    /// <summary>
    /// <para type="description">Writes only the findings with a framework requirement (the Frameworks property) that matches one of these patterns, wildcards allowed: 'PCI DSS*', 'NIST.800-53.r5 AC-6*', 'CIS AWS Foundations*', 'CIS AWS Compute*'. Findings without framework requirements are left out.</para>
    /// </summary>
    [Parameter]
    public string[]? Framework { get; set; }

    protected override void BeginProcessing()
    {
        _frameworks = Framework?.Select(f => new WildcardPattern(f, WildcardOptions.IgnoreCase)).ToArray();
        _path = GetUnresolvedProviderPathFromPSPath(Path);
        // Checked before any input is read, so a long audit piped in is not wasted on a file we may not replace.
        if (!Force && File.Exists(_path))
        {
            ThrowReportExists();
        }
    }

    protected override void ProcessRecord()
    {
        if (InputObject is not null)
        {
            Add(InputObject);
        }
    }

    private void Add(PSObject input)
    {
        try
        {
            Add(FindingConverter.Convert(input));
        }
        catch (FormatException ex)
        {
            WriteError(new ErrorRecord(
                new FormatException($"{ex.Message} The object is left out of the report.", ex),
                ErrorIds.InvalidFinding,
                ErrorCategory.InvalidData,
                input));
        }
    }

    /// <summary>Keeps the finding when it matches -Framework (or no -Framework was given).</summary>
    private void Add(LambdaSecFinding finding)
    {
        if (_frameworks is null || finding.Frameworks.Any(f => _frameworks.Any(p => p.IsMatch(f))))
        {
            _findings.Add(finding);
        }
    }

    /// <summary>The findings of every file named by -InputPath; a file that cannot be read is one error, and the rest go on.</summary>
    private void ReadInputFiles()
    {
        foreach (var pattern in InputPath ?? [])
        {
            Collection<string> paths;
            try
            {
                paths = GetResolvedProviderPathFromPSPath(pattern, out _);
            }
            catch (ItemNotFoundException ex)
            {
                WriteError(new ErrorRecord(ex, ErrorIds.InvalidFinding, ErrorCategory.ObjectNotFound, pattern));
                continue;
            }

            foreach (var path in paths)
            {
                try
                {
                    // A regular file only, capped like -BaselinePath: a FIFO would block, /dev/zero never ends.
                    using var stream = LocalFile.OpenRead(path, AuditFileLoader.MaxBytes);
                    foreach (var finding in JsonReportReader.Read(stream).Findings)
                    {
                        Add(finding);
                    }
                }
                catch (Exception ex) when (ex is JsonException or FormatException or IOException or UnauthorizedAccessException)
                {
                    // The same reader as -BaselinePath and Compare-LambdaSecAudit, so every report file is read one way.
                    WriteError(new ErrorRecord(
                        new InvalidDataException($"'{path}' is not a LambdaSec JSON report ({ex.Message}); it is left out. Pass files written by Export-LambdaSecReport -Format Json.", ex),
                        ErrorIds.InvalidFinding,
                        ErrorCategory.InvalidData,
                        path));
                }
            }
        }
    }

    protected override void EndProcessing()
    {
        ReadInputFiles();
        var report = new ReportDocument(_findings, Title, DateTime.UtcNow, ReportWriters.ToolVersion, SessionState.Path.CurrentFileSystemLocation.ProviderPath);
        WriteVerbose($"Writing {_findings.Count} finding(s) as {Format} to {_path}.");
        var written = WriteFile(report);
        if (written < _findings.Count)
        {
            WriteWarning($"{_findings.Count - written} finding(s) have no AWS account or region (IaC findings) and were left out of the {Format} file, since Security Hub files every finding under both. Use -Format Sarif or Html for them.");
        }

        if (PassThru)
        {
            WriteObject(_findings, enumerateCollection: true);
            return;
        }

        WriteObject(new LambdaSecReportFile
        {
            Path = _path,
            Format = Format,
            FindingCount = written,
            Length = new FileInfo(_path).Length,
            Title = Title,
            GeneratedAt = report.GeneratedAt,
        });
    }

    /// <summary>Writes to a temporary file beside the target, then moves it into place (replacing only with -Force).</summary>
    private int WriteFile(ReportDocument report)
    {
        try
        {
            // A file created by someone else while the findings were collected is still never overwritten without -Force.
            return ReportFile.Write(_path, Force, ThrowReportExists, stream => ReportWriters.For(Format).Write(report, stream));
        }
        catch (Exception ex) when (ReportFile.IsWriteFailure(ex))
        {
            ThrowTerminatingError(ReportFile.WriteFailed("report", _path, ex));
            throw;
        }
    }

    private void ThrowReportExists() =>
        ThrowTerminatingError(new ErrorRecord(
            new IOException($"The report file {_path} already exists and was left unchanged. Use -Force to replace it, or choose another -Path."),
            ErrorIds.ReportExists,
            ErrorCategory.ResourceExists,
            _path));
}
