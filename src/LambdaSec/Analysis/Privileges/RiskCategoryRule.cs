using System.Collections.Generic;

namespace LambdaSec.Analysis.Privileges;

/// <summary>Which allowed actions fall in a risk category: named actions, actions of given access levels, or the escalation methods' actions.</summary>
public sealed class RiskCategoryRule
{
    public string Category { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    public IReadOnlyList<string> Actions { get; init; } = [];

    public IReadOnlyList<AccessLevel> AccessLevels { get; init; } = [];

    public bool FromEscalationMethods { get; init; }
}
