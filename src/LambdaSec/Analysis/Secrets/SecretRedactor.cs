namespace LambdaSec.Analysis.Secrets;

/// <summary>
/// The only text of a secret LambdaSec ever shows: its first and last few characters with the rest masked,
/// enough to recognise a known credential and to rotate the right one, never enough to use it.
/// </summary>
public static class SecretRedactor
{
    /// <summary>At most this many masking characters, so a long key does not fill the screen (its length is not a secret worth hiding, nor worth showing).</summary>
    private const int MaxMask = 12;

    public static string Preview(string secret)
    {
        var value = secret.Trim();
        var shown = value.Length switch
        {
            >= 16 => 4,
            >= 10 => 2,
            >= 6 => 1,
            _ => 0,
        };
        var masked = System.Math.Min(value.Length - (2 * shown), MaxMask);
        return value.Substring(0, shown) + new string('*', System.Math.Max(masked, 4)) + value.Substring(value.Length - shown);
    }
}
