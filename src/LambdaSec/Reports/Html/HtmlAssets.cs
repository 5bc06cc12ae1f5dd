using System;
using System.IO;

namespace LambdaSec.Reports.Html;

/// <summary>The page's stylesheet and script, embedded in the assembly and inlined into every report (no network).</summary>
public static class HtmlAssets
{
    private static readonly Lazy<string> StyleText = new(() => Read("report.css"));
    private static readonly Lazy<string> ScriptText = new(() => Read("report.js"));

    public static string Style => StyleText.Value;

    public static string Script => ScriptText.Value;

    private static string Read(string name)
    {
        var resource = $"LambdaSec.Reports.{name}";
        using var stream = typeof(HtmlAssets).Assembly.GetManifestResourceStream(resource)
            ?? throw new InvalidOperationException($"The embedded resource {resource} is missing from the LambdaSec assembly; rebuild the module.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
