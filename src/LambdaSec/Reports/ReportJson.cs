using System.IO;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaSec.Reports;

/// <summary>The JSON settings the JSON-based formats share: enums as names, indented for diffs and reading.</summary>
public static class ReportJson
{
    /// <summary>Keeps null properties, so every finding object has the model's full, stable property set.</summary>
    public static readonly JsonSerializerOptions Complete = Create(JsonIgnoreCondition.Never);

    /// <summary>Leaves null properties out, as SARIF and ASFF consumers expect optional members to be absent.</summary>
    public static readonly JsonSerializerOptions Sparse = Create(JsonIgnoreCondition.WhenWritingNull);

    public static void Serialize(Stream output, object value, JsonSerializerOptions options) =>
        JsonSerializer.Serialize(output, value, value.GetType(), options);

    private static JsonSerializerOptions Create(JsonIgnoreCondition ignore)
    {
        var options = new JsonSerializerOptions { WriteIndented = true, DefaultIgnoreCondition = ignore };
        options.Converters.Add(new JsonStringEnumConverter());
        return options;
    }
}
