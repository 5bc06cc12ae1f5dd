using System;
using System.Text.RegularExpressions;
using LambdaSec.Analysis.Policy;

namespace LambdaSec.Analysis.Privileges;

/// <summary>
/// Comparisons between two IAM resource patterns ('*' any run, '?' one character). Resource ARNs are
/// case-sensitive in IAM, so comparisons are ordinal. Patterns made from the Service Authorization
/// Reference's ARN formats also hold <see cref="Segment"/>, any run without '/' or ':' (one ARN field or
/// name), and <see cref="PathSegment"/>, any run without ':' (a name with its path): so arn:aws:s3:::bucket/*
/// names objects and no bucket, and arn:aws:iam::*:user/* no role.
/// </summary>
public static class ResourcePattern
{
    /// <summary>The in-memory wildcard of a catalog placeholder without '/' or ':' ('%' in Data/iam-actions.json); no policy holds it.</summary>
    public const char Segment = '\u001F';

    /// <summary>The in-memory wildcard of a catalog placeholder without ':' ('#' in Data/iam-actions.json).</summary>
    public const char PathSegment = '\u001E';

    private static readonly Regex PolicyVariable = new(@"\$\{[^}]*\}", RegexOptions.CultureInvariant);

    /// <summary>A catalog ARN pattern ('%' for a placeholder without '/' or ':', '#' for one without ':') in memory form.</summary>
    public static string FromCatalog(string pattern) => pattern.Replace('%', Segment).Replace('#', PathSegment);

    /// <summary>
    /// A Resource or NotResource of a policy in memory form: a policy variable (${aws:username}) may be any
    /// value, so it becomes '*'; a stray segment character becomes '?', one character like itself.
    /// </summary>
    public static string FromPolicy(string resource) =>
        (resource.IndexOf("${", StringComparison.Ordinal) < 0 ? resource : PolicyVariable.Replace(resource, "*")).Replace(Segment, '?').Replace(PathSegment, '?');

    /// <summary>The pattern as a user reads it: segment wildcards shown as '*'.</summary>
    public static string Display(string pattern) => pattern.Replace(Segment, '*').Replace(PathSegment, '*');

    private static bool IsSegment(char c) => c is Segment or PathSegment;

    /// <summary>True when a segment wildcard may hold the literal character <paramref name="c"/>.</summary>
    private static bool Holds(char segment, char c) => c != ':' && (segment == PathSegment || c != '/');

    /// <summary>True when some resource name matches both patterns, e.g. "*" and "arn:*:iam::*:role/*".</summary>
    public static bool Overlaps(string a, string b) =>
        a == "*" || b == "*" || (MayShareService(a, b) && new Comparison(a, b).Overlap(0, 0));

    /// <summary>
    /// True when every resource matching <paramref name="inner"/> also matches <paramref name="outer"/>. An
    /// inner ARN with any partition ("arn:*:", or a catalog format's) is read in the outer ARN's partition: an account lives in one
    /// partition, so a Deny on arn:aws:iam::*:role/* covers every role the role could reach.
    /// </summary>
    public static bool Covers(string outer, string inner) =>
        outer == "*" || (MayShareService(outer, inner) && new Comparison(outer, InPartitionOf(inner, outer)).Cover(0, 0));

    /// <summary>
    /// False when both are ARNs whose service fields are literal and differ (arn:aws:s3:... and arn:*:iam:...):
    /// a quick answer for most pairs of the analyzer, before the full walk.
    /// </summary>
    private static bool MayShareService(string a, string b)
    {
        var serviceA = LiteralServiceOf(a);
        var serviceB = serviceA is null ? null : LiteralServiceOf(b);
        return serviceA is null || serviceB is null || string.Equals(serviceA, serviceB, StringComparison.Ordinal);
    }

    /// <summary>
    /// The service field of an ARN pattern when it is literal and nothing before its end can stand for a ':'
    /// ('*' or '?'), else null (any service): "s3" for arn:aws:s3:::b/*, null for * or arn:aws:*:*:*:x.
    /// </summary>
    public static string? LiteralServiceOf(string pattern)
    {
        if (!pattern.StartsWith("arn:", StringComparison.Ordinal))
        {
            return null;
        }

        var start = pattern.IndexOf(':', 4) + 1;
        var end = start == 0 ? -1 : pattern.IndexOf(':', start);
        if (end < 0 || pattern.IndexOfAny(['*', '?'], 0, end) >= 0)
        {
            return null;
        }

        var service = pattern.Substring(start, end - start);
        return service.IndexOf(Segment) >= 0 || service.IndexOf(PathSegment) >= 0 ? null : service;
    }

    private static string InPartitionOf(string pattern, string other)
    {
        const string AnyPartition = "arn:*:";
        var anyPartition = pattern.StartsWith(AnyPartition, StringComparison.Ordinal)
            || (pattern.Length > AnyPartition.Length && pattern.StartsWith("arn:", StringComparison.Ordinal) && pattern[4] == Segment && pattern[5] == ':');
        if (!anyPartition || !other.StartsWith("arn:", StringComparison.Ordinal))
        {
            return pattern;
        }

        var end = other.IndexOf(':', 4);
        var partition = end < 0 ? null : other.Substring(4, end - 4);
        return partition is null || Wildcard.HasWildcard(partition) ? pattern : "arn:" + partition + pattern.Substring(AnyPartition.Length - 1);
    }

    /// <summary>
    /// Memoized walk over both patterns; they are short, so the table is small. The table is one buffer per
    /// thread, reused (0 unknown, 1 false, 2 true): the analyzer compares hundreds of thousands of pairs.
    /// </summary>
    private sealed class Comparison
    {
        [ThreadStatic]
        private static sbyte[]? _buffer;

        private readonly string _a;
        private readonly string _b;
        private readonly sbyte[] _memo;
        private readonly int _width;

        public Comparison(string a, string b)
        {
            _a = a;
            _b = b;
            _width = b.Length + 1;
            var size = (a.Length + 1) * _width;
            if (_buffer is null || _buffer.Length < size)
            {
                _buffer = new sbyte[Math.Max(size, 4096)];
            }

            _memo = _buffer;
            Array.Clear(_memo, 0, size);
        }

        private bool? Known(int i, int j) => _memo[(i * _width) + j] switch
        {
            1 => false,
            2 => true,
            _ => null,
        };

        private bool Remember(int i, int j, bool result)
        {
            _memo[(i * _width) + j] = result ? (sbyte)2 : (sbyte)1;
            return result;
        }

        public bool Overlap(int i, int j)
        {
            if (Known(i, j) is { } known)
            {
                return known;
            }

            bool result;
            if (i == _a.Length && j == _b.Length)
            {
                result = true;
            }
            else if (i < _a.Length && _a[i] == '*')
            {
                result = Overlap(i + 1, j) || (j < _b.Length && Overlap(i, j + 1));
            }
            else if (j < _b.Length && _b[j] == '*')
            {
                result = Overlap(i, j + 1) || (i < _a.Length && Overlap(i + 1, j));
            }
            else if (i < _a.Length && IsSegment(_a[i]))
            {
                // The segment may end here, or take the other side's next token if that can be a character it holds
                // ('?' and another segment can, a literal separator cannot).
                result = Overlap(i + 1, j) || (j < _b.Length && (_b[j] == '?' || IsSegment(_b[j]) || Holds(_a[i], _b[j])) && Overlap(i, j + 1));
            }
            else if (j < _b.Length && IsSegment(_b[j]))
            {
                result = Overlap(i, j + 1) || (i < _a.Length && (_a[i] == '?' || Holds(_b[j], _a[i])) && Overlap(i + 1, j));
            }
            else
            {
                result = i < _a.Length && j < _b.Length && (_a[i] == '?' || _b[j] == '?' || _a[i] == _b[j]) && Overlap(i + 1, j + 1);
            }

            return Remember(i, j, result);
        }

        // _a is the outer pattern: each of its '*' may absorb any run of _b, but a literal or '?' of _a
        // cannot stand for a '*' of _b, which may be any number of characters.
        public bool Cover(int i, int j)
        {
            if (Known(i, j) is { } known)
            {
                return known;
            }

            bool result;
            if (j == _b.Length)
            {
                result = _a.Substring(i).Trim('*', Segment, PathSegment).Length == 0;
            }
            else if (i == _a.Length)
            {
                result = false;
            }
            else if (_a[i] == '*')
            {
                result = Cover(i + 1, j) || Cover(i, j + 1);
            }
            else if (IsSegment(_a[i]))
            {
                // An outer segment absorbs only what it always holds: a literal it holds, or a segment at least as narrow.
                var absorbs = _b[j] == Segment || (_b[j] == PathSegment ? _a[i] == PathSegment : _b[j] != '*' && _b[j] != '?' && Holds(_a[i], _b[j]));
                result = Cover(i + 1, j) || (absorbs && Cover(i, j + 1));
            }
            else if (_b[j] == '*' || IsSegment(_b[j]))
            {
                result = false;
            }
            else
            {
                result = (_a[i] == '?' || (_b[j] != '?' && _a[i] == _b[j])) && Cover(i + 1, j + 1);
            }

            return Remember(i, j, result);
        }
    }
}
