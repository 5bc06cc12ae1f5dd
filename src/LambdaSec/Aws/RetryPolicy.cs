using System;

namespace LambdaSec.Aws;

/// <summary>
/// Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff and Jitter"): the
/// n-th retry waits a random time in [0, min(cap, base * 2^n)], and never less than the server's Retry-After.
/// </summary>
public sealed class RetryPolicy
{
    private readonly Random _random = new();

    public int MaxAttempts { get; set; } = 10;

    public TimeSpan BaseDelay { get; set; } = TimeSpan.FromMilliseconds(100);

    public TimeSpan MaxDelay { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>The wait before retry number <paramref name="retry"/> (1 = the first retry).</summary>
    public TimeSpan Delay(int retry, TimeSpan? retryAfter)
    {
        var ceiling = Math.Min(MaxDelay.TotalMilliseconds, BaseDelay.TotalMilliseconds * Math.Pow(2, Math.Min(retry, 30)));
        double jitter;
        lock (_random) jitter = _random.NextDouble() * ceiling;
        var wait = TimeSpan.FromMilliseconds(jitter);
        return retryAfter is { } after && after > wait ? after : wait;
    }
}
