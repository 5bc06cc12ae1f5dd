using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Collect;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Reports whether Lambda functions or runtime identifiers are on a supported, deprecated or blocked runtime.</para>
/// <para type="description">Test-LambdaRuntime looks each runtime up in the runtime catalog (AWS's published deprecation, block-function-create and block-function-update dates) and reports its status on -AsOf (default: today, UTC): UpdateBlocked once the block-update date is reached, else CreateBlocked once the block-create date is reached, else Deprecated once the deprecation date is reached, else DeprecationScheduled when deprecation is at most -WarningDays days away, else Supported. A date counts from its own UTC calendar day: on the deprecation date the runtime is Deprecated. Container-image functions (PackageType Image) are NotApplicable. Recommended is the newest supported runtime of the same family.</para>
/// <para type="description">Give identifiers with -Runtime (offline, no AWS call), or pipe functions: objects with FunctionName, FunctionArn, Runtime and PackageType properties bind by name, so the FunctionConfiguration objects of Get-LMFunctionList do (the ARN is preferred: it names the region and account). A function given without its Runtime (only a name or ARN) is looked up with Lambda GetFunctionConfiguration, in the region of its ARN, of its Region property, or of -Region; with no input at all, every function of -Region (or of every region with -AllRegions) is listed with ListFunctions and checked. AWS credentials are only needed for those lookups. A function that cannot be looked up gives a non-terminating AWS error (LambdaSec.ResourceNotFound, LambdaSec.AccessDenied...) and the others go on. An identifier the catalog does not know is reported as Unknown with a warning; refresh the catalog with Update-LambdaRuntimeCatalog or pass one with -CatalogPath. A missing or malformed catalog file is a terminating error (LambdaSec.RuntimeCatalogNotFound, LambdaSec.RuntimeCatalogInvalid).</para>
/// <para type="description">The catalog is -CatalogPath when given, else the user catalog Update-LambdaRuntimeCatalog writes ($env:LAMBDASEC_RUNTIME_CATALOG, or LambdaSec/runtimes.json under the local application data folder) when it is not older than the catalog embedded in the module, else the embedded one. Every report carries CatalogSource and CatalogDate; a catalog more than 90 days old warns once per session.</para>
/// </summary>
/// <example>
/// <code>Test-LambdaRuntime -Runtime nodejs20.x, python3.13, go1.x</code>
/// <para>Checks three identifiers offline against the embedded catalog: their status today, AWS's dates, the days left until deprecation and the runtime to move to.</para>
/// </example>
/// <example>
/// <code>Get-LMFunctionList | Test-LambdaRuntime | Where-Object Status -ne 'Supported' | Sort-Object DaysUntilDeprecation</code>
/// <para>Checks every function that AWS.Tools lists (FunctionName, FunctionArn, Runtime and PackageType bind by property name) and keeps the ones that need attention, most urgent first.</para>
/// </example>
/// <example>
/// <code>Test-LambdaRuntime -Region us-east-1, eu-west-1 | Where-Object Status -in 'Deprecated', 'CreateBlocked', 'UpdateBlocked'</code>
/// <para>Lists every function of two regions (no input: ListFunctions per region) and keeps the ones on a runtime AWS no longer supports.</para>
/// </example>
/// <example>
/// <code>'orders-api', 'arn:aws:lambda:eu-west-1:111111111111:function:billing' | ForEach-Object { [pscustomobject]@{ FunctionName = $_ } } | Test-LambdaRuntime -Region us-east-1</code>
/// <para>Looks functions up by name (in us-east-1) or ARN (in its own region) and reports their runtime status.</para>
/// </example>
/// <example>
/// <code>Test-LambdaRuntime -Runtime python3.11 -AsOf 2027-07-31 -WarningDays 90</code>
/// <para>Shows what the status of python3.11 will be on 31 July 2027 (CreateBlocked: that is AWS's block-create date).</para>
/// </example>
/// <example>
/// <code>Test-LambdaRuntime -Runtime nodejs26.x -CatalogPath ./runtimes.json</code>
/// <para>Uses a newer catalog file, in the format of the module's Data/runtimes.json, instead of the embedded one.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "LambdaRuntime", DefaultParameterSetName = FunctionSet)]
[OutputType(typeof(LambdaRuntimeReport))]
public sealed class TestLambdaRuntimeCommand : LambdaSecAwsCmdlet, IDisposable
{
    private const string OfflineSet = "Offline";
    private const string FunctionSet = "Function";

    private readonly HashSet<string> _warnedUnknown = new(StringComparer.OrdinalIgnoreCase);
    private readonly List<FunctionRef> _lookups = [];
    private readonly List<string> _regions = [];
    private readonly CancellationTokenSource _cancel = new();
    private RuntimeCatalog _catalog = RuntimeCatalog.Default;
    private DateTime _asOf;
    private bool _sawInput;

    /// <summary>
    /// <para type="description">Runtime identifiers to check, such as nodejs22.x or python3.12. With functions from the pipeline, the function's Runtime property binds here.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = OfflineSet)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = FunctionSet)]
    [AllowNull]
    [AllowEmptyCollection]
    public string[]? Runtime { get; set; }

    /// <summary>
    /// <para type="description">The function's name (or ARN). Binds by property name. Without -Runtime (or a Runtime property) the function is looked up in AWS.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = FunctionSet)]
    public string? FunctionName { get; set; }

    /// <summary>
    /// <para type="description">The function's ARN. Binds by property name and wins over FunctionName when an object carries both (AWS.Tools FunctionConfiguration), since it also gives the Region and AccountId of the output.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = FunctionSet)]
    public string? FunctionArn { get; set; }

    /// <summary>
    /// <para type="description">Zip or Image. Image functions bring their runtime in the container image and are reported as NotApplicable.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = FunctionSet)]
    public string? PackageType { get; set; }

    /// <summary>
    /// <para type="description">The region of the functions: carried into the output of functions given with their Runtime (default: the region in the function ARN), the region where functions given by name are looked up, and the regions listed when nothing is given. Binds by property name.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = FunctionSet)]
    public string[]? Region { get; set; }

    /// <summary>
    /// <para type="description">With no function given: check every function of every region of the partition; regions not enabled for the account are skipped.</para>
    /// </summary>
    [Parameter(ParameterSetName = FunctionSet)]
    public SwitchParameter AllRegions { get; set; }

    /// <summary>
    /// <para type="description">The function's 12-digit account, carried into the output of functions given with their Runtime. Defaults to the account in the function ARN; looked-up functions carry the caller's account.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = FunctionSet)]
    public string? AccountId { get; set; }

    /// <summary>
    /// <para type="description">The date to evaluate the status on; only its UTC calendar date counts. Defaults to today (UTC).</para>
    /// </summary>
    [Parameter]
    public DateTime AsOf { get; set; }

    /// <summary>
    /// <para type="description">How many days before its deprecation date a runtime is reported as DeprecationScheduled. Defaults to 180.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(0, 36500)]
    public int WarningDays { get; set; } = RuntimeStatusEvaluator.DefaultWarningDays;

    /// <summary>
    /// <para type="description">A runtime catalog JSON file to use instead of the embedded one, for runtimes or dates AWS published after the module was built.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CatalogPath { get; set; }

    protected override void BeginProcessing()
    {
        _catalog = RuntimeCatalogLoader.Load(this, CatalogPath);
        _asOf = MyInvocation.BoundParameters.ContainsKey(nameof(AsOf)) ? AsOf : DateTime.UtcNow;
        WriteVerbose($"Runtime catalog: {_catalog.Origin}, compiled {_catalog.Compiled:yyyy-MM-dd}; status as of {RuntimeStatusEvaluator.ToUtcDate(_asOf):yyyy-MM-dd} (UTC).");
    }

    protected override void ProcessRecord()
    {
        // Parameter sets cannot tell bare identifiers from functions (Runtime belongs to both), so the input decides.
        var function = string.IsNullOrWhiteSpace(FunctionArn) ? FunctionName : FunctionArn;
        _regions.AddRange((Region ?? []).Where(r => !string.IsNullOrWhiteSpace(r) && !_regions.Contains(r)));
        if (string.IsNullOrWhiteSpace(function))
        {
            _sawInput |= Runtime is { Length: > 0 };
            foreach (var runtime in Runtime ?? [])
            {
                Emit(new RuntimeSubject { Runtime = runtime });
            }

            return;
        }

        _sawInput = true;
        var runtimes = (Runtime ?? []).Where(r => !string.IsNullOrWhiteSpace(r)).Select(r => (string?)r).ToList();
        var image = string.Equals(PackageType, "Image", StringComparison.OrdinalIgnoreCase);
        if (runtimes.Count == 0 && !image)
        {
            // Only a name or ARN: looked up in EndProcessing, all lookups at once. One given region pins a bare name to it.
            _lookups.Add(new FunctionRef(function!, Region: Region is { Length: 1 } ? Region[0] : null));
            return;
        }

        var arn = LambdaFunctionArn.TryParse(function);
        foreach (var runtime in runtimes.Count == 0 ? [null] : runtimes)
        {
            Emit(new RuntimeSubject
            {
                Runtime = runtime,
                PackageType = PackageType,
                FunctionName = arn?.FunctionName ?? function,
                FunctionArn = arn?.Arn,
                Region = Region?.FirstOrDefault() ?? arn?.Region,
                AccountId = AccountId ?? arn?.AccountId,
            });
        }
    }

    protected override void EndProcessing()
    {
        var listAll = !_sawInput && !MyInvocation.ExpectingInput;
        if (_lookups.Count == 0 && !listAll)
        {
            return;
        }

        var connection = ResolveConnection(_regions.FirstOrDefault(), FunctionPlan.FirstRegion(_lookups));
        var session = connection.CreateSession();
        var regions = AwsRegions.Select(AllRegions, _regions, connection.Region);
        using var bridge = new PipelineBridge();
        RunCollectors(bridge, token => RegionFanOut.RunAsync(session, regions, _lookups, AllRegions, bridge, (regional, functions) => LookUpAsync(regional, functions, bridge, token), token), _cancel.Token);
    }

    protected override void StopProcessing() => _cancel.Cancel();

    public void Dispose() => _cancel.Dispose();

    internal override void WriteCollected(object item)
    {
        var subject = (RuntimeSubject)item;
        if (subject.Runtime is null && !string.Equals(subject.PackageType, "Image", StringComparison.OrdinalIgnoreCase))
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"Lambda returned no Runtime for the Zip function '{subject.FunctionArn}', so its runtime status cannot be told. Check it with: aws lambda get-function-configuration --function-name {subject.FunctionArn}"),
                ErrorIds.RuntimeNotProvided,
                ErrorCategory.InvalidData,
                subject.FunctionArn));
            return;
        }

        Emit(subject);
    }

    private static async Task LookUpAsync(AwsSession session, IReadOnlyList<FunctionRef>? functions, ICollectorSink sink, CancellationToken cancellationToken)
    {
        foreach (var (function, _) in await new FunctionLookup(new LambdaApi(session), sink).FindAsync(functions, cancellationToken).ConfigureAwait(false))
        {
            sink.Result(new RuntimeSubject
            {
                Runtime = function.Runtime,
                PackageType = function.PackageType,
                FunctionName = function.FunctionName,
                FunctionArn = function.FunctionArn,
                Region = session.Region,
                AccountId = session.AccountId,
            });
        }
    }

    private void Emit(RuntimeSubject subject)
    {
        var report = RuntimeStatusEvaluator.Report(_catalog, subject, _asOf, WarningDays);
        if (report.Status == LambdaRuntimeStatus.Unknown && _warnedUnknown.Add(report.Runtime ?? string.Empty))
        {
            WriteWarning(string.Format(
                CultureInfo.InvariantCulture,
                "Runtime '{0}' is not in the runtime catalog ({1}, compiled {2:yyyy-MM-dd}); its status is Unknown. If AWS added it after that date, run Update-LambdaRuntimeCatalog to refresh the catalog from AWS's Lambda runtimes page, or pass a newer catalog file with -CatalogPath <path> (format: the module's Data/runtimes.json).",
                DisplayText.Neutralise(report.Runtime),
                _catalog.Origin,
                _catalog.Compiled));
        }

        WriteObject(report);
    }
}
