using System;
using System.Collections.Generic;
using System.Text.RegularExpressions;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>The kinds of file that record packages in a deployment package or layer.</summary>
public enum ManifestKind
{
    /// <summary>Python core metadata of an installed distribution: *.dist-info/METADATA, *.egg-info/PKG-INFO.</summary>
    PythonMetadata,

    /// <summary>A pip requirements file (requirements*.txt): only pinned "name==version" lines.</summary>
    PythonRequirements,

    /// <summary>poetry.lock or uv.lock: one [[package]] table per locked package.</summary>
    PythonLock,

    /// <summary>Pipenv's Pipfile.lock: its "default" packages pinned with "==".</summary>
    PythonPipfileLock,

    /// <summary>The package.json at the root of a node_modules package.</summary>
    NodePackage,

    /// <summary>package-lock.json (lockfileVersion 2 or 3, its "packages" object; lockfileVersion 1, its "dependencies" tree) or npm's node_modules/.package-lock.json.</summary>
    NodeLock,

    /// <summary>yarn.lock, yarn classic's (v1) or berry's (yarn 2 and later).</summary>
    YarnLock,

    /// <summary>pnpm-lock.yaml (lockfileVersion 5 to 9): the keys of its "packages".</summary>
    PnpmLock,

    /// <summary>META-INF/maven/&lt;groupId&gt;/&lt;artifactId&gt;/pom.properties, written by Maven into every jar it builds.</summary>
    MavenPomProperties,

    /// <summary>A .NET application's *.deps.json: its "libraries" of type "package".</summary>
    DotNetDeps,

    /// <summary>NuGet's packages.lock.json: each target framework's resolved packages.</summary>
    NuGetLock,

    /// <summary>Bundler's Gemfile.lock: the specs of its GEM sections.</summary>
    GemfileLock,

    /// <summary>An installed gem's specifications/*.gemspec (s.name and s.version).</summary>
    Gemspec,
}

/// <summary>
/// Recognizes the files that record packages in a deployment package or layer and reads the packages from their
/// text. Installed-package manifests (Python metadata, node_modules package.json, pom.properties, deps.json, gemspecs)
/// say what is there; lock and requirements files say what was asked for. Go binaries are read by
/// <see cref="GoBuildInfo"/> and nested jars by the inventory, which opens them as zips.
/// </summary>
public static class DependencyParser
{
    /// <summary>OSV's ecosystem names (https://ossf.github.io/osv-schema/#affectedpackage-field, checked 2026-12-03).</summary>
    public const string PyPI = "PyPI";

    public const string Npm = "npm";

    public const string Maven = "Maven";

    public const string NuGet = "NuGet";

    public const string Go = "Go";

    public const string RubyGems = "RubyGems";

    /// <summary>A package manifest or lock file is small; anything bigger is not one.</summary>
    public const int MaxManifestBytes = 4 * 1024 * 1024;

    private static readonly (Regex Path, ManifestKind Kind)[] Kinds =
    [
        (new(@"(^|/)[^/]+\.(dist-info/METADATA|egg-info/PKG-INFO)$", RegexOptions.CultureInvariant), ManifestKind.PythonMetadata),
        (new(@"(^|/)requirements[^/]*\.txt$", RegexOptions.CultureInvariant | RegexOptions.IgnoreCase), ManifestKind.PythonRequirements),
        (new(@"(^|/)(poetry|uv)\.lock$", RegexOptions.CultureInvariant), ManifestKind.PythonLock),
        (new(@"(^|/)node_modules/(@[^/]+/)?[^/]+/package\.json$", RegexOptions.CultureInvariant), ManifestKind.NodePackage),
        (new(@"^((?!(^|/)node_modules/).)*(^|/)package-lock\.json$|(^|/)node_modules/\.package-lock\.json$", RegexOptions.CultureInvariant), ManifestKind.NodeLock),
        (new(@"^((?!(^|/)node_modules/).)*(^|/)yarn\.lock$", RegexOptions.CultureInvariant), ManifestKind.YarnLock),
        (new(@"^((?!(^|/)node_modules/).)*(^|/)pnpm-lock\.yaml$", RegexOptions.CultureInvariant), ManifestKind.PnpmLock),
        (new(@"(^|/)Pipfile\.lock$", RegexOptions.CultureInvariant), ManifestKind.PythonPipfileLock),
        (new(@"(^|/)packages\.lock\.json$", RegexOptions.CultureInvariant), ManifestKind.NuGetLock),
        (new(@"(^|/)META-INF/maven/[^/]+/[^/]+/pom\.properties$", RegexOptions.CultureInvariant), ManifestKind.MavenPomProperties),
        (new(@"(^|/)[^/]+\.deps\.json$", RegexOptions.CultureInvariant), ManifestKind.DotNetDeps),
        (new(@"(^|/)Gemfile\.lock$|(^|/)gems\.locked$", RegexOptions.CultureInvariant), ManifestKind.GemfileLock),
        (new(@"(^|/)specifications/[^/]+\.gemspec$", RegexOptions.CultureInvariant), ManifestKind.Gemspec),
    ];

    private static readonly Regex PythonNameSeparators = new("[-_.]+", RegexOptions.CultureInvariant);

    /// <summary>The kind of manifest <paramref name="path"/> (a path inside a zip, '/'-separated) is, or null when it is not one.</summary>
    public static ManifestKind? KindOf(string path)
    {
        foreach (var (pattern, kind) in Kinds)
        {
            if (pattern.IsMatch(path)) return kind;
        }

        return null;
    }

    /// <summary>Whether the kind lists packages asked for (a lock or requirements file) rather than packages installed.</summary>
    public static bool IsLockFile(ManifestKind kind) =>
        kind is ManifestKind.PythonRequirements or ManifestKind.PythonLock or ManifestKind.PythonPipfileLock or ManifestKind.NodeLock
            or ManifestKind.YarnLock or ManifestKind.PnpmLock or ManifestKind.NuGetLock or ManifestKind.GemfileLock;

    /// <summary>Whether <paramref name="path"/> is a Java archive, itself a zip that may hold pom.properties and more jars.</summary>
    public static bool IsJavaArchive(string path) => path.EndsWith(".jar", StringComparison.OrdinalIgnoreCase);

    /// <summary>Whether <paramref name="path"/> may be an executable (a file name without an extension, like Lambda's "bootstrap" or an extension's binary), worth probing for Go build information.</summary>
    public static bool MayBeExecutable(string path)
    {
        var name = path.Substring(path.LastIndexOf('/') + 1);
        return name.Length > 0 && name.IndexOf('.') < 0;
    }

    /// <summary>The packages a manifest of <paramref name="kind"/> records; an empty list when it names none or is not valid.</summary>
    public static IReadOnlyList<Dependency> Parse(ManifestKind kind, string text) => kind switch
    {
        ManifestKind.PythonMetadata => PythonManifests.ParseMetadata(text),
        ManifestKind.PythonRequirements => PythonManifests.ParseRequirements(text),
        ManifestKind.PythonLock => PythonManifests.ParseLock(text),
        ManifestKind.PythonPipfileLock => PythonManifests.ParsePipfileLock(text),
        ManifestKind.NodePackage => NodeManifests.ParsePackage(text),
        ManifestKind.NodeLock => NodeManifests.ParseLock(text),
        ManifestKind.YarnLock => NodeLockFiles.ParseYarnLock(text),
        ManifestKind.PnpmLock => NodeLockFiles.ParsePnpmLock(text),
        ManifestKind.MavenPomProperties => JvmAndDotNetManifests.ParsePomProperties(text),
        ManifestKind.DotNetDeps => JvmAndDotNetManifests.ParseDepsJson(text),
        ManifestKind.NuGetLock => JvmAndDotNetManifests.ParseNuGetLock(text),
        ManifestKind.GemfileLock => RubyManifests.ParseGemfileLock(text),
        ManifestKind.Gemspec => RubyManifests.ParseGemspec(text),
        _ => [],
    };

    /// <summary>PEP 503 normalization: lower case, runs of -, _ and . as one -.</summary>
    public static string NormalizePythonName(string name) => PythonNameSeparators.Replace(name, "-").ToLowerInvariant();
}
