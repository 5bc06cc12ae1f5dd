using System;
using System.Collections.Generic;
using System.Globalization;
using System.Management.Automation;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Reports whether Lambda functions or runtime identifiers are on a supported, deprecated or blocked runtime.</para>
/// <para type="description">Test-LambdaRuntime looks each runtime up in the runtime catalog (AWS's published deprecation, block-function-create and block-function-update dates) and reports its status on -AsOf (default: today, UTC): UpdateBlocked once the block-update date is reached, else CreateBlocked once the block-create date is reached, else Deprecated once the deprecation date is reached, else DeprecationScheduled when deprecation is at most -WarningDays days away, else Supported. A date counts from its own UTC calendar day: on the deprecation date the runtime is Deprecated. Container-image functions (PackageType Image) are NotApplicable. Recommended is the newest supported runtime of the same family.</para>
/// <para type="description">Give identifiers with -Runtime (offline), or pipe functions: objects with FunctionName (or FunctionArn), Runtime and PackageType properties bind by name, so the FunctionConfiguration objects of Get-LMFunctionList do. A function without a Runtime property gives the non-terminating error LambdaSec.RuntimeNotProvided (looking it up in AWS is not available yet). An identifier the catalog does not know is reported as Unknown with a warning; pass a newer catalog with -CatalogPath. A missing or malformed catalog file is a terminating error (LambdaSec.RuntimeCatalogNotFound, LambdaSec.RuntimeCatalogInvalid).</para>
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
/// <code>Test-LambdaRuntime -Runtime python3.11 -AsOf 2027-07-31 -WarningDays 90</code>
/// <para>Shows what the status of python3.11 will be on 31 July 2027 (CreateBlocked: that is AWS's block-create date).</para>
/// </example>
/// <example>
/// <code>Test-LambdaRuntime -Runtime nodejs26.x -CatalogPath ./runtimes.json</code>
/// <para>Uses a newer catalog file, in the format of the module's Data/runtimes.json, instead of the embedded one.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "LambdaRuntime", DefaultParameterSetName = OfflineSet)]
[OutputType(typeof(LambdaRuntimeReport))]
public sealed class TestLambdaRuntimeCommand : PSCmdlet
{
    private const string OfflineSet = "Offline";
    private const string FunctionSet = "Function";

    private readonly HashSet<string> _warnedUnknown = new(StringComparer.OrdinalIgnoreCase);
    private RuntimeCatalog _catalog = RuntimeCatalog.Default;
    private DateTime _asOf;

    /// <summary>
    /// <para type="description">Runtime identifiers to check, such as nodejs22.x or python3.12. With functions from the pipeline, the function's Runtime property binds here.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ParameterSetName = OfflineSet)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = FunctionSet)]
    [AllowNull]
    [AllowEmptyCollection]
    public string[]? Runtime { get; set; }

    /// <summary>
    /// <para type="description">The function's name or ARN. Binds by property name (FunctionName or FunctionArn); an ARN also gives the Region and AccountId of the output.</para>
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipelineByPropertyName = true, ParameterSetName = FunctionSet)]
    [Alias("FunctionArn")]
    [ValidateNotNullOrEmpty]
    public string FunctionName { get; set; } = string.Empty;

    /// <summary>
    /// <para type="description">Zip or Image. Image functions bring their runtime in the container image and are reported as NotApplicable.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = FunctionSet)]
    public string? PackageType { get; set; }

    /// <summary>
    /// <para type="description">The function's region, carried into the output. Defaults to the region in the function ARN.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = FunctionSet)]
    public string? Region { get; set; }

    /// <summary>
    /// <para type="description">The function's 12-digit account, carried into the output. Defaults to the account in the function ARN.</para>
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
        if (ParameterSetName == OfflineSet)
        {
            foreach (var runtime in Runtime ?? [])
            {
                Emit(new RuntimeSubject { Runtime = runtime });
            }

            return;
        }

        var arn = LambdaFunctionArn.TryParse(FunctionName);
        var runtimes = Runtime is { Length: > 0 } ? (string?[])Runtime : new string?[] { null };
        foreach (var runtime in runtimes)
        {
            var subject = new RuntimeSubject
            {
                Runtime = string.IsNullOrWhiteSpace(runtime) ? null : runtime,
                PackageType = PackageType,
                FunctionName = arn?.FunctionName ?? FunctionName,
                FunctionArn = arn?.Arn,
                Region = Region ?? arn?.Region,
                AccountId = AccountId ?? arn?.AccountId,
            };
            if (subject.Runtime is null && !string.Equals(PackageType, "Image", StringComparison.OrdinalIgnoreCase))
            {
                WriteError(new ErrorRecord(
                    new ArgumentException($"The runtime of function '{FunctionName}' is not known: the input has no Runtime. Pipe the function's configuration (Get-LMFunctionConfiguration -FunctionName {subject.FunctionName} | Test-LambdaRuntime) or pass -Runtime; looking functions up in AWS by name is not available yet."),
                    ErrorIds.RuntimeNotProvided,
                    ErrorCategory.InvalidArgument,
                    FunctionName));
                continue;
            }

            Emit(subject);
        }
    }

    private void Emit(RuntimeSubject subject)
    {
        var report = RuntimeStatusEvaluator.Report(_catalog, subject, _asOf, WarningDays);
        if (report.Status == LambdaRuntimeStatus.Unknown && _warnedUnknown.Add(report.Runtime ?? string.Empty))
        {
            WriteWarning(string.Format(
                CultureInfo.InvariantCulture,
                "Runtime '{0}' is not in the runtime catalog ({1}, compiled {2:yyyy-MM-dd}); its status is Unknown. If AWS added it after that date, pass a newer catalog file with -CatalogPath <path> (format: the module's Data/runtimes.json).",
                report.Runtime,
                _catalog.Origin,
                _catalog.Compiled));
        }

        WriteObject(report);
    }
}
