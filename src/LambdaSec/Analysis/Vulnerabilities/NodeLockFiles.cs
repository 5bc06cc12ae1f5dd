using System;
using System.Collections.Generic;
using System.IO;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>
/// yarn.lock and pnpm-lock.yaml, read line by line (their entries are one level of keys; no YAML library needed).
/// Sources, checked 2026-12-03: yarn classic's lockfile (https://classic.yarnpkg.com/lang/en/docs/yarn-lock/: each entry
/// a line of comma-separated "name@range" specifiers ending in ':', then indented "version "x.y.z""), yarn berry's
/// (https://yarnpkg.com/configuration/yarnrc and the lockfile yarn 2+ writes: YAML, "__metadata:", each entry's
/// "resolution: "name@npm:x.y.z""; workspace:, patch:, link:, portal:, file: and git resolutions are not published
/// versions), and pnpm's (https://pnpm.io/git#lockfiles and the lockfile format of pnpm 5 to 9: the keys of
/// "packages:" are "/name/1.0.0" in lockfileVersion 5, "/name@1.0.0" in 6, "name@1.0.0" in 9, with a peer suffix
/// "(peer@1.0.0)" or "_peer@1.0.0").
/// </summary>
internal static class NodeLockFiles
{
    public static IReadOnlyList<Dependency> ParseYarnLock(string text)
    {
        var found = new List<Dependency>();
        string? header = null, version = null, resolution = null;
        var berry = false;
        void Flush()
        {
            if (header is not null && (berry ? FromResolution(resolution, version) : FromSpecifier(header, version)) is { } package) found.Add(package);
            header = version = resolution = null;
        }

        using var reader = new StringReader(text);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0 || line[0] == '#') continue;
            if (!char.IsWhiteSpace(line[0]))
            {
                Flush();
                var key = line.TrimEnd();
                if (key == "__metadata:") berry = true;
                else if (key.EndsWith(":", StringComparison.Ordinal)) header = key.Substring(0, key.Length - 1);
                continue;
            }

            // Only the entry's own keys (two spaces); deeper lines are its dependencies.
            if (header is null || line.Length < 3 || line[2] == ' ' || line[1] != ' ') continue;
            var (name, value) = KeyValue(line.Trim());
            if (name == "version") version ??= value;
            else if (name == "resolution") resolution ??= value;
        }

        Flush();
        return found;
    }

    public static IReadOnlyList<Dependency> ParsePnpmLock(string text)
    {
        var found = new List<Dependency>();
        var inPackages = false;
        var slashKeys = false;
        using var reader = new StringReader(text);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length == 0 || line.TrimStart().StartsWith("#", StringComparison.Ordinal)) continue;
            if (!char.IsWhiteSpace(line[0]))
            {
                inPackages = line.TrimEnd() == "packages:";
                // lockfileVersion 5.x keys are "/name/1.0.0"; 6.0 and later "/name@1.0.0" and "name@1.0.0".
                if (line.StartsWith("lockfileVersion:", StringComparison.Ordinal)) slashKeys = Unquote(line.Substring(16).Trim()).StartsWith("5", StringComparison.Ordinal);
                continue;
            }

            // An entry of "packages:": two spaces, a key, ':' (with nothing after it, or "{}" / an inline map).
            if (!inPackages || line.Length < 3 || line[2] == ' ' || line[1] != ' ') continue;
            var colon = line.TrimEnd().EndsWith(":", StringComparison.Ordinal) ? line.TrimEnd().Length - 1 : line.IndexOf(": ", StringComparison.Ordinal);
            if (colon < 0) continue;
            if (FromPnpmKey(Unquote(line.Substring(2, colon - 2).Trim()), slashKeys) is { } package) found.Add(package);
        }

        return found;
    }

    /// <summary>yarn classic: the first specifier names the package ("@s/a@^1.0.0", or "alias@npm:real@^1" for an alias); file:, link: and URL specifiers are not published.</summary>
    private static Dependency? FromSpecifier(string header, string? version)
    {
        var first = Unquote(header.Split(',')[0].Trim());
        var at = first.IndexOf('@', 1);
        if (at <= 0) return null;
        var range = first.Substring(at + 1);
        var name = first.Substring(0, at);
        if (range.StartsWith("npm:", StringComparison.Ordinal))
        {
            var real = range.Substring(4);
            var realAt = real.IndexOf('@', 1);
            name = realAt > 0 ? real.Substring(0, realAt) : real;
        }
        else if (range.IndexOf(':') >= 0)
        {
            return null;
        }

        return NodeManifests.Package(name, version);
    }

    /// <summary>yarn berry: "name@npm:1.2.3" is a published version; other protocols (workspace:, patch:, git...) are not.</summary>
    private static Dependency? FromResolution(string? resolution, string? version)
    {
        if (resolution is null) return null;
        var at = resolution.IndexOf('@', 1);
        if (at <= 0 || string.CompareOrdinal(resolution, at + 1, "npm:", 0, 4) != 0) return null;
        var resolved = resolution.Substring(at + 5);
        return NodeManifests.Package(resolution.Substring(0, at), NodeManifests.IsRegistryVersion(resolved) ? resolved : version);
    }

    /// <summary>
    /// "/name/1.0.0_peer@2" (v5), "/name@1.0.0(peer@2)" (v6), "name@1.0.0(peer@2)" (v9); scoped names keep their
    /// "@scope/". In v5 and v6 a registry package's key starts with '/' (a git or tarball dependency's is its URL); in v9
    /// those have a version that is not a registry version ("name@https://...", "name@file:...").
    /// </summary>
    private static Dependency? FromPnpmKey(string key, bool slashKeys)
    {
        if (key.StartsWith("/", StringComparison.Ordinal)) key = key.Substring(1);
        else if (key.IndexOf('@', 1) < 0 || key.IndexOf('/') > 0 && key[0] != '@') return null;
        var peers = key.IndexOf('(');
        if (peers > 0) key = key.Substring(0, peers);
        var split = slashKeys ? key.LastIndexOf('/') : key.IndexOf('@', 1);
        if (split <= 0) return null;
        var version = key.Substring(split + 1);
        var underscore = slashKeys ? version.IndexOf('_') : -1;
        return NodeManifests.Package(key.Substring(0, split), underscore > 0 ? version.Substring(0, underscore) : version);
    }

    /// <summary>"version "1.0.0"" (yarn classic) or "version: 1.0.0" (YAML).</summary>
    private static (string Key, string Value) KeyValue(string line)
    {
        var split = line.IndexOfAny([' ', ':']);
        if (split <= 0) return (line, string.Empty);
        return (line.Substring(0, split), Unquote(line.Substring(split + 1).Trim().TrimStart(':').Trim()));
    }

    private static string Unquote(string text) =>
        text.Length >= 2 && (text[0] == '"' || text[0] == '\'') && text[text.Length - 1] == text[0] ? text.Substring(1, text.Length - 2) : text;
}
