using System;
using System.Linq;
using System.Management.Automation;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Lists the Lambda runtime catalog: every runtime identifier with AWS's deprecation and block dates and its status on a date.</para>
/// <para type="description">Get-LambdaRuntimeSchedule writes one object per runtime identifier in the runtime catalog (-CatalogPath, else the user catalog Update-LambdaRuntimeCatalog writes when it is not older than the embedded one, else the embedded one; CatalogSource and CatalogDate say which, Sources and Checked where each row's dates come from), with its status on -AsOf (default: today, UTC) by the same rules as Test-LambdaRuntime, sorted by deprecation date (runtimes without one last). -Family keeps some language families (nodejs, python, java, dotnet, ruby, go, provided). -WithinDays keeps the runtimes whose deprecation, block-create or block-update date falls within the next N days (from AsOf, both ends included): what breaks soon. No AWS call is made.</para>
/// </summary>
/// <example>
/// <code>Get-LambdaRuntimeSchedule -WithinDays 90</code>
/// <para>Lists the runtimes that are deprecated, or blocked for create or update, in the next 90 days.</para>
/// </example>
/// <example>
/// <code>Get-LambdaRuntimeSchedule -Family python, nodejs | Where-Object Status -eq 'Supported'</code>
/// <para>Lists the Python and Node.js runtimes that are supported today.</para>
/// </example>
/// <example>
/// <code>Get-LambdaRuntimeSchedule -AsOf 2027-09-01 | Format-Table Runtime, Status, BlockFunctionUpdateDate</code>
/// <para>Shows how the catalog will stand on 1 September 2027.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "LambdaRuntimeSchedule")]
[OutputType(typeof(LambdaRuntimeScheduleEntry))]
public sealed class GetLambdaRuntimeScheduleCommand : PSCmdlet
{
    /// <summary>
    /// <para type="description">The date to evaluate the status on; only its UTC calendar date counts. Defaults to today (UTC).</para>
    /// </summary>
    [Parameter]
    public DateTime AsOf { get; set; }

    /// <summary>
    /// <para type="description">Language families to list (nodejs, python, java, dotnet, ruby, go, provided); case-insensitive. Defaults to all.</para>
    /// </summary>
    [Parameter(Position = 0)]
    [ValidateNotNullOrEmpty]
    public string[]? Family { get; set; }

    /// <summary>
    /// <para type="description">Keeps only the runtimes with a deprecation, block-create or block-update date within this many days from AsOf.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(0, 36500)]
    public int? WithinDays { get; set; }

    /// <summary>
    /// <para type="description">How many days before its deprecation date a runtime is reported as DeprecationScheduled. Defaults to 180.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(0, 36500)]
    public int WarningDays { get; set; } = RuntimeStatusEvaluator.DefaultWarningDays;

    /// <summary>
    /// <para type="description">A runtime catalog JSON file to use instead of the embedded one.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CatalogPath { get; set; }

    protected override void EndProcessing()
    {
        var catalog = RuntimeCatalogLoader.Load(this, CatalogPath);
        var asOf = MyInvocation.BoundParameters.ContainsKey(nameof(AsOf)) ? AsOf : DateTime.UtcNow;
        WriteVerbose($"Runtime catalog: {catalog.Origin}, compiled {catalog.Compiled:yyyy-MM-dd}; status as of {RuntimeStatusEvaluator.ToUtcDate(asOf):yyyy-MM-dd} (UTC).");

        var families = Family?.Select(f => f.Trim()).ToList();
        foreach (var unknown in families?.Where(f => !catalog.Entries.Any(e => string.Equals(e.Family, f, StringComparison.OrdinalIgnoreCase))) ?? [])
        {
            WriteWarning($"The runtime catalog has no family '{unknown}'. Its families are: {string.Join(", ", catalog.Entries.Select(e => e.Family).Distinct(StringComparer.OrdinalIgnoreCase))}.");
        }

        var rows = catalog.Entries
            .Where(e => families is null || families.Contains(e.Family, StringComparer.OrdinalIgnoreCase))
            .Where(e => WithinDays is not { } days || FallsWithin(e, asOf, days))
            .OrderBy(e => e.DeprecationDate ?? DateTime.MaxValue)
            .ThenBy(e => e.Identifier, StringComparer.Ordinal);
        foreach (var entry in rows)
        {
            WriteObject(RuntimeStatusEvaluator.Schedule(catalog, entry, asOf, WarningDays));
        }
    }

    private static bool FallsWithin(RuntimeCatalogEntry entry, DateTime asOf, int days) =>
        new[] { entry.DeprecationDate, entry.BlockFunctionCreateDate, entry.BlockFunctionUpdateDate }
            .Any(d => RuntimeStatusEvaluator.DaysUntil(d, asOf) is { } left && left >= 0 && left <= days);
}
