using System.Collections.Concurrent;
using System.Collections.Generic;

namespace LambdaSec.Collect;

/// <summary>
/// Keeps the results of type <typeparamref name="T"/> a collector finds, for another collector to build on
/// (the exposure of each function), and passes errors, problems, notes and progress on to the real sink.
/// </summary>
public sealed class CapturingSink<T> : ForwardingSink
    where T : class
{
    private readonly ConcurrentQueue<T> _items = new();

    public CapturingSink(ICollectorSink inner)
        : base(inner)
    {
    }

    public IEnumerable<T> Items => _items;

    public override void Result(object item)
    {
        if (item is T kept)
        {
            _items.Enqueue(kept);
        }
    }
}
