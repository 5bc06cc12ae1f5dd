using System;

namespace LambdaSec.Model;

/// <summary>
/// The product token that starts the User-Agent of every request LambdaSec sends (<c>LambdaSec/&lt;version&gt; ...</c>),
/// so CloudTrail records tell LambdaSec's calls from others'.
/// </summary>
public static class LambdaSecUserAgent
{
    public const string Product = "LambdaSec";

    /// <summary>Whether a recorded user agent is LambdaSec's (its first token is <c>LambdaSec/</c>). Anyone can send any user agent: a hint, not proof.</summary>
    public static bool IsLambdaSec(string? userAgent) => userAgent?.StartsWith(Product + "/", StringComparison.Ordinal) == true;
}
