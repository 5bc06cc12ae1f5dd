using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaSec.Collect;

/// <summary>
/// Runs an audit's account-regions with at most <see cref="MaxInProgress"/> in progress, account by account (every
/// region of one account, then the next), and tells when an account's last region is done, so what is kept per
/// account (its roles and their analyses) can go. Memory then depends on the window, not on the number of accounts:
/// an organization of 200 accounts holds what 50 do (docs/scale.md, "Streaming").
/// </summary>
public sealed class AccountRegionWindow
{
    /// <summary>
    /// The default window: enough account-regions for the machine's cores (each account-region does at most about 30
    /// calls/s under Lambda's quotas, and one core serves a few thousand calls/s), at least 64.
    /// </summary>
    public static int DefaultMaxInProgress { get; } = Math.Max(64, 48 * Environment.ProcessorCount);

    public AccountRegionWindow(int maxInProgress)
    {
        if (maxInProgress < 1) throw new ArgumentOutOfRangeException(nameof(maxInProgress), "At least one account-region must be allowed.");
        MaxInProgress = maxInProgress;
    }

    public int MaxInProgress { get; }

    /// <summary>
    /// Runs <paramref name="audit"/> for each account and region; <paramref name="accountDone"/> after the last region of
    /// each account (whatever its outcome), <paramref name="regionDone"/> after each with the count so far.
    /// </summary>
    public async Task RunAsync(
        IReadOnlyList<AuditedAccount> accounts,
        IReadOnlyList<string> regions,
        Func<AuditedAccount, string, Task> audit,
        Action<AuditedAccount> accountDone,
        Action<int, int> regionDone,
        CancellationToken cancellationToken)
    {
        var total = accounts.Count * regions.Count;
        var done = 0;
        using var window = new SemaphoreSlim(MaxInProgress);
        // SemaphoreSlim serves its asynchronous waiters first come, first served: account-regions start in this order.
        await Task.WhenAll(accounts.Select(async account =>
        {
            await Task.WhenAll(regions.Select(async region =>
            {
                await window.WaitAsync(cancellationToken).ConfigureAwait(false);
                try
                {
                    await audit(account, region).ConfigureAwait(false);
                }
                finally
                {
                    window.Release();
                }

                regionDone(Interlocked.Increment(ref done), total);
            })).ConfigureAwait(false);
            accountDone(account);
        })).ConfigureAwait(false);
    }
}
