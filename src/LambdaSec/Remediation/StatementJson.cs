using System;
using System.Linq;
using System.Text.Json;

namespace LambdaSec.Remediation;

/// <summary>
/// Compares policy statements by content: the same members and values whatever their order or whitespace, since
/// servers write the members of a re-created statement in their own order.
/// </summary>
public static class StatementJson
{
    public static bool AreEquivalent(string? a, string? b)
    {
        if (a is null || b is null) return a == b;
        try
        {
            using var left = JsonDocument.Parse(a);
            using var right = JsonDocument.Parse(b);
            return Same(left.RootElement, right.RootElement);
        }
        catch (JsonException)
        {
            return string.Equals(a.Trim(), b.Trim(), StringComparison.Ordinal);
        }
    }

    private static bool Same(JsonElement a, JsonElement b)
    {
        if (a.ValueKind != b.ValueKind) return false;
        switch (a.ValueKind)
        {
            case JsonValueKind.Object:
                var left = a.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
                var right = b.EnumerateObject().OrderBy(p => p.Name, StringComparer.Ordinal).ToList();
                return left.Count == right.Count && left.Zip(right, (l, r) => l.Name == r.Name && Same(l.Value, r.Value)).All(s => s);
            case JsonValueKind.Array:
                return a.GetArrayLength() == b.GetArrayLength() && a.EnumerateArray().Zip(b.EnumerateArray(), Same).All(s => s);
            default:
                return a.GetRawText() == b.GetRawText();
        }
    }
}
