using System;
using System.Linq;
using System.Text.Json;

namespace LambdaSec.Analysis.Configuration;

/// <summary>
/// Decides from a trail's GetEventSelectors answer whether it records Lambda Invoke data events for a function.
/// Basic selectors: a DataResources entry of type AWS::Lambda::Function whose values include "arn:aws:lambda"
/// (every function) or the function's ARN, with ReadWriteType All or WriteOnly (Invoke is a write event).
/// Advanced selectors: eventCategory = Data and resources.type = AWS::Lambda::Function, with no readOnly = true
/// and no resources.ARN condition that leaves the function out.
/// </summary>
public static class EventSelectorCoverage
{
    private const string LambdaType = "AWS::Lambda::Function";

    public static bool RecordsInvoke(string selectorsJson, string functionArn)
    {
        using var document = JsonDocument.Parse(selectorsJson);
        var root = document.RootElement;
        return Array(root, "EventSelectors").Any(s => BasicCovers(s, functionArn)) || Array(root, "AdvancedEventSelectors").Any(s => AdvancedCovers(s, functionArn));
    }

    private static bool BasicCovers(JsonElement selector, string functionArn) =>
        Text(selector, "ReadWriteType") is null or "All" or "WriteOnly"
        && Array(selector, "DataResources").Any(r => Text(r, "Type") == LambdaType
            && Array(r, "Values").Select(v => v.GetString() ?? string.Empty).Any(v => AllFunctions(v) || Same(v, functionArn)));

    /// <summary>"arn:aws:lambda" (any partition, with or without a trailing colon) selects every function.</summary>
    private static bool AllFunctions(string value)
    {
        var parts = value.TrimEnd(':').Split(':');
        return parts.Length == 3 && parts[0] == "arn" && parts[2] == "lambda";
    }

    private static bool AdvancedCovers(JsonElement selector, string functionArn)
    {
        var fields = Array(selector, "FieldSelectors").ToList();
        bool Has(string field, string value) => fields.Any(f => string.Equals(Text(f, "Field"), field, StringComparison.OrdinalIgnoreCase) && Array(f, "Equals").Any(v => v.GetString() == value));
        if (!Has("eventCategory", "Data") || !Has("resources.type", LambdaType) || Has("readOnly", "true"))
        {
            return false;
        }

        return fields.Where(f => string.Equals(Text(f, "Field"), "resources.ARN", StringComparison.OrdinalIgnoreCase)).All(f =>
            (!f.TryGetProperty("Equals", out _) || Array(f, "Equals").Any(v => Same(v.GetString(), functionArn)))
            && (!f.TryGetProperty("StartsWith", out _) || Array(f, "StartsWith").Any(v => functionArn.StartsWith(v.GetString() ?? "\0", StringComparison.Ordinal)))
            && !Array(f, "NotEquals").Any(v => Same(v.GetString(), functionArn))
            && !Array(f, "NotStartsWith").Any(v => functionArn.StartsWith(v.GetString() ?? "\0", StringComparison.Ordinal)));
    }

    /// <summary>An ARN names the function, whatever qualifier either side carries.</summary>
    private static bool Same(string? value, string functionArn)
    {
        static string Unqualified(string arn) => string.Join(":", arn.Split(':').Take(7));
        return value is not null && string.Equals(Unqualified(value), Unqualified(functionArn), StringComparison.Ordinal);
    }

    private static System.Collections.Generic.IEnumerable<JsonElement> Array(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var array) && array.ValueKind == JsonValueKind.Array ? array.EnumerateArray() : [];

    private static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
