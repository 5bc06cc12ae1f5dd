using System;
using System.Collections.Generic;
using System.Text.Json;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>
/// npm's package records: the package.json of an installed package ("name", "version") and package-lock.json
/// lockfileVersion 2 and 3, whose "packages" object maps each install path ("node_modules/a",
/// "node_modules/a/node_modules/@s/b") to its version (https://docs.npmjs.com/cli/v10/configuring-npm/package-lock-json,
/// checked 2026-12-03). lockfileVersion 1 files (npm 6 and older) have no "packages" and name nothing here.
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
        if (!root.TryGetProperty("packages", out var packages) || packages.ValueKind != JsonValueKind.Object) return found;
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
}
