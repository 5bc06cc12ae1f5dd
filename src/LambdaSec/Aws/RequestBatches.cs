using System.Collections.Generic;
using System.Linq;

namespace LambdaSec.Aws;

/// <summary>Items split, in order, into the batches one API call accepts (a service's per-call limit).</summary>
internal static class RequestBatches
{
    public static IEnumerable<IReadOnlyList<T>> Of<T>(IReadOnlyList<T> items, int size)
    {
        for (var i = 0; i < items.Count; i += size)
        {
            yield return items.Skip(i).Take(size).ToList();
        }
    }
}
