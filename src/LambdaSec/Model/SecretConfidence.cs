namespace LambdaSec.Model;

/// <summary>How sure Find-LambdaSecret is that a hit is a real secret; the numeric values order them.</summary>
public enum SecretConfidence
{
    /// <summary>A value that looks random in a place that suggests a secret, without a provider's format.</summary>
    Low = 0,

    /// <summary>A provider format that also matches other things (an access key id alone, a JWT), or a secret-named high-entropy value.</summary>
    Medium = 1,

    /// <summary>A provider's own token format, a private key, a password in a URL, or an AWS key pair.</summary>
    High = 2,
}
