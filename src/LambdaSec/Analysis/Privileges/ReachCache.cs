using System.Collections.Concurrent;
using System.Threading;

namespace LambdaSec.Analysis.Privileges;

/// <summary>
/// Answers of <see cref="PolicyGrant.Reach"/> shared by the statements of one evaluation: statements with the
/// same Resource/NotResource elements get the same id, so a large policy that repeats its resources compares
/// each pair of resource element and asked pattern once. Concurrent: an account's takeover candidates are asked
/// from all its regions at once during an audit.
/// </summary>
internal sealed class ReachCache
{
    private readonly ConcurrentDictionary<string, int> _ids = new(System.StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(int Resources, string Wanted, bool Whole), string?> _answers = new();
    private int _next = -1;

    /// <summary>The id of a statement's resource elements, given as one text.</summary>
    public int IdOf(string resources) => _ids.GetOrAdd(resources, _ => Interlocked.Increment(ref _next));

    public bool TryGet(int resources, string wanted, bool whole, out string? reached) => _answers.TryGetValue((resources, wanted, whole), out reached);

    public void Add(int resources, string wanted, bool whole, string? reached) => _answers[(resources, wanted, whole)] = reached;
}
