using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>
/// The version orderings OSV's affected ranges are written in (https://ossf.github.io/osv-schema/#affectedrangestype-field):
/// SEMVER ranges use SemVer 2.0.0 precedence (https://semver.org/#spec-item-11); ECOSYSTEM ranges use the package
/// ecosystem's own order, known here for PyPI (PEP 440, https://peps.python.org/pep-0440/), npm and Go (SemVer, as
/// node-semver and Go's semver order; Go's leading "v" optional, "+incompatible" build metadata), Maven (Maven's
/// ComparableVersion), NuGet (SemVer 2.0.0 with a fourth, revision number and case-insensitive pre-release labels) and
/// RubyGems (Gem::Version). A version that does not parse compares as unknown (null), never as older or newer.
/// </summary>
public static class VersionOrder
{
    private static readonly Regex SemVerPattern = new(
        @"^v?(?<major>0|[1-9]\d*)\.(?<minor>0|[1-9]\d*)\.(?<patch>0|[1-9]\d*)(?:-(?<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$",
        RegexOptions.CultureInvariant);

    // PEP 440's permissive form (Appendix B of the PEP, as the packaging library parses it), lower-cased first.
    private static readonly Regex Pep440Pattern = new(
        @"^v?(?:(?<epoch>\d+)!)?(?<release>\d+(?:\.\d+)*)(?:[-_.]?(?<preL>alpha|a|beta|b|preview|pre|c|rc)[-_.]?(?<preN>\d+)?)?(?:-(?<postN1>\d+)|[-_.]?(?<postL>post|rev|r)[-_.]?(?<postN2>\d+)?)?(?:[-_.]?(?<devL>dev)[-_.]?(?<devN>\d+)?)?(?:\+(?<local>[a-z0-9]+(?:[-_.][a-z0-9]+)*))?$",
        RegexOptions.CultureInvariant);

    private static readonly Regex NuGetPattern = new(
        @"^v?(?<n0>\d+)(?:\.(?<n1>\d+))?(?:\.(?<n2>\d+))?(?:\.(?<n3>\d+))?(?:-(?<pre>[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$",
        RegexOptions.CultureInvariant);

    /// <summary>What Gem::Version accepts (its ANCHORED_VERSION_PATTERN).</summary>
    private static readonly Regex GemPattern = new(@"^[0-9]+(?:\.[0-9a-zA-Z]+)*(?:-[0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*)?$", RegexOptions.CultureInvariant);

    private static readonly Regex GemSegment = new("[0-9]+|[a-zA-Z]+", RegexOptions.CultureInvariant);

    /// <summary>Compares two versions in a range of <paramref name="rangeType"/> (SEMVER or ECOSYSTEM) for <paramref name="ecosystem"/>; null when either does not parse or the order is not known here.</summary>
    public static int? Compare(string rangeType, string ecosystem, string a, string b)
    {
        if (string.Equals(rangeType, "SEMVER", StringComparison.Ordinal))
        {
            return CompareSemVer(a, b);
        }

        return rangeType != "ECOSYSTEM" ? null : ecosystem switch
        {
            DependencyParser.Npm or DependencyParser.Go => CompareSemVer(a, b),
            DependencyParser.PyPI => ComparePep440(a, b),
            DependencyParser.Maven => MavenVersion.Compare(a, b),
            DependencyParser.NuGet => CompareNuGet(a, b),
            DependencyParser.RubyGems => CompareGem(a, b),
            _ => null,
        };
    }

    /// <summary>Whether ranges of this type can be evaluated for the ecosystem (else only the record's explicit versions list is used).</summary>
    public static bool Knows(string rangeType, string ecosystem) =>
        rangeType == "SEMVER"
        || (rangeType == "ECOSYSTEM" && ecosystem is DependencyParser.Npm or DependencyParser.PyPI or DependencyParser.Go or DependencyParser.Maven or DependencyParser.NuGet or DependencyParser.RubyGems);

    /// <summary>SemVer 2.0.0 precedence (section 11); build metadata is ignored.</summary>
    public static int? CompareSemVer(string a, string b)
    {
        var x = SemVerPattern.Match(a.Trim());
        var y = SemVerPattern.Match(b.Trim());
        if (!x.Success || !y.Success)
        {
            return null;
        }

        foreach (var part in new[] { "major", "minor", "patch" })
        {
            var order = CompareNumbers(x.Groups[part].Value, y.Groups[part].Value);
            if (order != 0) return order;
        }

        return ComparePreRelease(x.Groups["pre"], y.Groups["pre"], StringComparison.Ordinal);
    }

    /// <summary>
    /// NuGet's order (https://learn.microsoft.com/en-us/nuget/concepts/package-versioning, "Version precedence"):
    /// Major.Minor.Patch and an optional fourth Revision number (missing parts are 0), then SemVer 2.0.0 pre-release
    /// precedence with labels compared case-insensitively; build metadata ignored.
    /// </summary>
    public static int? CompareNuGet(string a, string b)
    {
        var x = NuGetPattern.Match(a.Trim());
        var y = NuGetPattern.Match(b.Trim());
        if (!x.Success || !y.Success)
        {
            return null;
        }

        foreach (var part in new[] { "n0", "n1", "n2", "n3" })
        {
            var order = CompareNumbers(x.Groups[part].Success ? x.Groups[part].Value : "0", y.Groups[part].Success ? y.Groups[part].Value : "0");
            if (order != 0) return order;
        }

        return ComparePreRelease(x.Groups["pre"], y.Groups["pre"], StringComparison.OrdinalIgnoreCase);
    }

    /// <summary>
    /// RubyGems' Gem::Version order (https://github.com/rubygems/rubygems/blob/master/lib/rubygems/version.rb): "-" reads
    /// as ".pre.", the version splits into runs of digits (numbers) and of letters (strings), trailing zeros of the
    /// release part and of the pre-release part are dropped, then segments compare in turn, a missing one as 0, a
    /// string (a pre-release) before a number, strings by their bytes.
    /// </summary>
    public static int? CompareGem(string a, string b)
    {
        var x = GemSegments(a);
        var y = GemSegments(b);
        if (x is null || y is null)
        {
            return null;
        }

        for (var i = 0; i < Math.Max(x.Count, y.Count); i++)
        {
            var left = i < x.Count ? x[i] : "0";
            var right = i < y.Count ? y[i] : "0";
            var numericLeft = char.IsDigit(left[0]);
            var numericRight = char.IsDigit(right[0]);
            var order = numericLeft && numericRight ? CompareNumbers(left, right)
                : numericLeft ? 1
                : numericRight ? -1
                : Math.Sign(string.CompareOrdinal(left, right));
            if (order != 0) return order;
        }

        return 0;
    }

    /// <summary>Gem::Version's canonical segments: numbers without leading zeros, trailing zeros dropped from the release part and the pre-release part.</summary>
    private static List<string>? GemSegments(string version)
    {
        version = version.Trim();
        if (!GemPattern.IsMatch(version))
        {
            return null;
        }

        var segments = GemSegment.Matches(version.Replace("-", ".pre.")).Cast<Match>()
            .Select(m => char.IsDigit(m.Value[0]) ? (m.Value.TrimStart('0') is { Length: > 0 } n ? n : "0") : m.Value)
            .ToList();
        var firstString = segments.FindIndex(s => !char.IsDigit(s[0]));
        var release = firstString < 0 ? segments : segments.Take(firstString).ToList();
        var pre = firstString < 0 ? [] : segments.Skip(firstString).ToList();
        static List<string> TrimZeros(List<string> part)
        {
            var end = part.Count;
            while (end > 0 && part[end - 1] == "0") end--;
            return part.Take(end).ToList();
        }

        return TrimZeros(release).Concat(TrimZeros(pre)).ToList();
    }

    /// <summary>SemVer 2.0.0 pre-release precedence (section 11.3-11.4): none after any; identifiers in turn, numbers numerically and before labels.</summary>
    private static int ComparePreRelease(Group x, Group y, StringComparison labels)
    {
        var preX = x.Success ? x.Value.Split('.') : null;
        var preY = y.Success ? y.Value.Split('.') : null;
        if (preX is null || preY is null)
        {
            // A pre-release has lower precedence than its normal version.
            return preX is null && preY is null ? 0 : preX is null ? 1 : -1;
        }

        for (var i = 0; i < Math.Min(preX.Length, preY.Length); i++)
        {
            var numericX = preX[i].All(char.IsDigit);
            var numericY = preY[i].All(char.IsDigit);
            var order = numericX && numericY ? CompareNumbers(preX[i], preY[i])
                : numericX ? -1
                : numericY ? 1
                : Math.Sign(string.Compare(preX[i], preY[i], labels));
            if (order != 0) return order;
        }

        return preX.Length.CompareTo(preY.Length);
    }

    /// <summary>PEP 440 ordering (epoch, release with trailing zeros ignored, dev &lt; pre &lt; final &lt; post, local last), on the normalized forms.</summary>
    public static int? ComparePep440(string a, string b)
    {
        var x = Pep440.Parse(a);
        var y = Pep440.Parse(b);
        return x is null || y is null ? null : x.CompareTo(y);
    }

    internal static int CompareNumbers(string a, string b)
    {
        a = a.TrimStart('0');
        b = b.TrimStart('0');
        return a.Length != b.Length ? a.Length.CompareTo(b.Length) : Math.Sign(string.CompareOrdinal(a, b));
    }

    private sealed class Pep440 : IComparable<Pep440>
    {
        // Sort keys as the packaging library builds them: a missing part sorts as -inf or +inf depending on the part.
        private const long NegativeInfinity = long.MinValue;
        private const long PositiveInfinity = long.MaxValue;

        private long _epoch;
        private long[] _release = [];
        private (int Letter, long Number) _pre;
        private long _post;
        private long _dev;
        private string[]? _local;

        public static Pep440? Parse(string text)
        {
            var match = Pep440Pattern.Match(text.Trim().ToLowerInvariant());
            if (!match.Success)
            {
                return null;
            }

            try
            {
                var release = match.Groups["release"].Value.Split('.').Select(p => long.Parse(p, CultureInfo.InvariantCulture)).ToList();
                while (release.Count > 1 && release[release.Count - 1] == 0) release.RemoveAt(release.Count - 1);
                var version = new Pep440
                {
                    _epoch = match.Groups["epoch"].Success ? long.Parse(match.Groups["epoch"].Value, CultureInfo.InvariantCulture) : 0,
                    _release = release.ToArray(),
                };
                var hasPre = match.Groups["preL"].Success;
                var hasPost = match.Groups["postN1"].Success || match.Groups["postL"].Success;
                var hasDev = match.Groups["devL"].Success;
                var preNumber = match.Groups["preN"].Success ? long.Parse(match.Groups["preN"].Value, CultureInfo.InvariantCulture) : 0;
                version._pre = hasPre
                    ? (match.Groups["preL"].Value switch { "alpha" or "a" => 0, "beta" or "b" => 1, _ => 2 }, preNumber)
                    : !hasPost && hasDev ? (int.MinValue, 0) : (int.MaxValue, 0);
                version._post = !hasPost ? NegativeInfinity
                    : long.Parse(match.Groups["postN1"].Success ? match.Groups["postN1"].Value : match.Groups["postN2"].Success ? match.Groups["postN2"].Value : "0", CultureInfo.InvariantCulture);
                version._dev = hasDev ? (match.Groups["devN"].Success ? long.Parse(match.Groups["devN"].Value, CultureInfo.InvariantCulture) : 0) : PositiveInfinity;
                version._local = match.Groups["local"].Success ? match.Groups["local"].Value.Split('-', '_', '.') : null;
                return version;
            }
            catch (OverflowException)
            {
                return null;
            }
        }

        public int CompareTo(Pep440? other)
        {
            if (other is null) return 1;
            var order = _epoch.CompareTo(other._epoch);
            for (var i = 0; order == 0 && i < Math.Max(_release.Length, other._release.Length); i++)
            {
                order = (i < _release.Length ? _release[i] : 0).CompareTo(i < other._release.Length ? other._release[i] : 0);
            }

            if (order == 0) order = _pre.Letter.CompareTo(other._pre.Letter);
            if (order == 0) order = _pre.Number.CompareTo(other._pre.Number);
            if (order == 0) order = _post.CompareTo(other._post);
            if (order == 0) order = _dev.CompareTo(other._dev);
            return order != 0 ? Math.Sign(order) : CompareLocal(_local, other._local);
        }

        /// <summary>No local part sorts first; segments compare numerically when both are numbers, a number after a word.</summary>
        private static int CompareLocal(string[]? a, string[]? b)
        {
            if (a is null || b is null) return a is null && b is null ? 0 : a is null ? -1 : 1;
            for (var i = 0; i < Math.Min(a.Length, b.Length); i++)
            {
                var numericA = a[i].All(char.IsDigit);
                var numericB = b[i].All(char.IsDigit);
                var order = numericA && numericB ? CompareNumbers(a[i], b[i]) : numericA ? 1 : numericB ? -1 : Math.Sign(string.CompareOrdinal(a[i], b[i]));
                if (order != 0) return order;
            }

            return a.Length.CompareTo(b.Length);
        }
    }
}
