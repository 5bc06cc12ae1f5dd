using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Policy;

namespace LambdaSec.Analysis.Guardrails;

/// <summary>
/// Service control policy evaluation along root -> OUs -> account. A request passes only when no SCP on the path
/// denies it and every node on the path has an SCP that allows it (SCPs are filters: FullAWSAccess at each level, or
/// an allow-list, must admit the action). A node without attached SCPs is skipped: Organizations never leaves one
/// empty, so that only happens with partial input. A Deny whose conditions cannot be evaluated is not counted, and an
/// Allow whose conditions cannot be evaluated is, so the result never claims protection that is not certain.
/// </summary>
public static class ScpEvaluator
{
    public static ScpDecision Evaluate(IReadOnlyList<ScpLevel> path, ScpRequest request)
    {
        foreach (var level in path)
        {
            foreach (var policy in level.Policies)
            {
                var deny = policy.Document.Statements.FirstOrDefault(s => s.Effect == StatementEffect.Deny && Applies(s, request) == true);
                if (deny is not null)
                {
                    return new ScpDecision(false, policy.Name, level.Target, $"Denied by statement '{deny.Sid ?? "(no Sid)"}' of SCP {policy.Name} attached to {level.Target}.");
                }
            }
        }

        foreach (var level in path.Where(l => l.Policies.Count > 0))
        {
            var allows = level.Policies.Any(p => p.Document.Statements.Any(s => s.Effect == StatementEffect.Allow && Applies(s, request) != false));
            if (!allows)
            {
                return new ScpDecision(false, null, level.Target, $"Implicitly denied: no SCP attached to {level.Target} allows {request.Action}.");
            }
        }

        return new ScpDecision(true, null, null, $"No SCP on the path denies {request.Action}, and every level allows it.");
    }

    /// <summary>Whether a statement applies to the request: action, resource and conditions (null: the conditions cannot be evaluated).</summary>
    private static bool? Applies(PolicyStatement statement, ScpRequest request)
    {
        if (statement.ShapeError is not null)
        {
            return false;
        }

        var actionMatches = statement.HasNotAction
            ? !statement.NotActions.Any(a => Wildcard.Matches(a, request.Action))
            : statement.Actions.Any(a => Wildcard.Matches(a, request.Action));
        var resourceMatches = statement.NotResources.Count > 0
            ? !statement.NotResources.Any(r => Wildcard.Matches(r, request.Resource))
            : statement.Resources.Count == 0 || statement.Resources.Any(r => Wildcard.Matches(r, request.Resource));
        return actionMatches && resourceMatches ? ScpConditionEvaluator.AllHold(statement.Conditions, request.Context, request.ContextIsComplete) : false;
    }
}
