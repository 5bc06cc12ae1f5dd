namespace LambdaSec.Analysis.Policy;

/// <summary>IAM's glob matching: '*' any run, '?' one character, case-insensitive (as IAM matches actions) unless asked otherwise.</summary>
public static class Wildcard
{
    /// <summary>The glob's wildcard characters (one array: a collection expression at the call would allocate one per call).</summary>
    public static readonly char[] Characters = ['*', '?'];

    public static bool HasWildcard(string value) => value.IndexOfAny(Characters) >= 0;

    public static bool Matches(string pattern, string text) => Matches(pattern, text, ignoreCase: true);

    /// <summary>The same glob, case-sensitive unless <paramref name="ignoreCase"/> (resource names are case-sensitive).</summary>
    public static bool Matches(string pattern, string text, bool ignoreCase)
    {
        int p = 0, t = 0, star = -1, mark = 0;
        while (t < text.Length)
        {
            if (p < pattern.Length && (pattern[p] == '?' || CharEquals(pattern[p], text[t], ignoreCase)))
            {
                p++;
                t++;
            }
            else if (p < pattern.Length && pattern[p] == '*')
            {
                star = p++;
                mark = t;
            }
            else if (star >= 0)
            {
                p = star + 1;
                t = ++mark;
            }
            else
            {
                return false;
            }
        }

        while (p < pattern.Length && pattern[p] == '*')
        {
            p++;
        }

        return p == pattern.Length;
    }

    private static bool CharEquals(char a, char b, bool ignoreCase) => a == b || (ignoreCase && char.ToUpperInvariant(a) == char.ToUpperInvariant(b));
}
