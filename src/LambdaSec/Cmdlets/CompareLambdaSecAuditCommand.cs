using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LambdaSec.Analysis.Audit;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Tells what changed between two audits: each finding is New, Resolved or Unchanged.</para>
/// <para type="description">Compare-LambdaSecAudit reads the findings of an older audit (-Reference) and a newer one (-Difference, or the findings piped in, for example straight from Invoke-LambdaSecAudit) and matches them by Fingerprint, the finding's stable identity (rule, account, region, resource, function and runtime; never evidence wording or times). It emits one LambdaSecFindingChange per finding: New (only in the newer audit), Resolved (only in the older one: fixed, or the resource is gone) or Unchanged, with the finding itself in Finding. A side may be several files, for audits run in shards; a fingerprint listed twice on one side counts once.</para>
/// <para type="description">Files are JSON reports written by Export-LambdaSecReport -Format Json. A file that does not exist or is not such a report stops the command with LambdaSec.FindingReportInvalid naming the file. Suppressed findings are compared like the others and keep Suppressed, so a gate can ignore accepted risks.</para>
/// </summary>
/// <example>
/// <code>Compare-LambdaSecAudit -Reference ./audit-2026-12-02.json -Difference ./audit-2026-12-03.json | Where-Object Change -ne 'Unchanged'</code>
/// <para>Lists what appeared and what was fixed since yesterday's audit.</para>
/// </example>
/// <example>
/// <code>$new = Invoke-LambdaSecAudit -AllRegions | Compare-LambdaSecAudit -Reference ./baseline.json -Change New | Where-Object { -not $_.Suppressed -and $_.Severity -ge 'High' }; if ($new) { $new | Format-Table; exit 1 }</code>
/// <para>Fails a runbook only on new High or Critical findings that are not accepted risks.</para>
/// </example>
/// <example>
/// <code>Compare-LambdaSecAudit -Reference ./old/eu.json, ./old/us.json -Difference ./new/eu.json, ./new/us.json | Group-Object Change -NoElement</code>
/// <para>Compares audits that were run and saved per region shard, and counts the changes.</para>
/// </example>
[Cmdlet(VerbsData.Compare, "LambdaSecAudit")]
[OutputType(typeof(LambdaSecFindingChange))]
public sealed class CompareLambdaSecAuditCommand : PSCmdlet
{
    private readonly List<LambdaSecFinding> _piped = [];

    /// <summary>
    /// <para type="description">The older audit: one or more JSON report files written by Export-LambdaSecReport -Format Json.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[] Reference { get; set; } = [];

    /// <summary>
    /// <para type="description">The newer audit: one or more JSON report files. Without it, the findings piped in are the newer audit.</para>
    /// </summary>
    [Parameter(Position = 1)]
    [ValidateNotNullOrEmpty]
    public string[]? Difference { get; set; }

    /// <summary>
    /// <para type="description">Findings of the newer audit from the pipeline: LambdaSecFinding objects, or objects with the same properties (a JSON report read back with ConvertFrom-Json). Ignored when -Difference is given.</para>
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>
    /// <para type="description">Emit only these kinds of change (New, Resolved, Unchanged). Default: all three.</para>
    /// </summary>
    [Parameter]
    public FindingChange[]? Change { get; set; }

    protected override void BeginProcessing()
    {
        if (Difference is not null && MyInvocation.ExpectingInput)
        {
            WriteWarning("Both -Difference and pipeline input were given; the piped findings are ignored and the -Difference files are compared.");
        }
    }

    protected override void ProcessRecord()
    {
        if (InputObject is null || Difference is not null)
        {
            return;
        }

        try
        {
            _piped.Add(FindingConverter.Convert(InputObject));
        }
        catch (FormatException ex)
        {
            WriteError(new ErrorRecord(new FormatException($"{ex.Message} The object is left out of the comparison.", ex), ErrorIds.InvalidFinding, ErrorCategory.InvalidData, InputObject));
        }
    }

    protected override void EndProcessing()
    {
        var reference = AuditFileLoader.LoadReports(this, Reference).SelectMany(r => r.Findings);
        IEnumerable<LambdaSecFinding> difference = Difference is null ? _piped : AuditFileLoader.LoadReports(this, Difference).SelectMany(r => r.Findings);
        foreach (var change in AuditComparison.Compare(reference, difference).Where(c => Change is null || Change.Contains(c.Change)))
        {
            WriteObject(change);
        }
    }
}
