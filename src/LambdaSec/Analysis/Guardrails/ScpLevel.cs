using System.Collections.Generic;

namespace LambdaSec.Analysis.Guardrails;

/// <summary>One node on the path from the organization root to an account (root, an OU, the account) and the SCPs attached to it.</summary>
public sealed class ScpLevel
{
    public ScpLevel(string target, IReadOnlyList<NamedScp> policies)
    {
        Target = target;
        Policies = policies;
    }

    /// <summary>The root id (r-...), OU id (ou-...) or account id.</summary>
    public string Target { get; }

    public IReadOnlyList<NamedScp> Policies { get; }
}
