using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Vulnerabilities;
using LambdaSec.Aws;
using LambdaSec.Model;

namespace LambdaSec.Collect;

/// <summary>
/// Amazon Inspector's package-vulnerability findings of a Lambda function as <see cref="LambdaVulnerability"/> objects
/// (botocore inspector2/2020-06-08 shapes Finding, PackageVulnerabilityDetails, VulnerablePackage, CvssScore), and their
/// merge with OSV's: a package and advisory both report is one object, ReportedBy Both.
/// </summary>
public static class InspectorVulnerabilities
{
    /// <summary>VulnerablePackage.packageManager to OSV's ecosystem (botocore enum PackageManager); OS packages and others get none.</summary>
    private static readonly Dictionary<string, string> Ecosystems = new(StringComparer.Ordinal)
    {
        ["PIP"] = DependencyParser.PyPI, ["PIPENV"] = DependencyParser.PyPI, ["POETRY"] = DependencyParser.PyPI, ["PYTHONPKG"] = DependencyParser.PyPI,
        ["NPM"] = DependencyParser.Npm, ["YARN"] = DependencyParser.Npm, ["NODEPKG"] = DependencyParser.Npm,
        ["JAR"] = DependencyParser.Maven, ["POM"] = DependencyParser.Maven,
        ["NUGET"] = DependencyParser.NuGet, ["DOTNET_CORE"] = DependencyParser.NuGet,
        ["GOBINARY"] = DependencyParser.Go, ["GOMOD"] = DependencyParser.Go,
        ["BUNDLER"] = DependencyParser.RubyGems, ["GEMSPEC"] = DependencyParser.RubyGems,
    };

    /// <summary>One object per vulnerable package of each PACKAGE_VULNERABILITY finding of the function.</summary>
    public static IEnumerable<LambdaVulnerability> FromFindings(IEnumerable<AwsNode> findings, string? functionName, string? functionArn, string? region, string? accountId)
    {
        foreach (var finding in findings.Where(f => f.GetString("type") == "PACKAGE_VULNERABILITY"))
        {
            var details = finding.Get("packageVulnerabilityDetails");
            if (details?.GetString("vulnerabilityId") is not { Length: > 0 } id) continue;
            var (score, vector) = ScoreOf(finding, details);
            foreach (var package in details.GetList("vulnerablePackages"))
            {
                var dependency = DependencyOf(package);
                if (dependency is null) continue;
                var layer = package.GetString("sourceLambdaLayerArn");
                yield return new LambdaVulnerability
                {
                    FunctionName = functionName,
                    FunctionArn = functionArn,
                    Region = region,
                    AccountId = finding.GetString("awsAccountId") ?? accountId,
                    Source = layer is null ? "Code" : "Layer",
                    FoundIn = layer ?? functionArn ?? functionName ?? string.Empty,
                    Location = package.GetString("filePath") ?? string.Empty,
                    Ecosystem = dependency.Ecosystem,
                    Package = dependency.Name,
                    Version = dependency.Version,
                    Purl = dependency.Purl,
                    VulnerabilityId = id,
                    Aliases = details.GetStrings("relatedVulnerabilities").ToArray(),
                    Summary = finding.GetString("title"),
                    Severity = score is { } s ? Cvss3.Rating(s) : OsvAdvisory.Word(finding.GetString("severity")),
                    Score = score,
                    Cvss = vector,
                    FixedVersion = package.GetString("fixedInVersion"),
                    ReportedBy = "Inspector",
                };
            }
        }
    }

    /// <summary>
    /// OSV's and Inspector's objects as one list: an OSV object and an Inspector one for the same function and package
    /// (ecosystem, name, version) whose advisory ids meet (the id or an alias of one is the id or an alias of the other:
    /// Inspector names CVEs, OSV GHSA ids with CVE aliases) are the OSV object with ReportedBy Both (and Inspector's fixed
    /// version when OSV knows none).
    /// </summary>
    public static IReadOnlyList<LambdaVulnerability> Merge(IReadOnlyList<LambdaVulnerability> osv, IReadOnlyList<LambdaVulnerability> inspector)
    {
        var merged = new List<LambdaVulnerability>(osv.Count + inspector.Count);
        var matched = new HashSet<int>();
        foreach (var found in osv)
        {
            var same = Enumerable.Range(0, inspector.Count).Where(i => SamePackage(found, inspector[i]) && Ids(found).Overlaps(Ids(inspector[i]))).ToList();
            matched.UnionWith(same);
            merged.Add(same.Count == 0 ? found : found with { ReportedBy = "Both", FixedVersion = found.FixedVersion ?? inspector[same[0]].FixedVersion });
        }

        merged.AddRange(inspector.Where((_, i) => !matched.Contains(i)));
        return merged;
    }

    private static bool SamePackage(LambdaVulnerability a, LambdaVulnerability b) =>
        string.Equals(a.FunctionArn ?? a.FunctionName, b.FunctionArn ?? b.FunctionName, StringComparison.Ordinal)
        && string.Equals(a.Ecosystem, b.Ecosystem, StringComparison.Ordinal)
        && string.Equals(a.Package, b.Package, StringComparison.OrdinalIgnoreCase)
        && string.Equals(a.Version, b.Version, StringComparison.Ordinal);

    private static HashSet<string> Ids(LambdaVulnerability v) => new(v.Aliases.Append(v.VulnerabilityId), StringComparer.OrdinalIgnoreCase);

    /// <summary>The package as OSV names it (PyPI names PEP 503-normalized, Go versions without "v"); null without name or version.</summary>
    private static Dependency? DependencyOf(AwsNode package)
    {
        if (package.GetString("name") is not { Length: > 0 } name || package.GetString("version") is not { Length: > 0 } version) return null;
        var ecosystem = Ecosystems.TryGetValue(package.GetString("packageManager") ?? string.Empty, out var known) ? known : string.Empty;
        return ecosystem switch
        {
            DependencyParser.PyPI => new Dependency(ecosystem, DependencyParser.NormalizePythonName(name), version),
            DependencyParser.Go => new Dependency(ecosystem, name, version.TrimStart('v')),
            _ => new Dependency(ecosystem, name, version),
        };
    }

    /// <summary>Inspector's score (inspectorScore, with its adjusted CVSS vector), else the first CVSS 3.x score of the finding, else any.</summary>
    private static (double? Score, string? Vector) ScoreOf(AwsNode finding, AwsNode details)
    {
        var cvss = details.GetList("cvss");
        var chosen = cvss.FirstOrDefault(c => c.GetString("version")?.StartsWith("3", StringComparison.Ordinal) == true) ?? (cvss.Count > 0 ? cvss[0] : null);
        var adjusted = finding.Get("inspectorScoreDetails")?.Get("adjustedCvss");
        var score = finding.GetDouble("inspectorScore") ?? adjusted?.GetDouble("score") ?? chosen?.GetDouble("baseScore");
        return (score, adjusted?.GetString("scoringVector") ?? chosen?.GetString("scoringVector"));
    }
}
