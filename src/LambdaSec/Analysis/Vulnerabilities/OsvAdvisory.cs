using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>
/// The parts of an OSV record (GET /v1/vulns/{id}, or one file of an ecosystem export; schema
/// https://ossf.github.io/osv-schema/) a finding needs: id, aliases (CVE ids), summary, severity, and each affected
/// package's ranges and versions, so the versions a record affects and the version that fixes it can be told offline.
/// </summary>
public sealed class OsvAdvisory
{
    private readonly IReadOnlyList<Affected> _affected;

    private OsvAdvisory(string id, string? summary, IReadOnlyList<string> aliases, string? cvss, double? score, string? severity, IReadOnlyList<Affected> affected)
    {
        Id = id;
        Summary = summary;
        Aliases = aliases;
        Cvss = cvss;
        Score = score;
        Severity = severity;
        _affected = affected;
    }

    public string Id { get; }

    public string? Summary { get; }

    public IReadOnlyList<string> Aliases { get; }

    /// <summary>The record's CVSS vector: the CVSS_V3 one when there is one, else the CVSS_V4 one (top-level severity, else the affected packages').</summary>
    public string? Cvss { get; }

    /// <summary>The CVSS 3.x base score computed from <see cref="Cvss"/>; null for a CVSS 4.0 vector or none.</summary>
    public double? Score { get; }

    /// <summary>
    /// Critical, High, Medium, Low or None: the rating of <see cref="Score"/> when there is one, else the database's own word
    /// (GitHub's database_specific.severity: LOW, MODERATE, HIGH, CRITICAL), else null.
    /// </summary>
    public string? Severity { get; }

    /// <summary>The package names (ecosystem, name) the record names as affected.</summary>
    public IEnumerable<(string Ecosystem, string Name)> Packages => _affected.Select(a => (a.Ecosystem, a.Name));

    /// <summary>Reads one OSV record; throws <see cref="JsonException"/> when the text is not one.</summary>
    public static OsvAdvisory Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        return Parse(document.RootElement);
    }

    /// <summary>Reads one OSV record; throws <see cref="JsonException"/> when the element is not one.</summary>
    public static OsvAdvisory Parse(JsonElement root)
    {
        var id = String(root, "id") ?? throw new JsonException("The OSV record has no id.");
        var aliases = Array(root, "aliases").Where(a => a.ValueKind == JsonValueKind.String).Select(a => a.GetString()!).ToList();
        var affected = new List<Affected>();
        var severities = Severities(root).ToList();
        foreach (var entry in Array(root, "affected"))
        {
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("package", out var package) || String(package, "ecosystem") is not { } ecosystem || String(package, "name") is not { } name) continue;
            severities.AddRange(Severities(entry));
            var versions = Array(entry, "versions").Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToList();
            var ranges = Array(entry, "ranges")
                .Select(r => new Range(String(r, "type") ?? string.Empty, Array(r, "events").Select(Event).Where(e => e is not null).Select(e => e!.Value).ToList()))
                .ToList();
            affected.Add(new Affected(ecosystem, name, versions, ranges));
        }

        var cvss = severities.FirstOrDefault(s => s.Type == "CVSS_V3").Score ?? severities.FirstOrDefault(s => s.Type == "CVSS_V4").Score;
        var score = Cvss3.BaseScore(cvss);
        var databaseSeverity = root.TryGetProperty("database_specific", out var specific) ? String(specific, "severity") : null; // root is an object: it has an id
        var severity = score is { } s ? Cvss3.Rating(s) : Word(databaseSeverity);
        return new OsvAdvisory(id, String(root, "summary"), aliases, cvss, score, severity, affected);
    }

    /// <summary>
    /// Whether the record affects <paramref name="dependency"/>'s version, by OSV's evaluation
    /// (https://ossf.github.io/osv-schema/#evaluation): listed in an affected entry's versions, or inside one of its
    /// SEMVER or ECOSYSTEM ranges whose order is known here (<see cref="VersionOrder"/>: PyPI, npm, Go, Maven, NuGet,
    /// RubyGems); other ranges (GIT, other ecosystems) count only through the versions list.
    /// </summary>
    public bool Affects(Dependency dependency) =>
        _affected.Where(a => Names(a, dependency)).Any(a =>
            a.Versions.Contains(dependency.Version, StringComparer.Ordinal)
            || a.Ranges.Any(r => VersionOrder.Knows(r.Type, dependency.Ecosystem) && InRange(r, dependency)));

    /// <summary>
    /// The versions that fix this advisory for <paramref name="dependency"/>'s package, comma-separated, or null when none
    /// is recorded: the fixed events of the ranges that hold the version (log4j-core 2.14.1 is fixed in 2.15.0, not in the
    /// 2.3.1 and 2.12.2 of older branches), or of every range of the package when none can be told to hold it.
    /// </summary>
    public string? FixedVersionFor(Dependency dependency)
    {
        var ranges = _affected.Where(a => Names(a, dependency)).SelectMany(a => a.Ranges).ToList();
        var holding = ranges.Where(r => VersionOrder.Knows(r.Type, dependency.Ecosystem) && InRange(r, dependency)).ToList();
        var versions = (holding.Count > 0 ? holding : ranges)
            .SelectMany(r => r.Events).Where(e => e.Kind == "fixed").Select(e => e.Version)
            .Distinct(StringComparer.Ordinal)
            .ToList();
        return versions.Count > 0 ? string.Join(", ", versions) : null;
    }

    private static bool InRange(Range range, Dependency dependency)
    {
        int? Compare(string a, string b) => a == "0" ? (b == "0" ? 0 : -1) : b == "0" ? 1 : VersionOrder.Compare(range.Type, dependency.Ecosystem, a, b);

        var version = dependency.Version;
        var limits = range.Events.Where(e => e.Kind == "limit").ToList();
        if (limits.Count > 0 && !limits.Any(l => l.Version.IndexOf('*') >= 0 || Compare(version, l.Version) < 0))
        {
            return false;
        }

        var events = range.Events.Where(e => e.Kind != "limit").ToList();
        if (events.Any(e => e.Version != "0" && Compare(e.Version, e.Version) is null) || Compare(version, version) is null)
        {
            // An event or the version that does not parse: the range cannot be evaluated, only the versions list counts.
            return false;
        }

        events.Sort((a, b) => Compare(a.Version, b.Version)!.Value);
        var vulnerable = false;
        foreach (var e in events)
        {
            var order = Compare(version, e.Version)!.Value;
            if (e.Kind == "introduced" && order >= 0) vulnerable = true;
            else if (e.Kind == "fixed" && order >= 0) vulnerable = false;
            else if (e.Kind == "last_affected" && order > 0) vulnerable = false;
        }

        return vulnerable;
    }

    private static bool Names(Affected affected, Dependency dependency) =>
        string.Equals(affected.Ecosystem, dependency.Ecosystem, StringComparison.OrdinalIgnoreCase)
        && (dependency.Ecosystem == DependencyParser.PyPI
            ? string.Equals(DependencyParser.NormalizePythonName(affected.Name), dependency.Name, StringComparison.Ordinal)
            : string.Equals(affected.Name, dependency.Name, StringComparison.Ordinal));

    /// <summary>GitHub's words (LOW, MODERATE, HIGH, CRITICAL), and Amazon Inspector's (MEDIUM), as the CVSS rating words; null for others.</summary>
    internal static string? Word(string? severity) => severity?.ToUpperInvariant() switch
    {
        "CRITICAL" => "Critical",
        "HIGH" => "High",
        "MODERATE" or "MEDIUM" => "Medium",
        "LOW" => "Low",
        _ => null,
    };

    private static IEnumerable<(string? Type, string? Score)> Severities(JsonElement element) =>
        Array(element, "severity").Select(s => (String(s, "type"), String(s, "score")));

    private static (string Kind, string Version)? Event(JsonElement element)
    {
        foreach (var kind in new[] { "introduced", "fixed", "last_affected", "limit" })
        {
            if (String(element, kind) is { } version) return (kind, version);
        }

        return null;
    }

    private static string? String(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static IEnumerable<JsonElement> Array(JsonElement element, string property) =>
        element.ValueKind == JsonValueKind.Object && element.TryGetProperty(property, out var value) && value.ValueKind == JsonValueKind.Array
            ? value.EnumerateArray().ToList()
            : [];

    private sealed record Affected(string Ecosystem, string Name, IReadOnlyList<string> Versions, IReadOnlyList<Range> Ranges);

    private sealed record Range(string Type, List<(string Kind, string Version)> Events);
}
