using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Policy;

namespace LambdaSec.Analysis.Privileges;

/// <summary>
/// Statements of one kind (identity Allow, Deny, boundary Allow) indexed so that asking which statements may
/// grant an action on a resource costs the answer, not a scan of every statement:
/// <list type="bullet">
/// <item>a statement whose actions stay within named services (s3:GetObject, ec2:Describe*, iam:*) is listed
/// under each catalog action it names (at most the actions of those services);</item>
/// <item>a statement whose actions cross services (Action *, *:Get*, any NotAction) is listed once, under the
/// services its resources can name (a literal service in every Resource ARN) or under "any service", with the
/// set of actions it names as a bit set. A question about a resource of one service sees only the cross-service
/// statements that can name that service: Action * on one bucket is never looked at for an EC2 action.</item>
/// </list>
/// Each distinct Action pattern (or NotAction set) is expanded against the catalog once. The statements come back
/// in policy order whichever list holds them, so evidence is listed as before. Answers cached while asking are in
/// concurrent dictionaries: an account's takeover candidates are asked from all its regions at once.
/// </summary>
internal sealed class GrantIndex
{
    private const string AnyResource = "*";

    private readonly IamActionCatalog _catalog;
    private readonly List<PolicyGrant> _grants;
    private readonly List<int>?[] _byAction;
    private readonly List<int> _broadAll = [];
    private readonly List<int> _broadAnyService = [];
    private readonly Dictionary<string, List<int>> _broadByService = new(StringComparer.Ordinal);
    private readonly ActionSet?[] _broadActions;
    private readonly ActionSet _namedByBroad;
    private readonly ConcurrentDictionary<string, IReadOnlyList<int>> _broadForService = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, List<PolicyGrant>> _unknownActions = new(StringComparer.OrdinalIgnoreCase);

    public GrantIndex(IamActionCatalog catalog, IEnumerable<PolicyGrant> grants)
    {
        _catalog = catalog;
        _grants = grants.ToList();
        _byAction = new List<int>?[catalog.Actions.Count];
        _broadActions = new ActionSet?[_grants.Count];
        _namedByBroad = new ActionSet(catalog.Actions.Count);
        var expanded = new Dictionary<string, int[]>(StringComparer.OrdinalIgnoreCase);
        var sets = new Dictionary<string, ActionSet>(StringComparer.OrdinalIgnoreCase);
        var seen = new int[catalog.Actions.Count];
        for (var ordinal = 0; ordinal < _grants.Count; ordinal++)
        {
            var grant = _grants[ordinal];
            if (IsBroad(grant))
            {
                AddBroad(ordinal, grant, expanded, sets);
                continue;
            }

            foreach (var pattern in grant.ActionPatterns)
            {
                foreach (var id in Expand(pattern, expanded))
                {
                    if (seen[id] != ordinal + 1)
                    {
                        seen[id] = ordinal + 1;
                        (_byAction[id] ??= []).Add(ordinal);
                    }
                }
            }
        }
    }

    public IReadOnlyList<PolicyGrant> All => _grants;

    /// <summary>The catalog actions some statement names.</summary>
    public IEnumerable<IamAction> Named => _catalog.Actions.Where(Names);

    /// <summary>True when some statement names the catalog action.</summary>
    public bool Names(IamAction action) => _byAction[action.Id] is not null || _namedByBroad.Contains(action.Id);

    /// <summary>
    /// The statements that name <paramref name="action"/> (<paramref name="known"/>: its catalog entry, or null;
    /// an action the catalog lacks is matched by scanning) and may reach <paramref name="resource"/> (every
    /// resource of it when <paramref name="whole"/>), in policy order. A statement left out cannot reach it; one
    /// listed still has to be asked (<see cref="PolicyGrant.Reach"/>).
    /// </summary>
    public IEnumerable<PolicyGrant> Matching(string action, IamAction? known, string resource, bool whole)
    {
        if (known is null)
        {
            return _unknownActions.GetOrAdd(action, a => _grants.Where(g => g.MatchesAction(a)).ToList());
        }

        var narrow = _byAction[known.Id];
        var broad = BroadCandidates(resource, whole);
        return broad.Count == 0
            ? narrow is null ? [] : GrantsAt(narrow)
            : MergeNaming(narrow, broad, known.Id);
    }

    private IEnumerable<PolicyGrant> GrantsAt(List<int> ordinals)
    {
        foreach (var ordinal in ordinals)
        {
            yield return _grants[ordinal];
        }
    }

    /// <summary>
    /// The statements listed under the action and the cross-service candidates that name it, in policy order: one
    /// iterator per question (this runs for every catalog action a statement names). The two lists never share a
    /// statement (each is either listed per action or cross-service).
    /// </summary>
    private IEnumerable<PolicyGrant> MergeNaming(List<int>? narrow, IReadOnlyList<int> broad, int id)
    {
        int i = 0, j = 0, count = narrow?.Count ?? 0;
        while (true)
        {
            while (j < broad.Count && !_broadActions[broad[j]]!.Contains(id))
            {
                j++;
            }

            var hasNarrow = i < count;
            if (!hasNarrow && j == broad.Count)
            {
                yield break;
            }

            yield return hasNarrow && (j == broad.Count || narrow![i] < broad[j]) ? _grants[narrow![i++]] : _grants[broad[j++]];
        }
    }

    /// <summary>
    /// A statement is cross-service when it has NotAction, or an Action whose service part has a wildcard (or
    /// which has no service part): it may name actions of every service.
    /// </summary>
    private static bool IsBroad(PolicyGrant grant) =>
        grant.HasNotAction || grant.ActionPatterns.Any(p => p.IndexOf(':') is var colon && (colon < 0 ? Wildcard.HasWildcard(p) : Wildcard.HasWildcard(p.Substring(0, colon))));

    private void AddBroad(int ordinal, PolicyGrant grant, Dictionary<string, int[]> expanded, Dictionary<string, ActionSet> sets)
    {
        var key = grant.HasNotAction
            ? "\u0000not\u0000" + string.Join("\u0000", grant.NotActionPatterns)
            : string.Join("\u0000", grant.ActionPatterns);
        if (!sets.TryGetValue(key, out var set))
        {
            set = new ActionSet(_catalog.Actions.Count);
            if (grant.HasNotAction)
            {
                // NotAction: every catalog action but the ones its patterns name.
                set.AddAll();
                foreach (var id in grant.NotActionPatterns.SelectMany(p => Expand(p, expanded)))
                {
                    set.Remove(id);
                }
            }
            else
            {
                foreach (var id in grant.ActionPatterns.SelectMany(p => Expand(p, expanded)))
                {
                    set.Add(id);
                }
            }

            sets[key] = set;
            _namedByBroad.UnionWith(set);
        }

        _broadActions[ordinal] = set;
        _broadAll.Add(ordinal);
        if (grant.Services is { } services)
        {
            foreach (var service in services)
            {
                if (!_broadByService.TryGetValue(service, out var list))
                {
                    list = [];
                    _broadByService[service] = list;
                }

                list.Add(ordinal);
            }
        }
        else
        {
            _broadAnyService.Add(ordinal);
        }
    }

    /// <summary>
    /// The cross-service statements that may reach the resource: for a resource of one literal service, those
    /// whose resources can name that service (<see cref="PolicyGrant.MayName"/>); for every resource ("*",
    /// <paramref name="whole"/>), those that can name any service (a Resource whose service is literal never
    /// covers "*"); otherwise all.
    /// </summary>
    private IReadOnlyList<int> BroadCandidates(string resource, bool whole)
    {
        if (_broadAll.Count == 0)
        {
            return _broadAll;
        }

        if (ResourcePattern.LiteralServiceOf(resource) is { } service)
        {
            return _broadForService.TryGetValue(service, out var known)
                ? known
                : _broadForService.GetOrAdd(service, literal => _broadByService.TryGetValue(literal, out var own) ? Merge(own, _broadAnyService).ToList() : _broadAnyService);
        }

        return whole && resource == AnyResource ? _broadAnyService : _broadAll;
    }

    /// <summary>Two ascending sequences of statement ordinals as one, without repeats.</summary>
    private static IEnumerable<int> Merge(IEnumerable<int> first, IEnumerable<int> second)
    {
        using var a = first.GetEnumerator();
        using var b = second.GetEnumerator();
        var hasA = a.MoveNext();
        var hasB = b.MoveNext();
        while (hasA || hasB)
        {
            if (!hasB || (hasA && a.Current < b.Current))
            {
                yield return a.Current;
                hasA = a.MoveNext();
            }
            else if (!hasA || b.Current < a.Current)
            {
                yield return b.Current;
                hasB = b.MoveNext();
            }
            else
            {
                yield return a.Current;
                hasA = a.MoveNext();
                hasB = b.MoveNext();
            }
        }
    }

    /// <summary>The catalog actions a pattern names (<see cref="Matches"/>), each distinct pattern expanded once.</summary>
    private int[] Expand(string pattern, Dictionary<string, int[]> expanded)
    {
        if (!expanded.TryGetValue(pattern, out var ids))
        {
            ids = Matches(pattern);
            expanded[pattern] = ids;
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

    /// <summary>A set of catalog action ids, one bit each.</summary>
    private sealed class ActionSet
    {
        private readonly ulong[] _bits;
        private readonly int _count;

        public ActionSet(int count)
        {
            _count = count;
            _bits = new ulong[(count + 63) / 64];
        }

        public bool Contains(int id) => (_bits[id >> 6] & (1UL << (id & 63))) != 0;

        public void Add(int id) => _bits[id >> 6] |= 1UL << (id & 63);

        public void Remove(int id) => _bits[id >> 6] &= ~(1UL << (id & 63));

        public void AddAll()
        {
            for (var i = 0; i < _bits.Length; i++)
            {
                _bits[i] = ulong.MaxValue;
            }

            if (_count % 64 != 0)
            {
                _bits[_bits.Length - 1] = (1UL << (_count % 64)) - 1;
            }
        }

        public void UnionWith(ActionSet other)
        {
            for (var i = 0; i < _bits.Length; i++)
            {
                _bits[i] |= other._bits[i];
            }
        }
    }
}
