namespace LambdaSec.Model;

/// <summary>
/// One secret Find-LambdaSecret found: where it is and which rule matched, with a redacted preview.
/// The secret itself is never held here, so no view, export or log of this object can reveal it.
/// </summary>
public sealed class LambdaSecretFinding
{
    public string? FunctionName { get; init; }

    public string? FunctionArn { get; init; }

    public string? Region { get; init; }

    public string? AccountId { get; init; }

    /// <summary>What was scanned: Environment, Code, Layer or Path.</summary>
    public string Source { get; init; } = string.Empty;

    /// <summary>The environment variable's name, or file:line inside the package (for layers, prefixed with the layer version ARN).</summary>
    public string Location { get; init; } = string.Empty;

    /// <summary>The rule id from the module's Data/secret-rules.json.</summary>
    public string RuleId { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    /// <summary>At most the first and last four characters of the secret, the rest masked (fewer for short values).</summary>
    public string Preview { get; init; } = string.Empty;

    public SecretConfidence Confidence { get; init; }

    public override string ToString() => $"{RuleId} at {Location} ({Preview})";
}
