using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws;
using LambdaSec.Collect;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// Lets collectors run on worker threads while the cmdlet writes on the pipeline thread: results, errors and
/// progress are queued and drained by <see cref="Run"/>, so objects stream out as they are found.
/// </summary>
internal sealed class PipelineBridge : ICollectorSink, IDisposable
{
    private readonly BlockingCollection<Action<LambdaSecAwsCmdlet>> _queue = new();
    private readonly int _progressId;
    private readonly Dictionary<string, int> _activities = new(StringComparer.Ordinal);

    public PipelineBridge(int progressId = 1) => _progressId = progressId;

    public void Result(object item) => _queue.Add(c => c.WriteCollected(item));

    public void Error(string target, AwsServiceException exception) => _queue.Add(c => c.WriteAwsErrorFor(exception, target));

    // Collector messages quote AWS data (statement ids, names, policy text): control and direction characters in them
    // become visible escapes (DisplayText), so an error or verbose line cannot rewrite the terminal.
    public void Problem(string target, string errorId, string message) =>
        _queue.Add(c => c.WriteError(new ErrorRecord(new InvalidOperationException(DisplayText.Neutralise(message)), errorId, ErrorCategory.InvalidData, target)));

    /// <summary>A failure of the cmdlet's own (not of one resource, nor of AWS), with its stable id and category; the run goes on.</summary>
    public void Failure(string target, string errorId, ErrorCategory category, Exception exception) =>
        _queue.Add(c => c.WriteError(new ErrorRecord(exception, errorId, category, target)));

    public void Note(string message) => _queue.Add(c => c.WriteVerbose(DisplayText.Neutralise(message)));

    /// <summary>Each activity (one per account and region) gets its own progress bar, completed when done reaches total.</summary>
    public void Progress(string activity, string status, int done, int total) =>
        _queue.Add(c => c.WriteProgress(new ProgressRecord(ActivityId(activity), activity, status)
        {
            PercentComplete = total == 0 ? 100 : Math.Min(100, done * 100 / total),
            RecordType = done >= total ? ProgressRecordType.Completed : ProgressRecordType.Processing,
        }));

    // Called on the pipeline thread only (inside the queued action), so the dictionary needs no lock.
    private int ActivityId(string activity)
    {
        if (!_activities.TryGetValue(activity, out var id))
        {
            id = _progressId + _activities.Count;
            _activities[activity] = id;
        }

        return id;
    }

    /// <summary>Runs <paramref name="work"/> on the thread pool and writes what it produces until it ends; rethrows its failure.</summary>
    public void Run(LambdaSecAwsCmdlet cmdlet, Func<CancellationToken, Task> work, CancellationToken cancellationToken)
    {
        var task = Task.Run(() => work(cancellationToken), cancellationToken)
            .ContinueWith(t => { _queue.CompleteAdding(); return t; }, TaskScheduler.Default).Unwrap();
        // Drained to the end even when cancelled: the work completes the queue when it stops.
        foreach (var write in _queue.GetConsumingEnumerable(CancellationToken.None))
        {
            write(cmdlet);
        }

        task.GetAwaiter().GetResult();
    }

    public void Dispose() => _queue.Dispose();
}
