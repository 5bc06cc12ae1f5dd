using System;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>
/// One installed package: its OSV ecosystem ("PyPI", "npm"), name and version, and its package URL
/// (purl spec: https://github.com/package-url/purl-spec, pypi names normalized, npm scopes as %40scope).
/// </summary>
public sealed record Dependency(string Ecosystem, string Name, string Version)
{
    public string Purl => Ecosystem switch
    {
        DependencyParser.PyPI => $"pkg:pypi/{Name}@{Version}",
        DependencyParser.Npm => $"pkg:npm/{(Name.StartsWith("@", StringComparison.Ordinal) ? "%40" + Name.Substring(1) : Name)}@{Version}",
        _ => $"pkg:generic/{Name}@{Version}",
    };
}
