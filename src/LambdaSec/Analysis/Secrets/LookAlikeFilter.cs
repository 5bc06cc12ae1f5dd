using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace LambdaSec.Analysis.Secrets;

/// <summary>
/// Values that look like secrets but are not: placeholders and templates, AWS documentation examples,
/// ARNs, UUIDs, hashes, and short text merely base64-encoded. Reporting them would teach users to ignore the tool.
/// </summary>
public sealed class LookAlikeFilter
{
    private readonly IReadOnlyList<Regex> _patterns;
    private readonly int _shortBase64TextBytes;

    public LookAlikeFilter(IReadOnlyList<Regex> patterns, int shortBase64TextBytes)
    {
        _patterns = patterns;
        _shortBase64TextBytes = shortBase64TextBytes;
    }

    public bool IsLookAlike(string value)
    {
        var trimmed = value.Trim().Trim('"', '\'', '`');
        return trimmed.Length == 0 || _patterns.Any(p => p.IsMatch(trimmed)) || IsShortBase64Text(trimmed);
    }

    /// <summary>Base64 that decodes to a few printable characters ("aGVsbG8=") is encoded text, not key material: random bytes almost never decode to printable text.</summary>
    private bool IsShortBase64Text(string value)
    {
        if (value.Length % 4 != 0 || value.Length > (_shortBase64TextBytes + 2) / 3 * 4 || ShannonEntropy.CharsetOf(value) == SecretCharset.Other)
        {
            return false;
        }

        byte[] bytes;
        try
        {
            bytes = Convert.FromBase64String(value);
        }
        catch (FormatException)
        {
            return false;
        }

        return bytes.Length <= _shortBase64TextBytes && bytes.All(b => b is >= 0x20 and < 0x7f) && Encoding.ASCII.GetString(bytes).Any(char.IsLetter);
    }
}
