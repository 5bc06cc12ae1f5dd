namespace LambdaSec.Analysis.Secrets;

/// <summary>Minimum entropy by alphabet for values that only a name marks as secret (Data/secret-rules.json "entropy").</summary>
public sealed record EntropyThresholds(double Hex, double Base64, double Other, int MinLength)
{
    public bool IsRandomEnough(string value)
    {
        if (value.Length < MinLength) return false;
        var threshold = ShannonEntropy.CharsetOf(value) switch
        {
            SecretCharset.Hex => Hex,
            SecretCharset.Base64 => Base64,
            _ => Other,
        };
        return ShannonEntropy.Of(value) >= threshold;
    }
}
