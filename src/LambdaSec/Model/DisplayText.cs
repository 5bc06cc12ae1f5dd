using System.Text;

namespace LambdaSec.Model;

/// <summary>
/// Text from AWS or from a file, made safe to show to a person (docs/hostile-input.md): control characters (which
/// can recolour or rewrite a terminal: ESC, BEL, NUL, CR...), Unicode direction overrides (U+202E makes
/// <c>invoice\u202Efdp.exe</c> read as invoiceexe.pdf) and lone surrogates become visible escapes such as
/// <c>\u001B</c>. Tab and line feed stay. Used by every human-readable output (console views, HTML, CSV, JUnit,
/// SARIF messages); the objects and the JSON report keep the data as it was.
/// </summary>
public static class DisplayText
{
    /// <summary>The text with every character a person could be fooled by replaced by its \uXXXX escape; null becomes empty.</summary>
    public static string Neutralise(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        StringBuilder? safe = null;
        for (var i = 0; i < text!.Length; i++)
        {
            var c = text[i];
            var pair = char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]);
            if (pair)
            {
                safe?.Append(c).Append(text[i + 1]);
                i++;
                continue;
            }

            if (!IsHostile(c))
            {
                safe?.Append(c);
                continue;
            }

            safe ??= new StringBuilder(text.Length + 16).Append(text, 0, i);
            safe.Append("\\u").Append(((int)c).ToString("X4", System.Globalization.CultureInfo.InvariantCulture));
        }

        return safe?.ToString() ?? text;
    }

    private static bool IsHostile(char c) =>
        (c < 0x20 && c != '\t' && c != '\n')
        || (c >= 0x7F && c <= 0x9F)
        || c == '\u061C' || c == '\u200E' || c == '\u200F'
        || (c >= '\u202A' && c <= '\u202E')
        || (c >= '\u2066' && c <= '\u2069')
        || c == '\u2028' || c == '\u2029'
        || char.IsSurrogate(c);
}
