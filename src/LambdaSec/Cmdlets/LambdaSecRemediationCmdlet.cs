using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Collect;
using LambdaSec.Model;
using LambdaSec.Remediation;

namespace LambdaSec.Cmdlets;

/// <summary>
/// What the remediation cmdlets share: one session whose account is the caller's (GetCallerIdentity once), work
/// fanned out per region with inputs of another account refused, a failed backup as a terminating error, and
/// cancellation on Ctrl+C. ShouldProcess stays with each cmdlet, on the pipeline thread between the runs.
/// </summary>
public abstract class LambdaSecRemediationCmdlet : LambdaSecAwsCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private AwsSession? _session;

    public void Dispose()
    {
        _cancel.Dispose();
        GC.SuppressFinalize(this);
    }

    protected override void StopProcessing() => _cancel.Cancel();

    /// <summary>-BackupPath resolved against the current location, or a new file in the user's LambdaSec data folder.</summary>
    protected BackupFile OpenBackup(string? path) =>
        new(path is null ? BackupFile.DefaultPath(DateTimeOffset.UtcNow) : GetUnresolvedProviderPathFromPSPath(path));

    /// <summary>
    /// Runs <paramref name="work"/> once per region of <paramref name="items"/> (null region: the resolved default), concurrently,
    /// writing what it reports on the pipeline thread. Items of another account than the credentials' are reported and left out.
    /// </summary>
    protected void RunPerRegion<T>(IReadOnlyList<T> items, Func<T, string?> regionOf, Func<T, string?> accountOf, Func<T, string> describe, Func<AwsSession, IReadOnlyList<T>, ICollectorSink, CancellationToken, Task> work)
    {
        if (items.Count == 0)
        {
            return;
        }

        if (_session is null)
        {
            _session = ResolveConnection(items.Select(regionOf).FirstOrDefault(r => r is not null)).CreateSession();
        }

        var session = _session;
        using var bridge = new PipelineBridge();
        try
        {
            bridge.Run(this, async token =>
            {
                session.AccountId ??= (await new StsApi(session).GetCallerIdentityAsync(token).ConfigureAwait(false)).Account;
                var mine = new List<T>();
                foreach (var item in items)
                {
                    if (accountOf(item) is { } account && account != session.AccountId)
                    {
                        bridge.Problem(describe(item), ErrorIds.AccountMismatch, $"{describe(item)} belongs to account {account}, but the credentials are of account {session.AccountId}; it was skipped. Run again with credentials of {account} (-ProfileName).");
                    }
                    else
                    {
                        mine.Add(item);
                    }
                }

                await Task.WhenAll(mine.GroupBy(i => regionOf(i) ?? session.Region)
                    .Select(g => work(session.ForRegion(g.Key), g.ToList(), bridge, token))).ConfigureAwait(false);
            }, _cancel.Token);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(
                new IOException($"The backup could not be written ({ex.Message}); nothing more was changed. Choose a writable file with -BackupPath.", ex),
                ErrorIds.BackupFailed, ErrorCategory.WriteError, null));
        }
        catch (AwsServiceException ex)
        {
            // Only the caller-identity call fails the whole run (each function's failure was already reported): no credentials, no access.
            ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.AuthenticationError, null));
        }
    }

    /// <summary>"function" or "function:qualifier", for ShouldProcess targets and messages (neutralised: it is shown to a person).</summary>
    protected static string Describe(string functionName, string? qualifier, string? region) =>
        DisplayText.Neutralise((qualifier is null ? functionName : $"{functionName}:{qualifier}") + (region is null ? string.Empty : $" ({region})"));
}
