using System;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>
/// The version orderings OSV's affected ranges are written in (https://ossf.github.io/osv-schema/#affectedrangestype-field):
/// SEMVER ranges use SemVer 2.0.0 precedence (https://semver.org/#spec-item-11); ECOSYSTEM ranges use the package
/// ecosystem's own order, known here for PyPI (PEP 440, https://peps.python.org/pep-0440/) and npm (SemVer, as
/// node-semver orders). A version that does not parse compares as unknown (null), never as older or newer.
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

    /// <summary>Compares two versions in a range of <paramref name="rangeType"/> (SEMVER or ECOSYSTEM) for <paramref name="ecosystem"/>; null when either does not parse or the order is not known here.</summary>
    public static int? Compare(string rangeType, string ecosystem, string a, string b)
    {
        if (string.Equals(rangeType, "SEMVER", StringComparison.Ordinal) || (rangeType == "ECOSYSTEM" && ecosystem == DependencyParser.Npm))
        {
            return CompareSemVer(a, b);
        }

        return rangeType == "ECOSYSTEM" && ecosystem == DependencyParser.PyPI ? ComparePep440(a, b) : null;
    }

    /// <summary>Whether ranges of this type can be evaluated for the ecosystem (else only the record's explicit versions list is used).</summary>
    public static bool Knows(string rangeType, string ecosystem) =>
        rangeType == "SEMVER" || (rangeType == "ECOSYSTEM" && ecosystem is DependencyParser.Npm or DependencyParser.PyPI);

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

        var preX = x.Groups["pre"].Success ? x.Groups["pre"].Value.Split('.') : null;
        var preY = y.Groups["pre"].Success ? y.Groups["pre"].Value.Split('.') : null;
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
                : Math.Sign(string.CompareOrdinal(preX[i], preY[i]));
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

    private static int CompareNumbers(string a, string b)
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
