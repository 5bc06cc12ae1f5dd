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
        a == "*" || b == "*" || (MayShareService(a, b) && LiteralEndsAgree(a, b) && Comparison.Overlap(a, b));

    /// <summary>
    /// True when every resource matching <paramref name="inner"/> also matches <paramref name="outer"/>. An
    /// inner ARN with any partition ("arn:*:", or a catalog format's) is read in the outer ARN's partition: an account lives in one
    /// partition, so a Deny on arn:aws:iam::*:role/* covers every role the role could reach.
    /// </summary>
    public static bool Covers(string outer, string inner) =>
        outer == "*" || (MayShareService(outer, inner) && InPartitionOf(inner, outer) is var read && CanCover(outer, read) && LiteralEndsAgree(outer, read) && Comparison.Cover(outer, read));

    /// <summary>False when the outer pattern is one name and the inner one has a wildcard (it names more than one).</summary>
    private static bool CanCover(string outer, string inner) => !IsLiteralName(outer) || IsLiteralName(inner);

    private static bool IsLiteralName(string pattern)
    {
        foreach (var c in pattern)
        {
            if (!IsLiteral(c))
            {
                return false;
            }
        }

        return true;
    }

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
        if (end < 0 || pattern.IndexOfAny(Wildcard.Characters, 0, end) >= 0)
        {
            return null;
        }

        var service = pattern.Substring(start, end - start);
        return service.IndexOf(Segment) >= 0 || service.IndexOf(PathSegment) >= 0 ? null : service;
    }

    /// <summary>
    /// False when the patterns' literal beginnings or endings (up to the first wildcard of either, from each
    /// end) differ: then no name matches both, and neither covers the other. A linear check before the walk,
    /// which most pairs of different resources never reach.
    /// </summary>
    private static bool LiteralEndsAgree(string a, string b)
    {
        int i = 0, n = Math.Min(a.Length, b.Length);
        for (; i < n && IsLiteral(a[i]) && IsLiteral(b[i]); i++)
        {
            if (a[i] != b[i])
            {
                return false;
            }
        }

        // One pattern ended where the other goes on with a literal: the shorter is all literal, and too short.
        if ((i == a.Length && i < b.Length && IsLiteral(b[i])) || (i == b.Length && i < a.Length && IsLiteral(a[i])))
        {
            return false;
        }

        for (int k = 1; k <= n && IsLiteral(a[a.Length - k]) && IsLiteral(b[b.Length - k]); k++)
        {
            if (a[a.Length - k] != b[b.Length - k])
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLiteral(char c) => c is not ('*' or '?' or Segment or PathSegment);

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
    /// Memoized walk over both patterns, iterative (an explicit stack, so a long pattern cannot exhaust the
    /// thread's stack): each state (i, j) is one position in each pattern, decided once, in the order a
    /// recursive walk would take with short-circuit OR, so it visits the same states and gives the same answer.
    /// Cost: at most (|a|+1)(|b|+1) states, each decided once, whatever the wildcards (a*a*a*...b against a long
    /// ARN included). The table and the stack are buffers per thread, reused.
    /// </summary>
    private sealed class Comparison
    {
        // Cell (i, j) holds (generation << 2) | value (1 false, 2 true); a cell of an older generation is unknown,
        // so a comparison starts without clearing the table.
        [ThreadStatic]
        private static int[]? _buffer;

        [ThreadStatic]
        private static int _generation;

        [ThreadStatic]
        private static int[]? _stack;

        private const int KeptTableSize = 1 << 16;

        private readonly string _a;
        private readonly string _b;
        private readonly int[] _memo;
        private readonly int _width;
        private readonly bool _cover;
        private readonly int _stamp;

        private Comparison(string a, string b, bool cover)
        {
            _a = a;
            _b = b;
            _cover = cover;
            _width = b.Length + 1;
            var size = checked((a.Length + 1) * _width);
            if (size > KeptTableSize)
            {
                // A table for unusually long patterns is not kept for the thread's later comparisons.
                _memo = new int[size];
                _stamp = 1 << 2;
                return;
            }

            if (_buffer is null || _generation == int.MaxValue >> 2)
            {
                _buffer = new int[KeptTableSize];
                _generation = 0;
            }

            _memo = _buffer;
            _stamp = ++_generation << 2;
        }

        /// <summary>True when some name matches both patterns.</summary>
        public static bool Overlap(string a, string b) => new Comparison(a, b, cover: false).Walk();

        /// <summary>True when every name <paramref name="inner"/> matches, <paramref name="outer"/> matches.</summary>
        public static bool Cover(string outer, string inner) => new Comparison(outer, inner, cover: true).Walk();

        /// <summary>
        /// Decides state (0, 0). A frame is (state, next child to try); a state is true when one of its
        /// children (at most two, tried in order) is, false when it has none left.
        /// </summary>
        private bool Walk()
        {
            var stack = _stack ??= new int[256];
            var top = 0;
            stack[top++] = 0;
            stack[top++] = 0;
            while (top > 0)
            {
                var state = stack[top - 2];
                var next = stack[top - 1];
                var count = Children(state / _width, state % _width, out var first, out var second, out var leaf);
                var result = count == 0 ? leaf : (bool?)null;
                for (; result is null && next < count; next++)
                {
                    var child = next == 0 ? first : second;
                    var known = Known(child);
                    if (known == 2)
                    {
                        result = true;
                    }
                    else if (known == 0)
                    {
                        break;
                    }
                }

                if (result is null && next == count)
                {
                    result = false;
                }

                if (result is { } decided)
                {
                    _memo[state] = _stamp | (decided ? 2 : 1);
                    top -= 2;
                    continue;
                }

                stack[top - 1] = next;
                if (top + 2 > stack.Length)
                {
                    Array.Resize(ref stack, stack.Length * 2);
                    _stack = stack;
                }

                stack[top++] = next == 0 ? first : second;
                stack[top++] = 0;
            }

            return Known(0) == 2;
        }

        /// <summary>0 unknown, 1 false, 2 true.</summary>
        private int Known(int state) => (_memo[state] & ~3) == _stamp ? _memo[state] & 3 : 0;

        /// <summary>The states that decide (i, j), in the order to try them (0 to 2), or its value when it has none.</summary>
        private int Children(int i, int j, out int first, out int second, out bool leaf) =>
            _cover ? CoverChildren(i, j, out first, out second, out leaf) : OverlapChildren(i, j, out first, out second, out leaf);

        private int State(int i, int j) => (i * _width) + j;

        private int Two(int i1, int j1, bool hasSecond, int i2, int j2, out int first, out int second)
        {
            first = State(i1, j1);
            second = hasSecond ? State(i2, j2) : 0;
            return hasSecond ? 2 : 1;
        }

        private int OverlapChildren(int i, int j, out int first, out int second, out bool leaf)
        {
            leaf = false;
            first = second = 0;
            if (i == _a.Length && j == _b.Length)
            {
                leaf = true;
                return 0;
            }

            if (i < _a.Length && _a[i] == '*')
            {
                return Two(i + 1, j, j < _b.Length, i, j + 1, out first, out second);
            }

            if (j < _b.Length && _b[j] == '*')
            {
                return Two(i, j + 1, i < _a.Length, i + 1, j, out first, out second);
            }

            if (i < _a.Length && IsSegment(_a[i]))
            {
                // The segment may end here, or take the other side's next token if that can be a character it holds
                // ('?' and another segment can, a literal separator cannot).
                return Two(i + 1, j, j < _b.Length && (_b[j] == '?' || IsSegment(_b[j]) || Holds(_a[i], _b[j])), i, j + 1, out first, out second);
            }

            if (j < _b.Length && IsSegment(_b[j]))
            {
                return Two(i, j + 1, i < _a.Length && (_a[i] == '?' || Holds(_b[j], _a[i])), i + 1, j, out first, out second);
            }

            if (i < _a.Length && j < _b.Length && (_a[i] == '?' || _b[j] == '?' || _a[i] == _b[j]))
            {
                return Two(i + 1, j + 1, false, 0, 0, out first, out second);
            }

            return 0;
        }

        // _a is the outer pattern: each of its '*' may absorb any run of _b, but a literal or '?' of _a
        // cannot stand for a '*' of _b, which may be any number of characters.
        private int CoverChildren(int i, int j, out int first, out int second, out bool leaf)
        {
            leaf = false;
            first = second = 0;
            if (j == _b.Length)
            {
                leaf = OnlyStars(i);
                return 0;
            }

            if (i == _a.Length)
            {
                return 0;
            }

            if (_a[i] == '*')
            {
                return Two(i + 1, j, true, i, j + 1, out first, out second);
            }

            if (IsSegment(_a[i]))
            {
                // An outer segment absorbs only what it always holds: a literal it holds, or a segment at least as narrow.
                var absorbs = _b[j] == Segment || (_b[j] == PathSegment ? _a[i] == PathSegment : _b[j] != '*' && _b[j] != '?' && Holds(_a[i], _b[j]));
                return Two(i + 1, j, absorbs, i, j + 1, out first, out second);
            }

            if (_b[j] == '*' || IsSegment(_b[j]))
            {
                return 0;
            }

            return _a[i] == '?' || (_b[j] != '?' && _a[i] == _b[j]) ? Two(i + 1, j + 1, false, 0, 0, out first, out second) : 0;
        }

        private bool OnlyStars(int i)
        {
            for (; i < _a.Length; i++)
            {
                if (_a[i] != '*' && !IsSegment(_a[i]))
                {
                    return false;
                }
            }

            return true;
        }
    }
}
