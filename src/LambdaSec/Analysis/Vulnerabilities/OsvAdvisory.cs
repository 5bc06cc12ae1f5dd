using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>
/// The parts of an OSV record (GET /v1/vulns/{id}, schema https://ossf.github.io/osv-schema/) a finding needs:
/// id, aliases (CVE ids), summary, severity, and the "fixed" events of each affected package's ranges.
/// </summary>
public sealed class OsvAdvisory
{
    private readonly IReadOnlyList<(string Ecosystem, string Name, string Fixed)> _fixed;

    private OsvAdvisory(string id, string? summary, IReadOnlyList<string> aliases, string? severity, string? cvss, IReadOnlyList<(string, string, string)> @fixed)
    {
        Id = id;
        Summary = summary;
        Aliases = aliases;
        Severity = severity;
        Cvss = cvss;
        _fixed = @fixed;
    }

    public string Id { get; }

    public string? Summary { get; }

    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The severity word the advisory database gives (database_specific.severity, e.g. GitHub's "HIGH"), when it gives one.</summary>
    public string? Severity { get; }

    /// <summary>The first CVSS vector of the record's severity list, when present.</summary>
    public string? Cvss { get; }

    /// <summary>Reads one OSV record; throws <see cref="JsonException"/> when the text is not one.</summary>
    public static OsvAdvisory Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var id = String(root, "id") ?? throw new JsonException("The OSV record has no id.");
        var aliases = Array(root, "aliases").Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToList();
        var cvss = Array(root, "severity").Select(s => String(s, "score")).FirstOrDefault(s => s is not null);
        var severity = root.TryGetProperty("database_specific", out var specific) && specific.ValueKind == JsonValueKind.Object ? String(specific, "severity") : null;
        var @fixed = new List<(string, string, string)>();
        foreach (var affected in Array(root, "affected"))
        {
            if (!affected.TryGetProperty("package", out var package) || String(package, "ecosystem") is not { } ecosystem || String(package, "name") is not { } name) continue;
            foreach (var range in Array(affected, "ranges"))
            {
                @fixed.AddRange(Array(range, "events").Select(e => String(e, "fixed")).Where(f => f is not null).Select(f => (ecosystem, name, f!)));
            }
        }

        return new OsvAdvisory(id, String(root, "summary"), aliases, severity, cvss, @fixed);
    }

    /// <summary>The versions that fix this advisory for <paramref name="dependency"/>'s package, comma-separated, or null when none is recorded.</summary>
    public string? FixedVersionFor(Dependency dependency)
    {
        var versions = _fixed
            .Where(f => string.Equals(f.Ecosystem, dependency.Ecosystem, StringComparison.OrdinalIgnoreCase) && SameName(dependency, f.Name))
            .Select(f => f.Fixed)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return versions.Count > 0 ? string.Join(", ", versions) : null;
    }

    private static bool SameName(Dependency dependency, string name) =>
        dependency.Ecosystem == DependencyParser.PyPI
            ? string.Equals(DependencyParser.NormalizePythonName(name), dependency.Name, StringComparison.Ordinal)
            : string.Equals(name, dependency.Name, StringComparison.Ordinal);

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<JsonElement> Array(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().ToList()
            : [];
}
