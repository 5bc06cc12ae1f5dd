using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Policy;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Privileges;

/// <summary>
/// What a principal may do: Allow statements of its identity policies, minus unconditional explicit Deny
/// statements (of those policies or the boundary), intersected with the permissions boundary's Allow
/// statements when there is one. A Deny with a Condition removes nothing: it may not apply to a request.
/// Resource-aware: an action counts where a statement's Resource can name a resource type the action takes
/// (an action that takes none needs a Resource covering "*").
/// </summary>
public sealed class EffectivePermissions
{
    private const string AnyResource = "*";

    private readonly IamActionCatalog _catalog;
    private readonly GrantIndex _allows;
    private readonly GrantIndex _denies;
    private readonly GrantIndex? _boundary;
    private readonly ConcurrentDictionary<(string Action, string Family), List<PrivilegeEvidence>?> _families = new();

    public EffectivePermissions(IReadOnlyList<NamedPolicy> identityPolicies, NamedPolicy? boundary, IamActionCatalog catalog)
    {
        _catalog = catalog;
        var reachCache = new ReachCache();
        _allows = new GrantIndex(catalog, identityPolicies.SelectMany(p => PolicyGrant.Of(p, StatementEffect.Allow, reachCache)));
        var denySources = boundary is null ? identityPolicies : identityPolicies.Append(boundary);
        _denies = new GrantIndex(catalog, denySources.SelectMany(p => PolicyGrant.Of(p, StatementEffect.Deny, reachCache)).Where(d => !d.IsConditional));
        _boundary = boundary is null ? null : new GrantIndex(catalog, PolicyGrant.Of(boundary, StatementEffect.Allow, reachCache));
    }

    /// <summary>The Action patterns of the identity Allow statements (NotAction statements have none).</summary>
    public IEnumerable<string> AllowedActionPatterns => _allows.All.SelectMany(a => a.ActionPatterns);

    /// <summary>The catalog actions some identity Allow statement names: the only ones that can be allowed.</summary>
    public IEnumerable<IamAction> NamedActions => _allows.Named;

    /// <summary>True when some identity Allow statement names the action (only then can it be allowed); false for one the catalog lacks.</summary>
    public bool Names(string action) => _catalog.Find(action) is { } known && _allows.Names(known);

    /// <summary>
    /// The grants that allow <paramref name="action"/> on <paramref name="resource"/>: on every resource it
    /// names when <paramref name="whole"/>, else on at least one. Empty when the action is not allowed there.
    /// </summary>
    public List<PrivilegeEvidence> Find(string action, string resource, bool whole) =>
        Grants(_catalog.Find(action), action, resource, whole, unconditionalOnly: false)
            .Select(g => new PrivilegeEvidence
            {
                Action = action,
                PolicyName = g.Allow.PolicyName,
                StatementId = g.Allow.StatementId,
                Resource = ResourcePattern.Display(g.Reached),
                IsConditional = g.IsConditional,
            })
            .ToList();

    /// <summary>
    /// <see cref="Find"/> of <paramref name="action"/> on every resource of <paramref name="resource"/>, answered once for
    /// its whole <paramref name="family"/> (a pattern that covers it: every function of one account and region) when each
    /// statement that may grant or take away the action reaches all of the family or none of it (<see cref="Decides"/>):
    /// then the same statements grant it on every member, and only the evidence's Resource differs. Otherwise it is
    /// asked for the resource itself (a statement naming one function).
    /// </summary>
    public List<PrivilegeEvidence> FindInFamily(string action, string resource, string family)
    {
        var shared = _families.GetOrAdd((action, family), key => Decides(key.Action, key.Family) ? Find(key.Action, key.Family, whole: true) : null);
        return shared is null
            ? Find(action, resource, whole: true)
            : shared.Select(e => new PrivilegeEvidence { Action = e.Action, PolicyName = e.PolicyName, StatementId = e.StatementId, Resource = ResourcePattern.Display(resource), IsConditional = e.IsConditional }).ToList();
    }

    /// <summary>
    /// The grants that make <paramref name="action"/> usable on some resource it takes: on each of
    /// <paramref name="types"/> when given, else on each type the SAR marks required (on one type when none is);
    /// on "*" for an action without resource types (any resource for one the catalog lacks). Empty when it
    /// is not usable; with <paramref name="unconditionalOnly"/> grants under a Condition do not count.
    /// </summary>
    public List<PrivilegeEvidence> FindUsable(string action, bool unconditionalOnly, IReadOnlyList<IamResourceType>? types = null)
    {
        List<PrivilegeEvidence> Usable(string resource, bool whole) =>
            unconditionalOnly ? Find(action, resource, whole).Where(e => !e.IsConditional).ToList() : Find(action, resource, whole);

        var known = _catalog.Find(action);
        if (known is null || known.ResourceTypes.Count == 0)
        {
            return Usable(AnyResource, whole: known is not null);
        }

        var needed = types ?? known.RequiredTypes;
        var eachNeeded = types is not null || known.ResourceTypes.Any(t => t.Required);
        var perType = needed.Select(t => Usable(t.Pattern, whole: false)).ToList();
        return (eachNeeded ? perType.All(e => e.Count > 0) : perType.Any(e => e.Count > 0))
            ? perType.SelectMany(e => e).ToList()
            : [];
    }

    /// <summary>True when the action is allowed without a condition on every resource of every type it takes ("*" for none).</summary>
    public bool AllowsEverywhere(string action) => AllowsEverywhere(_catalog.Find(action), action);

    /// <summary>As <see cref="AllowsEverywhere(string)"/> for a catalog action (no lookup by name).</summary>
    public bool AllowsEverywhere(IamAction action) => AllowsEverywhere(action, action.FullName);

    /// <summary>True when the action is usable without a condition on some resource it takes (see <see cref="FindUsable"/>).</summary>
    public bool AllowsUsably(string action) => AllowsUsably(_catalog.Find(action), action);

    /// <summary>As <see cref="AllowsUsably(string)"/> for a catalog action (no lookup by name).</summary>
    public bool AllowsUsably(IamAction action) => AllowsUsably(action, action.FullName);

    /// <summary>True when some statement allows the action without a condition, whatever its resources (resource-blind).</summary>
    public bool AllowsByName(string action) => Allowed(_catalog.Find(action), action, AnyResource, whole: false);

    /// <summary>
    /// True when every identity Allow, Deny and boundary statement that names <paramref name="action"/> and may reach a
    /// resource of <paramref name="family"/>'s service either covers the family or does not overlap it: each then
    /// reaches every resource of the family or none, so <see cref="Grants"/> takes the same statements for each.
    /// </summary>
    private bool Decides(string action, string family)
    {
        var known = _catalog.Find(action);
        return new[] { _allows, _denies, _boundary }.All(index => index is null || index.Matching(action, known, family, whole: true).All(g => g.Decides(family)));
    }

    /// <summary>As <see cref="AllowsByName(string)"/> for a catalog action (no lookup by name).</summary>
    public bool AllowsByName(IamAction action) => Allowed(action, action.FullName, AnyResource, whole: false);

    // The verdicts below are asked for every catalog action a statement names (all 21,996 for Action *): plain
    // loops rather than LINQ, so that a question allocates nothing but the statements' iterator.
    private bool AllowsEverywhere(IamAction? known, string action)
    {
        if (known is not { ResourceTypes.Count: > 0 })
        {
            return Allowed(known, action, AnyResource, whole: true);
        }

        foreach (var type in known.ResourceTypes)
        {
            if (!Allowed(known, action, type.Pattern, whole: true))
            {
                return false;
            }
        }

        return true;
    }

    private bool AllowsUsably(IamAction? known, string action)
    {
        if (known is null || known.ResourceTypes.Count == 0)
        {
            return Allowed(known, action, AnyResource, whole: known is not null);
        }

        // Each required type must be usable; when none is required (RequiredTypes then holds every type), one is enough.
        var eachNeeded = known.RequiredTypes[0].Required;
        foreach (var type in known.RequiredTypes)
        {
            if (Allowed(known, action, type.Pattern, whole: false) != eachNeeded)
            {
                return !eachNeeded;
            }
        }

        return eachNeeded;
    }

    private bool Allowed(IamAction? known, string action, string resource, bool whole)
    {
        using var grants = Grants(known, action, resource, whole, unconditionalOnly: true).GetEnumerator();
        return grants.MoveNext();
    }

    /// <summary>
    /// The Allow statements that grant the action on the resource after Deny and boundary, each with the part
    /// of the resource it reaches; lazily, so that a yes/no question stops at the first.
    /// </summary>
    private IEnumerable<(PolicyGrant Allow, string Reached, bool IsConditional)> Grants(IamAction? known, string action, string resource, bool whole, bool unconditionalOnly)
    {
        var service = ResourcePattern.LiteralServiceOf(resource);
        foreach (var allow in _allows.Matching(action, known, resource, whole))
        {
            if ((unconditionalOnly && allow.IsConditional)
                || !allow.MayName(service)
                || allow.Reach(resource, whole) is not { } reached
                || Denied(known, action, reached))
            {
                continue;
            }

            var conditional = allow.IsConditional;
            if (_boundary is not null)
            {
                var bounds = _boundary.Matching(action, known, reached, whole).Where(b => b.Reach(reached, whole) is not null).ToList();
                conditional |= bounds.All(b => b.IsConditional);
                if (bounds.Count == 0 || (unconditionalOnly && conditional))
                {
                    continue;
                }
            }

            yield return (allow, reached, conditional);
        }
    }

    /// <summary>True when an unconditional Deny covers every resource of <paramref name="reached"/> for the action.</summary>
    private bool Denied(IamAction? known, string action, string reached)
    {
        foreach (var deny in _denies.Matching(action, known, reached, whole: true))
        {
            if (deny.Covers(reached))
            {
                return true;
            }
        }

        return false;
    }
}
