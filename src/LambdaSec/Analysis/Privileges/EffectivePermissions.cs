using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Policy;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Privileges;

/// <summary>
/// What a role may do: Allow statements of its identity policies, minus unconditional explicit Deny
/// statements (of those policies or the boundary), intersected with the permissions boundary's Allow
/// statements when there is one. A Deny with a Condition removes nothing: it may not apply to a request.
/// </summary>
public sealed class EffectivePermissions
{
    private readonly List<PolicyGrant> _allows;
    private readonly List<PolicyGrant> _denies;
    private readonly List<PolicyGrant>? _boundary;

    public EffectivePermissions(IReadOnlyList<NamedPolicy> identityPolicies, NamedPolicy? boundary)
    {
        _allows = identityPolicies.SelectMany(p => PolicyGrant.Of(p, StatementEffect.Allow)).ToList();
        var denySources = boundary is null ? identityPolicies : identityPolicies.Append(boundary);
        _denies = denySources.SelectMany(p => PolicyGrant.Of(p, StatementEffect.Deny)).Where(d => !d.IsConditional).ToList();
        _boundary = boundary is null ? null : PolicyGrant.Of(boundary, StatementEffect.Allow).ToList();
    }

    /// <summary>The Action patterns of the identity Allow statements (NotAction statements have none).</summary>
    public IEnumerable<string> AllowedActionPatterns => _allows.SelectMany(a => a.ActionPatterns);

    /// <summary>True when some identity Allow statement names the action; a fast filter before <see cref="Find"/>.</summary>
    public bool MayAllow(string action) => _allows.Any(a => a.MatchesAction(action));

    /// <summary>
    /// The grants that allow <paramref name="action"/> on <paramref name="resource"/>: on every resource it
    /// names when <paramref name="whole"/>, else on at least one. Empty when the action is not allowed there.
    /// </summary>
    public List<PrivilegeEvidence> Find(string action, string resource, bool whole)
    {
        var evidence = new List<PrivilegeEvidence>();
        foreach (var allow in _allows.Where(a => a.MatchesAction(action)))
        {
            if (allow.Reach(resource, whole) is not { } reached
                || _denies.Any(d => d.MatchesAction(action) && d.Covers(reached)))
            {
                continue;
            }

            var conditional = allow.IsConditional;
            if (_boundary is not null)
            {
                var bounds = _boundary.Where(b => b.MatchesAction(action) && b.Reach(reached, whole) is not null).ToList();
                if (bounds.Count == 0)
                {
                    continue;
                }

                conditional |= bounds.All(b => b.IsConditional);
            }

            evidence.Add(new PrivilegeEvidence
            {
                Action = action,
                PolicyName = allow.PolicyName,
                StatementId = allow.StatementId,
                Resource = reached,
                IsConditional = conditional,
            });
        }

        return evidence;
    }

    /// <summary>True when the action is allowed on every resource without a condition.</summary>
    public bool AllowsEverywhere(string action) => Find(action, "*", whole: true).Any(e => !e.IsConditional);

    /// <summary>True when the action is allowed on at least one resource without a condition.</summary>
    public bool AllowsSomewhere(string action) => Find(action, "*", whole: false).Any(e => !e.IsConditional);
}
