using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaSec.Analysis.Secrets;

/// <summary>Shannon entropy in bits per character, the measure detect-secrets and gitleaks use to tell random tokens from words.</summary>
public static class ShannonEntropy
{
    public static double Of(string value)
    {
        if (string.IsNullOrEmpty(value)) return 0;
        var counts = new Dictionary<char, int>();
        foreach (var c in value)
        {
            counts[c] = counts.TryGetValue(c, out var n) ? n + 1 : 1;
        }

        double length = value.Length;
        return -counts.Values.Sum(n => n / length * Math.Log(n / length, 2));
    }

    public static SecretCharset CharsetOf(string value)
    {
        if (value.All(Uri.IsHexDigit)) return SecretCharset.Hex;
        return value.All(c => c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '+' or '/' or '=' or '_' or '-')
            ? SecretCharset.Base64
            : SecretCharset.Other;
    }
}
