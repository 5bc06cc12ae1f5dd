using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Policy;

namespace LambdaSec.Analysis.Privileges;

/// <summary>
/// Statements of one kind (identity Allow, Deny, boundary Allow) indexed by the catalog actions they name,
/// so that asking which statements allow an action costs the answer, not a scan of every statement.
/// Each distinct Action pattern (or NotAction set) is expanded against the catalog once.
/// </summary>
internal sealed class GrantIndex
{
    private static readonly List<PolicyGrant> None = [];

    private readonly IamActionCatalog _catalog;
    private readonly List<PolicyGrant> _grants;
    private readonly List<PolicyGrant>?[] _byAction;

    public GrantIndex(IamActionCatalog catalog, IEnumerable<PolicyGrant> grants)
    {
        _catalog = catalog;
        _grants = grants.ToList();
        _byAction = new List<PolicyGrant>?[catalog.Actions.Count];
        var expanded = new Dictionary<string, int[]>(StringComparer.OrdinalIgnoreCase);
        var seen = new int[catalog.Actions.Count];
        var stamp = 0;
        foreach (var grant in _grants)
        {
            stamp++;
            foreach (var id in Expand(grant, expanded))
            {
                if (seen[id] != stamp)
                {
                    seen[id] = stamp;
                    (_byAction[id] ??= []).Add(grant);
                }
            }
        }
    }

    public IReadOnlyList<PolicyGrant> All => _grants;

    /// <summary>The catalog actions some statement names.</summary>
    public IEnumerable<IamAction> Named => _catalog.Actions.Where(a => _byAction[a.Id] is not null);

    /// <summary>
    /// The statements that name <paramref name="action"/> (<paramref name="known"/>: its catalog entry, or null);
    /// an action the catalog lacks is matched by scanning.
    /// </summary>
    public IReadOnlyList<PolicyGrant> Matching(string action, IamAction? known) => known is not null
        ? _byAction[known.Id] ?? None
        : _grants.Where(g => g.MatchesAction(action)).ToList();

    private IEnumerable<int> Expand(PolicyGrant grant, Dictionary<string, int[]> expanded)
    {
        if (!grant.HasNotAction)
        {
            return grant.ActionPatterns.SelectMany(p => Cached(p, expanded, () => Matches(p)));
        }

        // NotAction: every catalog action but the ones its patterns name; the set is remembered by its patterns.
        var key = "\u0000not\u0000" + string.Join("\u0000", grant.NotActionPatterns);
        return Cached(key, expanded, () =>
        {
            var excluded = new HashSet<int>(grant.NotActionPatterns.SelectMany(Matches));
            return _catalog.Actions.Where(a => !excluded.Contains(a.Id)).Select(a => a.Id).ToArray();
        });
    }

    private static int[] Cached(string key, Dictionary<string, int[]> expanded, Func<int[]> expand)
    {
        if (!expanded.TryGetValue(key, out var ids))
        {
            ids = expand();
            expanded[key] = ids;
        }

        return ids;
    }

    /// <summary>The catalog actions a pattern names: a lookup without wildcards, a scan of one service with a literal service part.</summary>
    private int[] Matches(string pattern)
    {
        if (!Wildcard.HasWildcard(pattern))
        {
            return _catalog.Find(pattern) is { } exact ? [exact.Id] : [];
        }

        var colon = pattern.IndexOf(':');
        var service = colon < 0 ? null : pattern.Substring(0, colon);
        var scope = service is not null && !Wildcard.HasWildcard(service) ? _catalog.ActionsOf(service) : _catalog.Actions;
        return scope.Where(a => Wildcard.Matches(pattern, a.FullName)).Select(a => a.Id).ToArray();
    }
}
