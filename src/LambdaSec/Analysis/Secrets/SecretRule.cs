using System.Collections.Generic;
using System.Text.RegularExpressions;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Secrets;

/// <summary>One rule of Data/secret-rules.json, compiled. Its fields mean what they mean in gitleaks' rules, where most come from.</summary>
public sealed class SecretRule
{
    public string Id { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    public Regex Pattern { get; init; } = new(string.Empty);

    /// <summary>The capture group that holds the secret; 0 is the whole match.</summary>
    public int SecretGroup { get; init; }

    /// <summary>Lower-case words one of which must be in the text for the rule to run: a cheap pre-filter, as in gitleaks.</summary>
    public IReadOnlyList<string> Keywords { get; init; } = [];

    public double? MinEntropy { get; init; }

    /// <summary>Use the per-charset thresholds of the rule set instead of <see cref="MinEntropy"/>.</summary>
    public bool EntropyByCharset { get; init; }

    /// <summary>Only report when a hit of this rule is within <see cref="NearLines"/> lines (an AWS secret key next to its key id).</summary>
    public string? RequiresNear { get; init; }

    public int NearLines { get; init; }

    /// <summary>Only run on package files whose path matches (dotenv and properties files).</summary>
    public Regex? Path { get; init; }

    public IReadOnlyList<Regex> Allow { get; init; } = [];

    public SecretConfidence Confidence { get; init; }

    public string Source { get; init; } = string.Empty;
}
