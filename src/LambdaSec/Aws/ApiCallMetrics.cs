using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;

namespace LambdaSec.Aws;

/// <summary>Counts API calls per operation (for the benchmark's "API calls per function" and for -Verbose summaries).</summary>
public sealed class ApiCallMetrics
{
    private readonly ConcurrentDictionary<string, long[]> _counts = new(StringComparer.Ordinal);

    internal void Call(AwsOperation operation) => Add(operation, 0);

    internal void Throttled(AwsOperation operation) => Add(operation, 1);

    internal void Retried(AwsOperation operation) => Add(operation, 2);

    internal void Failed(AwsOperation operation) => Add(operation, 3);

    public long TotalCalls => _counts.Values.Sum(c => Interlocked.Read(ref c[0]));

    public IReadOnlyList<ApiCallCount> Snapshot() =>
        _counts.OrderBy(p => p.Key, StringComparer.Ordinal)
            .Select(p => new ApiCallCount(p.Key, Interlocked.Read(ref p.Value[0]), Interlocked.Read(ref p.Value[1]), Interlocked.Read(ref p.Value[2]), Interlocked.Read(ref p.Value[3])))
            .ToList();

    public void Reset() => _counts.Clear();

    private void Add(AwsOperation operation, int slot) => Interlocked.Increment(ref _counts.GetOrAdd(operation.ToString(), _ => new long[4])[slot]);
}
