using System;
using System.IO;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>
/// Recognizes the files that record an installed package in a deployment package or layer, and reads the
/// package's name and version from them: Python's *.dist-info/METADATA and *.egg-info/PKG-INFO (core metadata,
/// "Name:" and "Version:" headers) and the package.json at the root of each node_modules/ package.
/// </summary>
public static class DependencyParser
{
    /// <summary>OSV's ecosystem names (https://ossf.github.io/osv-schema/#affectedpackage-field).</summary>
    public const string PyPI = "PyPI";

    public const string Npm = "npm";

    /// <summary>A package manifest is small; anything bigger is not one.</summary>
    public const int MaxManifestBytes = 1024 * 1024;

    private static readonly Regex NodeManifest = new(@"(^|/)node_modules/(@[^/]+/)?[^/]+/package\.json$", RegexOptions.CultureInvariant);

    private static readonly Regex PythonManifest = new(@"(^|/)[^/]+\.(dist-info/METADATA|egg-info/PKG-INFO)$", RegexOptions.CultureInvariant);

    private static readonly Regex PythonNameSeparators = new("[-_.]+", RegexOptions.CultureInvariant);

    /// <summary>The ecosystem whose manifest <paramref name="path"/> is, or null when it is not a manifest.</summary>
    public static string? EcosystemOf(string path) =>
        PythonManifest.IsMatch(path) ? PyPI : NodeManifest.IsMatch(path) ? Npm : null;

    /// <summary>The package a manifest records, or null when it names no package and version (or is not valid).</summary>
    public static Dependency? Parse(string path, string text) => EcosystemOf(path) switch
    {
        PyPI => ParsePython(text),
        Npm => ParseNode(text),
        _ => null,
    };

    private static Dependency? ParsePython(string text)
    {
        string? name = null, version = null;
        using var reader = new StringReader(text);
        string? line;
        // The headers end at the first empty line; the description follows.
        while ((line = reader.ReadLine()) is { Length: > 0 })
        {
            if (line.StartsWith("Name:", StringComparison.OrdinalIgnoreCase)) name ??= line.Substring(5).Trim();
            else if (line.StartsWith("Version:", StringComparison.OrdinalIgnoreCase)) version ??= line.Substring(8).Trim();
        }

        // Normalized, the form OSV and the purl spec use for PyPI names.
        return name is { Length: > 0 } && version is { Length: > 0 }
            ? new Dependency(PyPI, NormalizePythonName(name), version)
            : null;
    }

    /// <summary>PEP 503 normalization: lower case, runs of -, _ and . as one -.</summary>
    public static string NormalizePythonName(string name) => PythonNameSeparators.Replace(name, "-").ToLowerInvariant();

    private static Dependency? ParseNode(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            var root = document.RootElement;
            return root.ValueKind == JsonValueKind.Object
                && root.TryGetProperty("name", out var name) && name.ValueKind == JsonValueKind.String && name.GetString() is { Length: > 0 } n
                && root.TryGetProperty("version", out var version) && version.ValueKind == JsonValueKind.String && version.GetString() is { Length: > 0 } v
                ? new Dependency(Npm, n, v)
                : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
