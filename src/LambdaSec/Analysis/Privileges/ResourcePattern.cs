using System;
using LambdaSec.Analysis.Policy;

namespace LambdaSec.Analysis.Privileges;

/// <summary>
/// Comparisons between two IAM resource patterns ('*' any run, '?' one character). Resource ARNs are
/// case-sensitive in IAM, so comparisons are ordinal.
/// </summary>
public static class ResourcePattern
{
    /// <summary>True when some resource name matches both patterns, e.g. "*" and "arn:*:iam::*:role/*".</summary>
    public static bool Overlaps(string a, string b) => new Comparison(a, b).Overlap(0, 0);

    /// <summary>
    /// True when every resource matching <paramref name="inner"/> also matches <paramref name="outer"/>. An
    /// inner ARN with any partition ("arn:*:") is read in the outer ARN's partition: an account lives in one
    /// partition, so a Deny on arn:aws:iam::*:role/* covers every role the role could reach.
    /// </summary>
    public static bool Covers(string outer, string inner) => new Comparison(outer, InPartitionOf(inner, outer)).Cover(0, 0);

    private static string InPartitionOf(string pattern, string other)
    {
        const string AnyPartition = "arn:*:";
        if (!pattern.StartsWith(AnyPartition, StringComparison.Ordinal) || !other.StartsWith("arn:", StringComparison.Ordinal))
        {
            return pattern;
        }

        var end = other.IndexOf(':', 4);
        var partition = end < 0 ? null : other.Substring(4, end - 4);
        return partition is null || Wildcard.HasWildcard(partition) ? pattern : "arn:" + partition + pattern.Substring(AnyPartition.Length - 1);
    }

    /// <summary>Memoized walk over both patterns; they are short, so the table is small.</summary>
    private sealed class Comparison
    {
        private readonly string _a;
        private readonly string _b;
        private readonly bool?[,] _memo;

        public Comparison(string a, string b)
        {
            _a = a;
            _b = b;
            _memo = new bool?[a.Length + 1, b.Length + 1];
        }

        public bool Overlap(int i, int j)
        {
            if (_memo[i, j] is { } known)
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
            else
            {
                result = i < _a.Length && j < _b.Length && (_a[i] == '?' || _b[j] == '?' || _a[i] == _b[j]) && Overlap(i + 1, j + 1);
            }

            _memo[i, j] = result;
            return result;
        }

        // _a is the outer pattern: each of its '*' may absorb any run of _b, but a literal or '?' of _a
        // cannot stand for a '*' of _b, which may be any number of characters.
        public bool Cover(int i, int j)
        {
            if (_memo[i, j] is { } known)
            {
                return known;
            }

            bool result;
            if (j == _b.Length)
            {
                result = _a.Substring(i).Trim('*').Length == 0;
            }
            else if (i == _a.Length)
            {
                result = false;
            }
            else if (_a[i] == '*')
            {
                result = Cover(i + 1, j) || Cover(i, j + 1);
            }
            else if (_b[j] == '*')
            {
                result = false;
            }
            else
            {
                result = (_a[i] == '?' || (_b[j] != '?' && _a[i] == _b[j])) && Cover(i + 1, j + 1);
            }

            _memo[i, j] = result;
            return result;
        }
    }
}
