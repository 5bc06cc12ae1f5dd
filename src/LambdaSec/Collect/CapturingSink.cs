using System.Collections.Concurrent;
using System.Collections.Generic;
using LambdaSec.Aws;

namespace LambdaSec.Collect;

/// <summary>
/// Keeps the results of type <typeparamref name="T"/> a collector finds, for another collector to build on
/// (the exposure of each function), and passes errors, problems, notes and progress on to the real sink.
/// </summary>
public sealed class CapturingSink<T> : ICollectorSink
    where T : class
{
    private readonly ICollectorSink _inner;
    private readonly ConcurrentQueue<T> _items = new();

    public CapturingSink(ICollectorSink inner) => _inner = inner;

    public IEnumerable<T> Items => _items;

    public void Result(object item)
    {
        if (item is T kept)
        {
            _items.Enqueue(kept);
        }
    }

    public void Error(string target, AwsServiceException exception) => _inner.Error(target, exception);

    public void Problem(string target, string errorId, string message) => _inner.Problem(target, errorId, message);

    public void Note(string message) => _inner.Note(message);

    public void Progress(string activity, string status, int done, int total) => _inner.Progress(activity, status, done, total);
}
