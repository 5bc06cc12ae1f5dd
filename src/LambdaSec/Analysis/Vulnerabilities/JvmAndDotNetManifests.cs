using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>
/// Java's and .NET's package records. Maven writes META-INF/maven/&lt;groupId&gt;/&lt;artifactId&gt;/pom.properties
/// (groupId, artifactId, version) into every jar it builds (maven-archiver, "addMavenDescriptor",
/// https://maven.apache.org/shared/maven-archiver/, checked 2026-12-03); the OSV name is "groupId:artifactId".
/// A .NET application's *.deps.json lists its "libraries" as "Name/Version" keys, type "package" for NuGet
/// packages and "project" for the application's own projects
/// (https://github.com/dotnet/sdk/blob/main/documentation/specs/runtime-configuration-file.md, checked 2026-12-03).
/// NuGet's packages.lock.json maps each target framework to its packages, each with "type" (Direct, Transitive,
/// CentralTransitive, or Project for the application's own projects) and the "resolved" version
/// (https://learn.microsoft.com/en-us/nuget/consume-packages/package-references-in-project-files#locking-dependencies,
/// checked 2026-12-03).
/// </summary>
internal static class JvmAndDotNetManifests
{
    /// <summary>Java properties: "key=value" or "key: value" lines, '#' and '!' comments.</summary>
    public static IReadOnlyList<Dependency> ParsePomProperties(string text)
    {
        var properties = new Dictionary<string, string>(StringComparer.Ordinal);
        using var reader = new StringReader(text);
        string? raw;
        while ((raw = reader.ReadLine()) is not null)
        {
            var line = raw.Trim();
            if (line.Length == 0 || line[0] is '#' or '!') continue;
            var separator = line.IndexOfAny(['=', ':']);
            if (separator <= 0) continue;
            var key = line.Substring(0, separator).Trim();
            if (!properties.ContainsKey(key)) properties[key] = line.Substring(separator + 1).Trim();
        }

        return properties.TryGetValue("groupId", out var group) && group.Length > 0
            && properties.TryGetValue("artifactId", out var artifact) && artifact.Length > 0
            && properties.TryGetValue("version", out var version) && version.Length > 0
            ? [new Dependency(DependencyParser.Maven, $"{group}:{artifact}", version)]
            : [];
    }

    public static IReadOnlyList<Dependency> ParseNuGetLock(string text) => ManifestJson.Read(text, root =>
    {
        var found = new List<Dependency>();
        if (!root.TryGetProperty("dependencies", out var frameworks) || frameworks.ValueKind != JsonValueKind.Object) return found;
        foreach (var framework in frameworks.EnumerateObject().Where(f => f.Value.ValueKind == JsonValueKind.Object))
        {
            foreach (var package in framework.Value.EnumerateObject())
            {
                if (ManifestJson.String(package.Value, "type") is { } type && type != "Project" && ManifestJson.String(package.Value, "resolved") is { Length: > 0 } version)
                {
                    found.Add(new Dependency(DependencyParser.NuGet, package.Name, version));
                }
            }
        }

        return found;
    });

    public static IReadOnlyList<Dependency> ParseDepsJson(string text) => ManifestJson.Read(text, root =>
    {
        var found = new List<Dependency>();
        if (!root.TryGetProperty("libraries", out var libraries) || libraries.ValueKind != JsonValueKind.Object) return found;
        foreach (var library in libraries.EnumerateObject())
        {
            var slash = library.Name.IndexOf('/');
            if (slash <= 0 || slash == library.Name.Length - 1 || ManifestJson.String(library.Value, "type") != "package") continue;
            found.Add(new Dependency(DependencyParser.NuGet, library.Name.Substring(0, slash), library.Name.Substring(slash + 1)));
        }

        return found;
    });
}
