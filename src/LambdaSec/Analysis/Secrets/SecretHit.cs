using LambdaSec.Model;

namespace LambdaSec.Analysis.Secrets;

/// <summary>One match of the scanner: where and which rule, with the redacted preview. The secret itself is deliberately not kept.</summary>
public sealed class SecretHit
{
    public string RuleId { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    public string Preview { get; init; } = string.Empty;

    public SecretConfidence Confidence { get; init; }

    /// <summary>1-based line in the scanned text (for variables, null).</summary>
    public int? Line { get; init; }

    /// <summary>The variable that holds the secret (for text, null).</summary>
    public string? Variable { get; init; }
}
