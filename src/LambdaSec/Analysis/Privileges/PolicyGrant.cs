using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Policy;

namespace LambdaSec.Analysis.Privileges;

/// <summary>
/// One readable statement of a policy, with the questions the evaluator asks it. Resource answers are
/// remembered per resource element and asked pattern in a cache the statements of one evaluation share: the
/// analyzer asks about the same resource types for many actions, and large policies repeat their resources.
/// </summary>
internal sealed class PolicyGrant
{
    // IAM rejects an identity statement without Resource or NotResource; a pasted fragment that lacks
    // both is read as Resource "*", the reading its author most likely meant.
    private static readonly string[] AllResources = ["*"];

    private readonly PolicyStatement _statement;
    private readonly string[] _resources;
    private readonly string[] _notResources;
    private readonly ReachCache _cache;
    private readonly int _resourcesId;

    // The services the Resource elements can name (null: any, for "*", a wildcard service or NotResource).
    private readonly HashSet<string>? _services;

    public PolicyGrant(string policyName, int index, PolicyStatement statement, ReachCache cache)
    {
        _cache = cache;
        PolicyName = policyName;
        _statement = statement;
        StatementId = StatementLabel.Of(statement, index);
        _notResources = statement.NotResources.Select(ResourcePattern.FromPolicy).ToArray();
        _resources = statement.Resources.Count == 0 && statement.NotResources.Count == 0
            ? AllResources
            : statement.Resources.Select(ResourcePattern.FromPolicy).ToArray();
        var services = _notResources.Length > 0 ? null : _resources.Select(ResourcePattern.LiteralServiceOf).ToList();
        _services = services is null || services.Contains(null) ? null : new HashSet<string>(services!, System.StringComparer.Ordinal);
        _resourcesId = cache.IdOf(string.Join("\n", _resources) + "\n!" + string.Join("\n", _notResources));
    }

    public string PolicyName { get; }

    public string StatementId { get; }

    public bool IsConditional => _statement.Conditions.Count > 0;

    public IReadOnlyList<string> ActionPatterns => _statement.Actions;

    public IReadOnlyList<string> NotActionPatterns => _statement.NotActions;

    public bool HasNotAction => _statement.HasNotAction;

    /// <summary>The services the Resource elements can name (each Resource's literal service field), or null for any.</summary>
    public IReadOnlyCollection<string>? Services => _services;

    /// <summary>The statements of one effect; <paramref name="cache"/> is shared by the statements of one evaluation.</summary>
    public static IEnumerable<PolicyGrant> Of(NamedPolicy policy, StatementEffect effect, ReachCache cache) =>
        policy.Document.Statements
            .Select((statement, index) => (statement, index))
            .Where(s => s.statement.ShapeError is null && s.statement.Effect == effect)
            .Select(s => new PolicyGrant(policy.Name, s.index, s.statement, cache));

    public bool MatchesAction(string action) => _statement.HasNotAction
        ? !_statement.NotActions.Any(p => Wildcard.Matches(p, action))
        : _statement.Actions.Any(p => Wildcard.Matches(p, action));

    /// <summary>
    /// The part of <paramref name="wanted"/> this statement's resources reach, or null. With
    /// <paramref name="whole"/> every resource of <paramref name="wanted"/> must be reached; otherwise one is enough,
    /// and the narrower of the two patterns is returned so that later checks (Deny, boundary) see what is granted.
    /// </summary>
    public string? Reach(string wanted, bool whole)
    {
        if (!_cache.TryGet(_resourcesId, wanted, whole, out var reached))
        {
            reached = ReachOnce(wanted, whole);
            _cache.Add(_resourcesId, wanted, whole, reached);
        }

        return reached;
    }

    /// <summary>
    /// False when no Resource of this statement can name a resource of <paramref name="service"/> (the literal
    /// service field of the asked pattern, null for any): a quick answer before <see cref="Reach"/>.
    /// </summary>
    public bool MayName(string? service) => service is null || _services is null || _services.Contains(service);

    /// <summary>True when this statement applies to every resource of <paramref name="pattern"/> (how a Deny removes a grant).</summary>
    public bool Covers(string pattern) => Reach(pattern, whole: true) is not null;

    /// <summary>
    /// True when each Resource or NotResource element either covers <paramref name="family"/> or does not overlap it: then
    /// <see cref="Reach"/> of any single resource within the family, with whole, gives the same yes or no.
    /// </summary>
    public bool Decides(string family) =>
        _resources.Concat(_notResources).All(r => ResourcePattern.Covers(r, family) || !ResourcePattern.Overlaps(r, family));

    private string? ReachOnce(string wanted, bool whole)
    {
        if (_notResources.Length > 0)
        {
            var excluded = whole
                ? _notResources.Any(n => ResourcePattern.Overlaps(n, wanted))
                : _notResources.Any(n => ResourcePattern.Covers(n, wanted));
            return excluded ? null : wanted;
        }

        foreach (var resource in _resources)
        {
            if (whole ? ResourcePattern.Covers(resource, wanted) : ResourcePattern.Overlaps(resource, wanted))
            {
                return !whole && ResourcePattern.Covers(wanted, resource) ? resource : wanted;
            }
        }

        return null;
    }
}
