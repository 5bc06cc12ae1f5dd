using System.Text.Encodings.Web;
using System.Text.Json;

namespace LambdaSec.Emulator.Protocols;

/// <summary>JSON output settings: no HTML-safe escaping, so nested policy strings read like AWS's.</summary>
public static class JsonOut
{
    public static readonly JsonSerializerOptions Options = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };
}
