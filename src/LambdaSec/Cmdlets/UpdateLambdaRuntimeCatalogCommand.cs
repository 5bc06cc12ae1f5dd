using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using System.Net.Http;
using System.Text;
using System.Threading;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Collect;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Refreshes the runtime catalog from AWS's "Lambda runtimes" page and writes it as the user catalog that every LambdaSec cmdlet then uses.</para>
/// <para type="description">Update-LambdaRuntimeCatalog reads AWS's "Lambda runtimes" page in its markdown form (default https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.md; -Uri for another address, -Path for a saved copy), parses its supported and deprecated runtime tables (Name, Identifier, Operating system, Deprecation date, Block function create, Block function update) and checks the result before anything is written: every date must parse, every runtime the catalog in use or the embedded catalog knows must still be listed (one that is not is reported as Dropped and kept as it was; a page missing more than a quarter of them is refused), block dates may come before the deprecation date only where the catalog in use already has those dates, and the page must not be older than the catalog in use (-Force accepts it).</para>
/// <para type="description">It writes one object per difference from the catalog in use (Added, Changed, Dropped, with old and new dates), then writes the new catalog to the user catalog file: $env:LAMBDASEC_RUNTIME_CATALOG when set, else LambdaSec/runtimes.json under the local application data folder (%LOCALAPPDATA% on Windows, ~/.local/share or $XDG_DATA_HOME elsewhere). Test-LambdaRuntime, Get-LambdaRuntimeSchedule, Invoke-LambdaSecAudit, Test-LambdaSecTemplate and New-LambdaSecGuardrail use that file instead of the embedded catalog when it is dated the same day as the embedded catalog or later. -WhatIf shows the differences and writes nothing. A page whose shape changed is the terminating error LambdaSec.RuntimePageFormatChanged, a page that fails the checks LambdaSec.RuntimePageRejected, a download that fails LambdaSec.RuntimePageDownloadFailed; in each case the catalog in use is left untouched. The download sends no credentials, gives up after 30 seconds and reads at most 2 MiB.</para>
/// </summary>
/// <example>
/// <code>Update-LambdaRuntimeCatalog -WhatIf | Format-Table Runtime, Change, OldBlockFunctionUpdateDate, NewBlockFunctionUpdateDate</code>
/// <para>Reads AWS's page and shows which runtimes' dates differ from the catalog in use, without writing anything.</para>
/// </example>
/// <example>
/// <code>Update-LambdaRuntimeCatalog; Test-LambdaRuntime -Runtime python3.9 | Select-Object Status, BlockFunctionUpdateDate, CatalogSource, CatalogDate</code>
/// <para>Refreshes the user catalog from AWS's page, then checks python3.9 against it (CatalogSource names the user catalog file).</para>
/// </example>
/// <example>
/// <code>$env:LAMBDASEC_RUNTIME_CATALOG = '/srv/lambdasec/runtimes.json'; Update-LambdaRuntimeCatalog -Path ./lambda-runtimes.md</code>
/// <para>On a host without internet access: reads a saved copy of the page and writes the catalog to a shared location that the audit runbook also points LAMBDASEC_RUNTIME_CATALOG at.</para>
/// </example>
[Cmdlet(VerbsData.Update, "LambdaRuntimeCatalog", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium, DefaultParameterSetName = UriSet)]
[OutputType(typeof(LambdaRuntimeCatalogChange))]
public sealed class UpdateLambdaRuntimeCatalogCommand : PSCmdlet, IDisposable
{
    /// <summary>AWS's "Lambda runtimes" page in markdown.</summary>
    public const string DefaultUri = "https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.md";

    private const string UriSet = "Uri";
    private const string PathSet = "Path";
    private const long MaxPageBytes = 2 * 1024 * 1024;
    private static readonly TimeSpan DownloadTimeout = TimeSpan.FromSeconds(30);

    private readonly CancellationTokenSource _cancel = new();

    /// <summary>
    /// <para type="description">The address of the page in markdown. Defaults to AWS's Lambda runtimes page (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.md). http and https only; no credentials are sent.</para>
    /// </summary>
    [Parameter(ParameterSetName = UriSet)]
    [ValidateNotNull]
    public Uri Uri { get; set; } = new(DefaultUri);

    /// <summary>
    /// <para type="description">A saved copy of the page in markdown, read instead of downloading it. Its date is the file's last write time.</para>
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = PathSet)]
    [ValidateNotNullOrEmpty]
    public string Path { get; set; } = string.Empty;

    /// <summary>
    /// <para type="description">Accept a page dated before the catalog in use (a saved copy older than the module's catalog, say). The other checks still apply.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void EndProcessing()
    {
        var (text, origin, pageDate) = ParameterSetName == PathSet ? ReadFile() : Download();
        var target = RuntimeCatalogLoader.UserCatalogPath;
        var inUse = RuntimeCatalogLoader.Preferred(this);
        IReadOnlyList<RuntimePageRow> rows;
        try
        {
            rows = RuntimePageParser.Parse(text, origin);
        }
        catch (RuntimeCatalogException ex)
        {
            Stop(ex, ErrorIds.RuntimePageFormatChanged, ErrorCategory.InvalidData, origin);
            return;
        }

        WriteVerbose($"Read {rows.Count} runtimes from '{origin}'.");
        RuntimeCatalogUpdate update;
        try
        {
            update = RuntimeCatalogUpdater.Build(rows, inUse, RuntimeCatalog.Default, pageDate, origin, target, Force);
        }
        catch (RuntimeCatalogException ex)
        {
            Stop(ex, ErrorIds.RuntimePageRejected, ErrorCategory.InvalidData, origin);
            return;
        }

        foreach (var change in update.Changes)
        {
            WriteObject(change);
        }

        if (!ShouldProcess(target, $"Write the runtime catalog read from {origin} ({update.Catalog.Entries.Count} runtimes, {update.Changes.Count} differences from {inUse.Origin})"))
        {
            return;
        }

        Save(target, update.Json);
        WriteVerbose($"Wrote the runtime catalog '{target}' dated {update.Catalog.Compiled:yyyy-MM-dd}; the runtime cmdlets use it from now on.");
    }

    protected override void StopProcessing() => _cancel.Cancel();

    public void Dispose() => _cancel.Dispose();

    private (string Text, string Origin, DateTime Date) ReadFile()
    {
        var resolved = GetUnresolvedProviderPathFromPSPath(Path);
        var file = new FileInfo(resolved);
        if (!file.Exists)
        {
            Stop(new FileNotFoundException($"The saved Lambda runtimes page '{resolved}' does not exist. Save https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.md to a file and pass its path, or leave -Path out to download it.", resolved), ErrorIds.RuntimePageNotFound, ErrorCategory.ObjectNotFound, resolved);
        }

        if (LocalFile.NotRegularReason(resolved) is { } reason)
        {
            Stop(new IOException($"'{resolved}' was not read: {reason}. Pass the saved markdown page itself, or leave -Path out to download it."), ErrorIds.RuntimePageNotFound, ErrorCategory.InvalidArgument, resolved);
        }

        if (file.Length > MaxPageBytes)
        {
            Stop(new InvalidDataException($"The file '{resolved}' has {file.Length} bytes, more than the {MaxPageBytes} bytes a Lambda runtimes page can have; pass the markdown page itself."), ErrorIds.RuntimePageFormatChanged, ErrorCategory.InvalidData, resolved);
        }

        return (LocalFile.ReadText(resolved, MaxPageBytes), resolved, file.LastWriteTimeUtc);
    }

    private (string Text, string Origin, DateTime Date) Download()
    {
        var origin = Uri.ToString();
        if (!Uri.IsAbsoluteUri || (Uri.Scheme != "https" && Uri.Scheme != "http"))
        {
            Stop(new ArgumentException($"-Uri '{origin}' is not an http or https address; pass the page's address, e.g. {DefaultUri}."), ErrorIds.RuntimePageDownloadFailed, ErrorCategory.InvalidArgument, origin);
        }

        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(_cancel.Token);
        timeout.CancelAfter(DownloadTimeout);
        try
        {
            using var body = CodeDownloader.DownloadAsync(origin, MaxPageBytes, "the Lambda runtimes page", "check the address, or save the page and pass it with -Path", timeout.Token)
                .GetAwaiter().GetResult();
            if (body is null)
            {
                Stop(new InvalidDataException($"'{origin}' answered with more than {MaxPageBytes} bytes, more than a Lambda runtimes page has; check the address."), ErrorIds.RuntimePageFormatChanged, ErrorCategory.InvalidData, origin);
            }

            return (new UTF8Encoding(false).GetString(body!.ToArray()), origin, DateTime.UtcNow);
        }
        catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
        {
            var reason = ex is OperationCanceledException && !_cancel.IsCancellationRequested ? $"no answer within {DownloadTimeout.TotalSeconds:0} seconds" : ex.Message;
            Stop(new IOException($"The Lambda runtimes page '{origin}' could not be downloaded: {reason}. Check the address and the network (a proxy is taken from the system settings), or save the page and pass it with -Path. The runtime catalog in use is left as it is.", ex), ErrorIds.RuntimePageDownloadFailed, ErrorCategory.ConnectionError, origin);
            throw;
        }
    }

    /// <summary>Writes next to the target and then moves over it, so a reader never sees half a catalog.</summary>
    private void Save(string target, string json)
    {
        var temporary = target + ".tmp";
        try
        {
            Directory.CreateDirectory(System.IO.Path.GetDirectoryName(target)!);
            File.WriteAllText(temporary, json, new UTF8Encoding(false));
            if (File.Exists(target))
            {
                File.Replace(temporary, target, null);
            }
            else
            {
                File.Move(temporary, target);
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            File.Delete(temporary);
            Stop(new IOException($"The runtime catalog '{target}' cannot be written: {ex.Message}. Set ${RuntimeCatalogLoader.EnvironmentVariable} to a file you can write.", ex), ErrorIds.RuntimeCatalogWriteFailed, ErrorCategory.WriteError, target);
        }
    }

    private void Stop(Exception exception, string errorId, ErrorCategory category, object target) =>
        ThrowTerminatingError(new ErrorRecord(exception, errorId, category, target));
}
