using System;
using System.Collections.Generic;

namespace LambdaSec.Analysis.Guardrails;

/// <summary>One API request as an SCP sees it: the action, the resource and the request context keys (names case-insensitive).</summary>
public sealed class ScpRequest
{
    public ScpRequest(string action, string resource, IDictionary<string, string[]> context)
    {
        Action = action;
        Resource = resource;
        Context = new Dictionary<string, string[]>(context, StringComparer.OrdinalIgnoreCase);
    }

    public string Action { get; }

    public string Resource { get; }

    public IReadOnlyDictionary<string, string[]> Context { get; }

    /// <summary>
    /// True (the default) when the context holds every key the request carries, so a key it lacks is absent. False
    /// when it holds only what is known (the takeover analysis knows the principal, not its tags, network or MFA): a
    /// condition on a key it lacks then cannot be evaluated, so a Deny on it is not counted.
    /// </summary>
    public bool ContextIsComplete { get; init; } = true;

    public override string ToString() => $"{Action} ({string.Join(", ", Context.Keys)})";
}
