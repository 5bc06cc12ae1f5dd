using System.IO;
using System.Text;
using System.Text.Json;

namespace LambdaSec.Analysis.Guardrails;

/// <summary>The SCP size rule: Organizations allows 5,120 characters; whitespace outside strings is not needed, so it is not counted.</summary>
public static class ScpSize
{
    public const int Limit = 5120;

    /// <summary>The document without whitespace outside strings.</summary>
    public static string Minify(string json)
    {
        using var document = JsonDocument.Parse(json);
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = false, Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            document.WriteTo(writer);
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }
}
