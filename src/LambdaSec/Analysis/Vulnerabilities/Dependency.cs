using System;
using System.Linq;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>
/// One installed package: its OSV ecosystem (PyPI, npm, Maven, NuGet, Go, RubyGems), name and version as OSV
/// names them, and its package URL (purl spec, https://github.com/package-url/purl-spec, PURL-TYPES.rst,
/// checked 2026-12-03).
/// </summary>
/// <remarks>
/// Names are OSV's: PyPI names normalized (PEP 503), Maven "groupId:artifactId", Go module paths. Go versions
/// are without the leading "v" (OSV's Go records compare "0.3.8"); the purl keeps Go's own "v0.3.8" form.
/// </remarks>
public sealed record Dependency(string Ecosystem, string Name, string Version)
{
    public string Purl => Ecosystem switch
    {
        DependencyParser.PyPI => $"pkg:pypi/{Encode(Name)}@{Encode(Version)}",
        DependencyParser.Npm => $"pkg:npm/{EncodePath(Name)}@{Encode(Version)}",
        DependencyParser.Maven => $"pkg:maven/{EncodePath(Name.Replace(':', '/'))}@{Encode(Version)}",
        DependencyParser.NuGet => $"pkg:nuget/{Encode(Name)}@{Encode(Version)}",
        DependencyParser.Go => $"pkg:golang/{EncodePath(Name)}@{Encode(Name == GoBuildInfo.StandardLibrary ? Version : "v" + Version)}",
        DependencyParser.RubyGems => $"pkg:gem/{Encode(Name)}@{Encode(Version)}",
        _ => $"pkg:generic/{Encode(Name)}@{Encode(Version)}",
    };

    /// <summary>Percent-encodes one purl segment (an npm scope's "@" becomes %40, a version's "+" %2B).</summary>
    private static string Encode(string segment) => Uri.EscapeDataString(segment);

    /// <summary>Percent-encodes each '/'-separated segment (npm scopes, Maven group and artifact, Go module paths).</summary>
    private static string EncodePath(string path) => string.Join("/", path.Split('/').Select(Encode));
}
