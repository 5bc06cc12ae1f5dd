namespace LambdaSec.Analysis.Secrets;

/// <summary>The alphabet a value is drawn from; each has its own entropy threshold (a hex string cannot exceed 4 bits per character).</summary>
public enum SecretCharset
{
    Hex,
    Base64,
    Other,
}
