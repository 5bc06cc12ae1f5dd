using System.Linq;
using System.Text.Json;
using LambdaSec.Analysis.Exposure;

namespace LambdaSec.Analysis.Events;

/// <summary>Reads an AddPermission request as CloudTrail records it (camelCase members) into the statement Lambda writes.</summary>
public static class AddPermissionStatement
{
    /// <summary>A one-statement policy document as JSON, ready for the exposure classifier.</summary>
    public static string Build(JsonElement requestParameters, string resource, string partition)
    {
        var conditions = LambdaPermissionStatement.ConditionParameters
            .Select(c => (c.Operator, c.Key, Value: Text(requestParameters, char.ToLowerInvariant(c.Parameter[0]) + c.Parameter.Substring(1))))
            .Where(c => c.Value is not null)
            .Select(c => (c.Operator, c.Key, c.Operator == "Bool" ? c.Value!.ToLowerInvariant() : c.Value!));
        var statement = LambdaPermissionStatement.Build(
            Text(requestParameters, "statementId"),
            Text(requestParameters, "principal"),
            Text(requestParameters, "action") ?? "lambda:InvokeFunction",
            resource,
            conditions,
            partition);
        return $"{{\"Version\":\"2012-10-17\",\"Statement\":[{statement}]}}";
    }

    /// <summary>A scalar member of a JSON object as text, or null when absent, empty or not an object.</summary>
    public static string? Text(JsonElement element, string name) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(name, out var value) && value.ValueKind is JsonValueKind.String or JsonValueKind.Number or JsonValueKind.True or JsonValueKind.False
            && value.ToString() is { Length: > 0 } text
            ? text
            : null;
}
