using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text.Json;

namespace LambdaSec.Cmdlets;

/// <summary>
/// Reads the findings of a JSON report (Export-LambdaSecReport -Format Json: an object with a "findings" array) as
/// property bags that <see cref="FindingConverter"/> turns into findings, as it does for ConvertFrom-Json's objects.
/// </summary>
internal static class ReportFileReader
{
    /// <summary>The findings of the file; throws <see cref="FormatException"/> when it is not a LambdaSec JSON report.</summary>
    public static IReadOnlyList<PSObject> Read(string path)
    {
        try
        {
            using var stream = File.OpenRead(path);
            using var document = JsonDocument.Parse(stream, new JsonDocumentOptions { MaxDepth = 64 });
            if (document.RootElement.ValueKind != JsonValueKind.Object
                || !document.RootElement.TryGetProperty("findings", out var findings)
                || findings.ValueKind != JsonValueKind.Array)
            {
                throw new FormatException($"'{path}' is not a LambdaSec JSON report: it has no \"findings\" array. Pass files written by Export-LambdaSecReport -Format Json.");
            }

            return findings.EnumerateArray().Select(f => f.ValueKind == JsonValueKind.Object ? Bag(f) : new PSObject()).ToList();
        }
        catch (JsonException ex)
        {
            throw new FormatException($"'{path}' is not valid JSON ({ex.Message}). Pass files written by Export-LambdaSecReport -Format Json.", ex);
        }
    }

    private static PSObject Bag(JsonElement element)
    {
        var bag = new PSObject();
        foreach (var property in element.EnumerateObject())
        {
            bag.Properties.Add(new PSNoteProperty(property.Name, Value(property.Value)));
        }

        return bag;
    }

    private static object? Value(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.TryGetInt64(out var whole) ? whole : value.GetDouble(),
        JsonValueKind.True => true,
        JsonValueKind.False => false,
        JsonValueKind.Array => value.EnumerateArray().Select(Value).ToArray(),
        JsonValueKind.Object => Bag(value),
        _ => null,
    };
}
