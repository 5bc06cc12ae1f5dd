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

    public override string ToString() => $"{Action} ({string.Join(", ", Context.Keys)})";
}
