using System.Collections.Generic;

namespace LambdaSec.Analysis.Guardrails;

/// <summary>One node on the path from the organization root to an account (root, an OU, the account) and the SCPs attached to it.</summary>
public sealed class ScpLevel
{
    public ScpLevel(string target, IReadOnlyList<NamedScp> policies, string? name = null)
    {
        Target = target;
        Policies = policies;
        Name = name;
    }

    /// <summary>The root id (r-...), OU id (ou-...) or account id.</summary>
    public string Target { get; }

    public IReadOnlyList<NamedScp> Policies { get; }

    /// <summary>The node's name in Organizations (Root, the OU's name, the account's name), when known.</summary>
    public string? Name { get; }

    /// <summary>How people find the node: "Sandbox (ou-ab12-34cd56ef)", or the id alone without a name.</summary>
    public string Label => Name is null ? Target : $"{Name} ({Target})";
}
