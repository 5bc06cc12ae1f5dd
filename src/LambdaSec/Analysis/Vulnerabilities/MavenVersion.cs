using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>
/// Maven's version order, as its ComparableVersion defines it
/// (https://maven.apache.org/ref/3.9.9/maven-artifact/apidocs/org/apache/maven/artifact/versioning/ComparableVersion.html,
/// and OSV's reading of it for Maven ECOSYSTEM ranges, osv.dev osv/ecosystems/maven.py; checked 2026-12-03):
/// tokens split at '.' and '-' and at each change between digits and letters (which counts as '-'); an empty token is 0;
/// "a", "b", "m" directly followed by a number are alpha, beta, milestone; "cr" is rc; "ga", "final", "release" are the
/// empty qualifier; trailing null tokens (0 and the empty qualifier) are dropped before each '-', from the end.
/// Tokens compare in turn, the shorter version padded with 0 after '.' and the empty qualifier after '-'; numbers
/// numerically, after qualifiers; qualifiers alpha &lt; beta &lt; milestone &lt; rc &lt; snapshot &lt; "" &lt; sp &lt;
/// any other (those lexically, case-insensitively); different separators: ".qualifier" &lt; "-qualifier" &lt;
/// "-number" &lt; ".number".
/// </summary>
internal static class MavenVersion
{
    private static readonly string[] Qualifiers = ["alpha", "beta", "milestone", "rc", "snapshot", "", "sp"];

    private static readonly Regex Piece = new("[0-9]+|[^0-9]+", RegexOptions.CultureInvariant);

    /// <summary>-1, 0 or 1; null when either version is empty.</summary>
    public static int? Compare(string a, string b)
    {
        var x = Parse(a);
        var y = Parse(b);
        if (x is null || y is null)
        {
            return null;
        }

        for (var i = 0; i < Math.Max(x.Count, y.Count); i++)
        {
            var left = i < x.Count ? x[i] : Token.Null(y[i].Prefix);
            var right = i < y.Count ? y[i] : Token.Null(x[i].Prefix);
            var order = CompareTokens(left, right);
            if (order != 0) return order;
        }

        return 0;
    }

    private static List<Token>? Parse(string version)
    {
        version = version.Trim().ToLowerInvariant();
        if (version.Length == 0)
        {
            return null;
        }

        var tokens = new List<Token>();
        var prefix = '\0';
        var start = 0;
        for (var end = 0; end <= version.Length; end++)
        {
            if (end < version.Length && version[end] is not ('.' or '-')) continue;
            var pieces = Piece.Matches(version.Substring(start, end - start)).Cast<Match>().Select(m => m.Value).ToList();
            if (pieces.Count == 0) pieces.Add("0");
            for (var j = 0; j < pieces.Count; j++)
            {
                tokens.Add(Token.Of(j == 0 ? prefix : '-', pieces[j], followedByNumber: j + 1 < pieces.Count));
            }

            if (end < version.Length) prefix = version[end];
            start = end + 1;
        }

        // Trailing nulls go, at the end and before each remaining '-', from the end towards the start.
        var i = tokens.Count - 1;
        while (i > 0)
        {
            if (tokens[i].IsNullValue)
            {
                tokens.RemoveAt(i);
                i--;
                continue;
            }

            while (i >= 0 && tokens[i].Prefix != '-') i--;
            i--;
        }

        return tokens;
    }

    private static int CompareTokens(Token left, Token right)
    {
        if (left.Prefix == right.Prefix && left.Value == right.Value)
        {
            return 0;
        }

        if (left.Prefix != right.Prefix)
        {
            return Rank(left).CompareTo(Rank(right));
        }

        if (left.IsNumber && right.IsNumber)
        {
            return VersionOrder.CompareNumbers(left.Value, right.Value);
        }

        if (left.IsNumber && !left.IsPadding) return 1;
        if (right.IsNumber && !right.IsPadding) return -1;

        // Qualifiers; padding 0 compares as the empty qualifier (the release).
        var l = left.IsNumber ? string.Empty : left.Value;
        var r = right.IsNumber ? string.Empty : right.Value;
        var li = Array.IndexOf(Qualifiers, l);
        var ri = Array.IndexOf(Qualifiers, r);
        li = li < 0 ? Qualifiers.Length : li;
        ri = ri < 0 ? Qualifiers.Length : ri;
        return li == Qualifiers.Length && ri == Qualifiers.Length ? Math.Sign(string.CompareOrdinal(l, r)) : li.CompareTo(ri);
    }

    /// <summary>".qualifier" &lt; "-qualifier" &lt; "-number" &lt; ".number".</summary>
    private static int Rank(Token token) => (token.Prefix, token.IsNumber) switch
    {
        ('-', false) => 1,
        ('-', true) => 2,
        (_, true) => 3,
        _ => 0,
    };

    private sealed record Token(char Prefix, string Value, bool IsNumber, bool IsPadding)
    {
        public bool IsNullValue => Value is "0" or "";

        public static Token Null(char prefix) => prefix == '-' ? new Token('-', string.Empty, false, true) : new Token(prefix, "0", true, true);

        public static Token Of(char prefix, string text, bool followedByNumber)
        {
            if (text[0] is >= '0' and <= '9')
            {
                return new Token(prefix, text.TrimStart('0') is { Length: > 0 } n ? n : "0", true, false);
            }

            var value = text switch
            {
                "cr" => "rc",
                "ga" or "final" or "release" => string.Empty,
                "a" when followedByNumber => "alpha",
                "b" when followedByNumber => "beta",
                "m" when followedByNumber => "milestone",
                _ => text,
            };
            return new Token(prefix, value, false, false);
        }
    }
}
