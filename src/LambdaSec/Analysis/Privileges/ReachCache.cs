using System.Collections.Generic;

namespace LambdaSec.Analysis.Privileges;

/// <summary>
/// Answers of <see cref="PolicyGrant.Reach"/> shared by the statements of one evaluation: statements with the
/// same Resource/NotResource elements get the same id, so a large policy that repeats its resources compares
/// each pair of resource element and asked pattern once.
/// </summary>
internal sealed class ReachCache
{
    private readonly Dictionary<string, int> _ids = new(System.StringComparer.Ordinal);
    private readonly Dictionary<(int Resources, string Wanted, bool Whole), string?> _answers = [];

    /// <summary>The id of a statement's resource elements, given as one text.</summary>
    public int IdOf(string resources)
    {
        if (!_ids.TryGetValue(resources, out var id))
        {
            id = _ids.Count;
            _ids[resources] = id;
        }

        return id;
    }

    public bool TryGet(int resources, string wanted, bool whole, out string? reached) => _answers.TryGetValue((resources, wanted, whole), out reached);

    public void Add(int resources, string wanted, bool whole, string? reached) => _answers[(resources, wanted, whole)] = reached;
}
