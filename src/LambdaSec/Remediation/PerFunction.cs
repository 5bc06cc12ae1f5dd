using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws;
using LambdaSec.Collect;

namespace LambdaSec.Remediation;

/// <summary>
/// The loop every remediation runs over functions: a bounded number at once (the access layer's rate limiter keeps
/// the calls under quota), progress after each, and an AWS failure of one function reported without stopping the others.
/// </summary>
public static class PerFunction
{
    public const int Parallelism = 16;

    /// <summary>The results of the items whose work succeeded, in no particular order.</summary>
    public static async Task<IReadOnlyList<T>> RunAsync<TItem, T>(
        IReadOnlyList<TItem> items,
        Func<TItem, string> describe,
        Func<TItem, Task<T>> work,
        ICollectorSink sink,
        string activity,
        CancellationToken cancellationToken)
    {
        var done = 0;
        using var gate = new SemaphoreSlim(Parallelism);
        var results = await Task.WhenAll(items.Select(async item =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                return (Ok: true, Value: await work(item).ConfigureAwait(false));
            }
            catch (AwsServiceException ex)
            {
                sink.Error(describe(item), ex);
                return (Ok: false, Value: default(T)!);
            }
            finally
            {
                gate.Release();
                var count = Interlocked.Increment(ref done);
                sink.Progress(activity, $"{count} of {items.Count} functions", count, items.Count);
            }
        })).ConfigureAwait(false);
        return results.Where(r => r.Ok).Select(r => r.Value).ToList();
    }
}
