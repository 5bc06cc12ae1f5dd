using System;
using System.Collections.Generic;
using System.Text.Json;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>
/// npm's package records: the package.json of an installed package ("name", "version") and package-lock.json:
/// lockfileVersion 2 and 3 by their "packages" object, which maps each install path ("node_modules/a",
/// "node_modules/a/node_modules/@s/b") to its version, and lockfileVersion 1 (npm 6 and older, no "packages") by its
/// "dependencies" tree, each name holding "version" and its own nested "dependencies"
/// (https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json, checked 2026-12-03). A version that is not a
/// registry version (a git URL, "file:", a tarball URL) names no published package and is left out.
/// </summary>
internal static class NodeManifests
{
    private const string NodeModules = "node_modules/";

    public static IReadOnlyList<Dependency> ParsePackage(string text) =>
        ManifestJson.Read(text, root => ManifestJson.String(root, "name") is { Length: > 0 } name && ManifestJson.String(root, "version") is { Length: > 0 } version
            ? [new Dependency(DependencyParser.Npm, name, version)]
            : []);

    /// <summary>
    /// Each entry of "packages" under a node_modules path with a version; the root ("") is the project itself, and
    /// links ("link": true) point at a folder of the project, not at a published package. An aliased install
    /// ("node_modules/alias" with "name") is the package it names.
    /// </summary>
    public static IReadOnlyList<Dependency> ParseLock(string text) => ManifestJson.Read(text, root =>
    {
        var found = new List<Dependency>();
        if (!root.TryGetProperty("packages", out var packages) || packages.ValueKind != JsonValueKind.Object)
        {
            AddDependencyTree(root, found, 0);
            return found;
        }

        foreach (var package in packages.EnumerateObject())
        {
            var at = package.Name.LastIndexOf(NodeModules, StringComparison.Ordinal);
            if (at < 0 || package.Value.ValueKind != JsonValueKind.Object) continue;
            if (package.Value.TryGetProperty("link", out var link) && link.ValueKind == JsonValueKind.True) continue;
            var name = ManifestJson.String(package.Value, "name") ?? package.Name.Substring(at + NodeModules.Length);
            if (name.Length > 0 && ManifestJson.String(package.Value, "version") is { Length: > 0 } version)
            {
                found.Add(new Dependency(DependencyParser.Npm, name, version));
            }
        }

        return found;
    });

    /// <summary>Whether <paramref name="version"/> is a registry version (npm's are SemVer: they start with a digit).</summary>
    public static bool IsRegistryVersion(string? version) => version is { Length: > 0 } && version[0] is >= '0' and <= '9';

    /// <summary>An install under an alias ("npm:real-name@1.2.3" as the version) is the package it names.</summary>
    public static Dependency? Package(string name, string? version)
    {
        if (version is not null && version.StartsWith("npm:", StringComparison.Ordinal))
        {
            var at = version.LastIndexOf('@');
            if (at <= 4) return null;
            name = version.Substring(4, at - 4);
            version = version.Substring(at + 1);
        }

        return name.Length > 0 && IsRegistryVersion(version) ? new Dependency(DependencyParser.Npm, name, version!) : null;
    }

    /// <summary>lockfileVersion 1: "dependencies" maps each name to its "version" and its own nested "dependencies" (installed below it).</summary>
    private static void AddDependencyTree(JsonElement node, List<Dependency> found, int depth)
    {
        // npm nests a package only where its version conflicts; real trees stay shallow. The bound keeps a hostile file finite.
        if (depth > 64 || !node.TryGetProperty("dependencies", out var dependencies) || dependencies.ValueKind != JsonValueKind.Object) return;
        foreach (var dependency in dependencies.EnumerateObject())
        {
            if (dependency.Value.ValueKind != JsonValueKind.Object) continue;
            if (Package(dependency.Name, ManifestJson.String(dependency.Value, "version")) is { } package) found.Add(package);
            AddDependencyTree(dependency.Value, found, depth + 1);
        }
    }
}
