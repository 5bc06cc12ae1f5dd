using System;
using System.Collections.Generic;
using System.Text.Json;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>Reads a JSON manifest (package.json, package-lock.json, *.deps.json) whose root is an object; text that is not one names no package.</summary>
internal static class ManifestJson
{
    public static IReadOnlyList<Dependency> Read(string text, Func<JsonElement, IReadOnlyList<Dependency>> read)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object ? read(document.RootElement) : [];
        }
        catch (JsonException)
        {
            return [];
        }
    }

    public static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
