using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>
/// Python's package records: core metadata (https://packaging.python.org/en/latest/specifications/core-metadata/),
/// pinned requirements (https://pip.pypa.io/en/stable/reference/requirements-file-format/), and the [[package]]
/// tables of poetry.lock and uv.lock (https://docs.astral.sh/uv/concepts/projects/layout/#the-lockfile), and Pipenv's
/// Pipfile.lock, JSON whose "default" section maps each package to its pinned "version" ("==2.19.0"); "develop" is the
/// development packages, not deployed (https://pipenv.pypa.io/en/latest/pipfile.html). Sources checked 2026-12-03.
/// </summary>
internal static class PythonManifests
{
    /// <summary>"name==version" or "name[extras] == version", followed by nothing, an environment marker, a comment or options (--hash).</summary>
    private static readonly Regex PinnedRequirement = new(
        @"^(?<name>[A-Za-z0-9][A-Za-z0-9._-]*)\s*(\[[^\]]*\])?\s*={2,3}\s*(?<version>[A-Za-z0-9][A-Za-z0-9.+!_-]*)\s*(;.*|#.*|--.*)?$",
        RegexOptions.CultureInvariant);

    private static readonly Regex TomlString = new(@"^(?<key>[A-Za-z_-]+)\s*=\s*""(?<value>[^""]*)""", RegexOptions.CultureInvariant);

    private static readonly Regex LocalSource = new(@"^source\s*=\s*\{\s*(editable|virtual|path|directory)\s*=|^type\s*=\s*""(directory|file)""", RegexOptions.CultureInvariant);

    public static IReadOnlyList<Dependency> ParseMetadata(string text)
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

        return One(name, version);
    }

    /// <summary>Only exact pins name a version; ranges, URLs, editable installs and included files (-r, -e) are left out.</summary>
    public static IReadOnlyList<Dependency> ParseRequirements(string text)
    {
        var found = new List<Dependency>();
        // A backslash at the end of a line continues it (pip joins them before reading).
        foreach (var raw in text.Replace("\\\r\n", " ").Replace("\\\n", " ").Split('\n'))
        {
            var match = PinnedRequirement.Match(raw.Trim());
            if (match.Success) found.AddRange(One(match.Groups["name"].Value, match.Groups["version"].Value));
        }

        return found;
    }

    /// <summary>
    /// The name and version of each [[package]] table (its own keys, not those of its sub-tables such as
    /// [package.dependencies]); the project itself and local paths (uv's editable/virtual/path/directory sources,
    /// poetry's directory/file sources) are not published packages and are left out.
    /// </summary>
    public static IReadOnlyList<Dependency> ParseLock(string text)
    {
        var found = new List<Dependency>();
        string? name = null, version = null;
        bool inPackage = false, ownKeys = false, inSource = false, local = false;
        void Flush()
        {
            if (inPackage && !local) found.AddRange(One(name, version));
            name = version = null;
            local = false;
        }

        using var reader = new StringReader(text);
        string? raw;
        while ((raw = reader.ReadLine()) is not null)
        {
            var line = raw.Trim();
            if (line.StartsWith("[", StringComparison.Ordinal))
            {
                var table = line.Trim('[', ']').Trim();
                if (line.StartsWith("[[", StringComparison.Ordinal) && table == "package")
                {
                    Flush();
                    inPackage = ownKeys = true;
                }
                else if (inPackage && table.StartsWith("package.", StringComparison.Ordinal))
                {
                    ownKeys = false;
                }
                else
                {
                    Flush();
                    inPackage = ownKeys = false;
                }

                inSource = table == "package.source";
                continue;
            }

            if (!inPackage || !(ownKeys || inSource)) continue;
            if (LocalSource.IsMatch(line)) local = true;
            var match = TomlString.Match(line);
            if (!ownKeys || !match.Success) continue;
            if (match.Groups["key"].Value == "name") name ??= match.Groups["value"].Value;
            else if (match.Groups["key"].Value == "version") version ??= match.Groups["value"].Value;
        }

        Flush();
        return found;
    }

    /// <summary>The "default" packages pinned with "==" (a git, path or file requirement has no version).</summary>
    public static IReadOnlyList<Dependency> ParsePipfileLock(string text) => ManifestJson.Read(text, root =>
    {
        var found = new List<Dependency>();
        if (!root.TryGetProperty("default", out var packages) || packages.ValueKind != JsonValueKind.Object) return found;
        foreach (var package in packages.EnumerateObject())
        {
            if (ManifestJson.String(package.Value, "version") is { } pin && pin.StartsWith("==", StringComparison.Ordinal))
            {
                found.AddRange(One(package.Name, pin.TrimStart('=').Trim()));
            }
        }

        return found;
    });

    private static IReadOnlyList<Dependency> One(string? name, string? version) =>
        name is { Length: > 0 } && version is { Length: > 0 }
            ? [new Dependency(DependencyParser.PyPI, DependencyParser.NormalizePythonName(name), version)]
            : [];
}
