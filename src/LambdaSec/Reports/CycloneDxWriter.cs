using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using LambdaSec.Analysis.Vulnerabilities;

namespace LambdaSec.Reports;

/// <summary>One package found in one function's code, in a layer it uses, or in a local zip: a component of the SBOM.</summary>
public sealed record BomEntry(string? FunctionName, string? FunctionArn, string Source, string FoundIn, string Location, Dependency Dependency);

/// <summary>One zip the run read (a function's code, a layer version for that function, or a local zip), whether or not it held packages.</summary>
public sealed record BomScope(string? FunctionName, string? FunctionArn, string Source, string FoundIn);

/// <summary>
/// Writes a CycloneDX 1.6 JSON bill of materials (https://cyclonedx.org/docs/1.6/json/, schema
/// bom-1.6.schema.json, checked 2026-12-03) of the functions, layers and local zips of one run: each function is an
/// "application" component holding its own packages, each layer version a "library" component holding its
/// packages (once, however many functions use it), each local zip a "file" component; "dependencies" ties a
/// function to its packages and layers; "vulnerabilities" holds each OSV advisory once with "affects" naming every
/// package component it affects. Every function, layer version and zip read is a component, also when it holds no
/// package (an estate SBOM lists every function scanned). Pure: it writes to the stream it is given.
/// </summary>
public static class CycloneDxWriter
{
    public const string SpecVersion = "1.6";

    public static void Write(
        Stream output,
        IReadOnlyList<BomScope> scanned,
        IReadOnlyList<BomEntry> entries,
        IReadOnlyDictionary<Dependency, IReadOnlyList<OsvAdvisory>> advisories,
        DateTime generatedAt,
        Guid serialNumber,
        string toolVersion)
    {
        using var json = new Utf8JsonWriter(output, new JsonWriterOptions { Indented = true });
        json.WriteStartObject();
        json.WriteString("$schema", "http://cyclonedx.org/schema/bom-1.6.schema.json");
        json.WriteString("bomFormat", "CycloneDX");
        json.WriteString("specVersion", SpecVersion);
        json.WriteString("serialNumber", $"urn:uuid:{serialNumber:D}");
        json.WriteNumber("version", 1);
        WriteMetadata(json, generatedAt, toolVersion);

        // Each package once per zip that holds it (a layer's packages once, whatever the number of functions).
        var packages = entries
            .GroupBy(e => (e.FoundIn, e.Location, e.Dependency))
            .Select(g => g.First())
            .ToList();
        // What was read: the zips given, and those the entries name (every entry was found in a zip read).
        var read = scanned.Concat(entries.Select(e => new BomScope(e.FunctionName, e.FunctionArn, e.Source, e.FoundIn))).Distinct().ToList();
        var functions = read.Where(r => r.FunctionArn is not null).GroupBy(r => r.FunctionArn!, StringComparer.Ordinal).ToList();
        var zips = read.Where(r => r.Source != "Code").GroupBy(r => r.FoundIn, StringComparer.Ordinal).Select(g => g.First()).ToList();
        IEnumerable<BomEntry> In(string foundIn, bool code) => packages.Where(p => (p.Source == "Code") == code && p.FoundIn == foundIn);
        json.WriteStartArray("components");
        foreach (var function in functions)
        {
            WriteContainer(json, "application", function.Key, function.First().FunctionName ?? function.Key, function.Key, In(function.Key, code: true));
        }

        foreach (var zip in zips)
        {
            var layer = zip.Source == "Layer";
            WriteContainer(json, layer ? "library" : "file", zip.FoundIn, layer ? LayerName(zip.FoundIn) : Path.GetFileName(zip.FoundIn), layer ? zip.FoundIn : null, In(zip.FoundIn, code: false));
        }

        json.WriteEndArray();

        json.WriteStartArray("dependencies");
        foreach (var function in functions)
        {
            var layers = function.Where(r => r.Source == "Layer").Select(r => r.FoundIn);
            WriteDependency(json, function.Key, In(function.Key, code: true).Select(Ref).Concat(layers));
        }

        foreach (var zip in zips)
        {
            WriteDependency(json, zip.FoundIn, In(zip.FoundIn, code: false).Select(Ref));
        }

        json.WriteEndArray();
        WriteVulnerabilities(json, packages, advisories);
        json.WriteEndObject();
    }

    private static void WriteMetadata(Utf8JsonWriter json, DateTime generatedAt, string toolVersion)
    {
        json.WriteStartObject("metadata");
        json.WriteString("timestamp", generatedAt.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture));
        json.WriteStartObject("tools");
        json.WriteStartArray("components");
        json.WriteStartObject();
        json.WriteString("type", "application");
        json.WriteString("name", "LambdaSec");
        json.WriteString("version", toolVersion);
        json.WriteEndObject();
        json.WriteEndArray();
        json.WriteEndObject();
        json.WriteStartObject("component");
        json.WriteString("type", "platform");
        json.WriteString("bom-ref", "lambdasec:estate");
        json.WriteString("name", "AWS Lambda functions and layers");
        json.WriteEndObject();
        json.WriteEndObject();
    }

    /// <summary>A function, layer version or zip, with its packages as nested components.</summary>
    private static void WriteContainer(Utf8JsonWriter json, string type, string reference, string name, string? arn, IEnumerable<BomEntry> packages)
    {
        json.WriteStartObject();
        json.WriteString("type", type);
        json.WriteString("bom-ref", reference);
        json.WriteString("name", name);
        if (arn is not null)
        {
            WriteProperties(json, ("aws:lambda:arn", arn));
        }

        json.WriteStartArray("components");
        foreach (var package in packages)
        {
            WritePackage(json, package);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WritePackage(Utf8JsonWriter json, BomEntry entry)
    {
        var dependency = entry.Dependency;
        // CycloneDX's group: a Maven groupId or an npm scope.
        var (group, name) = dependency.Ecosystem switch
        {
            DependencyParser.Maven when dependency.Name.IndexOf(':') is var colon and > 0 => (dependency.Name.Substring(0, colon), dependency.Name.Substring(colon + 1)),
            DependencyParser.Npm when dependency.Name.StartsWith("@", StringComparison.Ordinal) && dependency.Name.IndexOf('/') is var slash and > 0 => (dependency.Name.Substring(0, slash), dependency.Name.Substring(slash + 1)),
            _ => ((string?)null, dependency.Name),
        };
        json.WriteStartObject();
        json.WriteString("type", "library");
        json.WriteString("bom-ref", Ref(entry));
        if (group is not null) json.WriteString("group", group);
        json.WriteString("name", name);
        json.WriteString("version", dependency.Version);
        json.WriteString("purl", dependency.Purl);
        WriteProperties(json, ("lambdasec:ecosystem", dependency.Ecosystem), ("lambdasec:location", entry.Location));
        json.WriteEndObject();
    }

    private static void WriteVulnerabilities(Utf8JsonWriter json, IReadOnlyList<BomEntry> packages, IReadOnlyDictionary<Dependency, IReadOnlyList<OsvAdvisory>> advisories)
    {
        var affected = packages
            .SelectMany(p => advisories.TryGetValue(p.Dependency, out var found) ? found.Select(a => (Advisory: a, Package: p)) : [])
            .GroupBy(x => x.Advisory.Id, StringComparer.Ordinal)
            .ToList();
        json.WriteStartArray("vulnerabilities");
        foreach (var vulnerability in affected)
        {
            var advisory = vulnerability.First().Advisory;
            json.WriteStartObject();
            json.WriteString("bom-ref", $"vulnerability:{advisory.Id}");
            json.WriteString("id", advisory.Id);
            WriteSource(json, "source", advisory.Id);
            if (advisory.Aliases.Count > 0)
            {
                json.WriteStartArray("references");
                foreach (var alias in advisory.Aliases)
                {
                    json.WriteStartObject();
                    json.WriteString("id", alias);
                    WriteSource(json, "source", alias);
                    json.WriteEndObject();
                }

                json.WriteEndArray();
            }

            WriteRatings(json, advisory);
            if (advisory.Summary is { Length: > 0 } summary) json.WriteString("description", summary);
            var fixes = vulnerability.Select(x => advisory.FixedVersionFor(x.Package.Dependency) is { } v ? $"{x.Package.Dependency.Name} {v}" : null).OfType<string>().Distinct(StringComparer.Ordinal).ToList();
            if (fixes.Count > 0) json.WriteString("recommendation", $"Upgrade to a fixed version: {string.Join("; ", fixes)}.");
            json.WriteStartArray("affects");
            foreach (var reference in vulnerability.Select(x => Ref(x.Package)).Distinct(StringComparer.Ordinal))
            {
                json.WriteStartObject();
                json.WriteString("ref", reference);
                json.WriteEndObject();
            }

            json.WriteEndArray();
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>The database's severity word (GitHub's LOW/MODERATE/HIGH/CRITICAL) and the CVSS vector, as two ratings when both are known.</summary>
    private static void WriteRatings(Utf8JsonWriter json, OsvAdvisory advisory)
    {
        var severity = advisory.Severity?.ToUpperInvariant() switch
        {
            "CRITICAL" => "critical",
            "HIGH" => "high",
            "MODERATE" or "MEDIUM" => "medium",
            "LOW" => "low",
            null => null,
            _ => "unknown",
        };
        var method = advisory.Cvss switch
        {
            { } v when v.StartsWith("CVSS:3.1/", StringComparison.Ordinal) => "CVSSv31",
            { } v when v.StartsWith("CVSS:3.0/", StringComparison.Ordinal) => "CVSSv3",
            { } v when v.StartsWith("CVSS:4.0/", StringComparison.Ordinal) => "CVSSv4",
            { } => "CVSSv2",
            null => null,
        };
        if (severity is null && method is null) return;
        json.WriteStartArray("ratings");
        if (severity is not null)
        {
            json.WriteStartObject();
            json.WriteString("severity", severity);
            json.WriteString("method", "other");
            json.WriteEndObject();
        }

        if (method is not null)
        {
            json.WriteStartObject();
            json.WriteString("method", method);
            json.WriteString("vector", advisory.Cvss);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>Where an advisory id is published: NVD for CVE ids, GitHub for GHSA ids, OSV for the rest.</summary>
    private static void WriteSource(Utf8JsonWriter json, string property, string id)
    {
        var (name, url) = id switch
        {
            _ when id.StartsWith("CVE-", StringComparison.Ordinal) => ("NVD", $"https://nvd.nist.gov/vuln/detail/{id}"),
            _ when id.StartsWith("GHSA-", StringComparison.Ordinal) => ("GitHub", $"https://github.com/advisories/{id}"),
            _ => ("OSV", $"https://osv.dev/vulnerability/{Uri.EscapeDataString(id)}"),
        };
        json.WriteStartObject(property);
        json.WriteString("name", name);
        json.WriteString("url", url);
        json.WriteEndObject();
    }

    private static void WriteDependency(Utf8JsonWriter json, string reference, IEnumerable<string> dependsOn)
    {
        json.WriteStartObject();
        json.WriteString("ref", reference);
        json.WriteStartArray("dependsOn");
        foreach (var target in dependsOn.Distinct(StringComparer.Ordinal))
        {
            json.WriteStringValue(target);
        }

        json.WriteEndArray();
        json.WriteEndObject();
    }

    private static void WriteProperties(Utf8JsonWriter json, params (string Name, string Value)[] properties)
    {
        json.WriteStartArray("properties");
        foreach (var (name, value) in properties)
        {
            json.WriteStartObject();
            json.WriteString("name", name);
            json.WriteString("value", value);
            json.WriteEndObject();
        }

        json.WriteEndArray();
    }

    /// <summary>A package component's bom-ref: unique per zip, file in it and package (a lock file names many).</summary>
    private static string Ref(BomEntry entry) => $"{entry.FoundIn}|{entry.Location}|{entry.Dependency.Purl}";

    /// <summary>"name:version" of a layer version ARN (arn:aws:lambda:region:account:layer:name:version).</summary>
    private static string LayerName(string arn)
    {
        var parts = arn.Split(':');
        return parts.Length >= 8 ? $"{parts[6]}:{parts[7]}" : arn;
    }
}
