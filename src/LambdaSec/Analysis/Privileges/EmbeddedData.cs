using System.IO;
using System.Text.Json;

namespace LambdaSec.Analysis.Privileges;

/// <summary>Reads the JSON files embedded from Data/ (the resource names the project file gives them).</summary>
internal static class EmbeddedData
{
    public static JsonDocument Open(string fileName)
    {
        var name = "LambdaSec.Data." + fileName;
        using var stream = typeof(EmbeddedData).Assembly.GetManifestResourceStream(name)
            ?? throw new PrivilegeCatalogException($"The module is incomplete: the embedded resource {name} is missing. Reinstall LambdaSec.");
        using var reader = new StreamReader(stream);
        try
        {
            return JsonDocument.Parse(reader.ReadToEnd());
        }
        catch (JsonException ex)
        {
            throw new PrivilegeCatalogException($"The embedded resource {name} is not valid JSON: {ex.Message}", ex);
        }
    }
}
