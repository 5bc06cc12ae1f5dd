using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaSec.Collect;

/// <summary>
/// One asynchronous result per key (a listing, a document, an analysis), started once however many callers ask at the
/// same moment: ConcurrentDictionary.GetOrAdd alone may run its factory on every racing thread, so the start goes
/// through a Lazy; callers then await the same task and no thread waits for another's work.
/// </summary>
internal sealed class OncePerKey<TKey, TValue>
    where TKey : notnull
{
    private readonly ConcurrentDictionary<TKey, Lazy<Task<TValue>>> _started;

    public OncePerKey(IEqualityComparer<TKey>? comparer = null) => _started = new(comparer ?? EqualityComparer<TKey>.Default);

    /// <summary>The result for <paramref name="key"/>, started with <paramref name="start"/> by the first caller only.</summary>
    public Task<TValue> GetAsync(TKey key, Func<TKey, Task<TValue>> start) =>
        _started.GetOrAdd(key, k => new Lazy<Task<TValue>>(() => start(k), LazyThreadSafetyMode.ExecutionAndPublication)).Value;

    /// <summary>Lets the results of the keys <paramref name="which"/> selects go (a later call starts them again).</summary>
    public void Forget(Func<TKey, bool> which)
    {
        foreach (var key in _started.Keys.Where(which))
        {
            _started.TryRemove(key, out _);
        }
    }
}
