using System.Collections.Generic;

namespace LambdaSec.Analysis.Privileges;

/// <summary>A privilege-escalation method: it is usable when every one of its actions is allowed.</summary>
public sealed class EscalationMethod
{
    public string Name { get; init; } = string.Empty;

    public IReadOnlyList<string> Actions { get; init; } = [];

    public string Description { get; init; } = string.Empty;

    public string Source { get; init; } = string.Empty;

    /// <summary>
    /// Per action, the resource types (SAR names) it must be allowed on for the method to work, where the
    /// SAR's required types are not what the method needs; the other actions use those.
    /// </summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> Resources { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>The names other tools (Cloudsplaining) give the same method.</summary>
    public IReadOnlyList<string> Aliases { get; init; } = [];
}
