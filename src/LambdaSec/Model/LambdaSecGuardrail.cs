namespace LambdaSec.Model;

/// <summary>A generated guardrail document: a service control policy or an AWS Config conformance pack.</summary>
public sealed class LambdaSecGuardrail
{
    /// <summary>Scp or ConfigRules.</summary>
    public string Kind { get; init; } = string.Empty;

    /// <summary>The document: SCP JSON or conformance-pack YAML.</summary>
    public string Content { get; init; } = string.Empty;

    /// <summary>Characters without whitespace outside strings (for an SCP, what counts against the limit).</summary>
    public int Size { get; init; }

    /// <summary>The size limit of this kind of document (5,120 for an SCP), or null when none applies.</summary>
    public int? SizeLimit { get; init; }

    /// <summary>What the document prevents or detects, what it cannot, and how to deploy it.</summary>
    public string Explanation { get; init; } = string.Empty;

    /// <summary>The file written with -Path, or null.</summary>
    public string? Path { get; init; }

    public override string ToString() => $"{Kind} ({Size} characters)";
}
