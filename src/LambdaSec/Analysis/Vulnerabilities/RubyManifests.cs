using System.Collections.Generic;
using System.IO;
using System.Text.RegularExpressions;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>
/// Ruby's package records: Bundler's Gemfile.lock, whose GEM sections list each locked gem under "specs:" as
/// "    name (version)" (four spaces; six-space lines below it are that gem's own requirements)
/// (https://guides.rubygems.org/gemfile-lock/, checked 2026-12-03), and the specification RubyGems installs
/// for each gem (specifications/name-version.gemspec, with s.name and s.version).
/// </summary>
internal static class RubyManifests
{
    /// <summary>A locked gem: a version with an optional platform suffix ("1.13.10-x86_64-linux"); gem versions never hold '-'.</summary>
    private static readonly Regex LockedSpec = new(@"^    (?<name>[A-Za-z0-9][A-Za-z0-9._-]*) \((?<version>[0-9][0-9A-Za-z.]*)(-[^)]+)?\)\s*$", RegexOptions.CultureInvariant);

    private static readonly Regex GemspecName = new(@"\.name\s*=\s*[""'](?<value>[^""']+)[""']", RegexOptions.CultureInvariant);

    private static readonly Regex GemspecVersion = new(@"\.version\s*=\s*[""'](?<value>[^""']+)[""']", RegexOptions.CultureInvariant);

    /// <summary>The specs of the GEM sections; GIT and PATH sections are gems from a repository or folder, not published versions.</summary>
    public static IReadOnlyList<Dependency> ParseGemfileLock(string text)
    {
        var found = new List<Dependency>();
        var inGem = false;
        using var reader = new StringReader(text);
        string? line;
        while ((line = reader.ReadLine()) is not null)
        {
            if (line.Length > 0 && !char.IsWhiteSpace(line[0]))
            {
                inGem = line.TrimEnd() == "GEM";
                continue;
            }

            var match = inGem ? LockedSpec.Match(line) : Match.Empty;
            if (match.Success) found.Add(new Dependency(DependencyParser.RubyGems, match.Groups["name"].Value, match.Groups["version"].Value));
        }

        return found;
    }

    public static IReadOnlyList<Dependency> ParseGemspec(string text)
    {
        var name = GemspecName.Match(text);
        var version = GemspecVersion.Match(text);
        return name.Success && version.Success
            ? [new Dependency(DependencyParser.RubyGems, name.Groups["value"].Value, version.Groups["value"].Value)]
            : [];
    }
}
