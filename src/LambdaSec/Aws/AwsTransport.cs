using System;
using System.Net;
using System.Net.Http;
using System.Threading;

namespace LambdaSec.Aws;

/// <summary>
/// What every session shares: one HttpClient (connection reuse), the rate limiter, the retry policy, the call
/// counters and a bound on concurrent requests across all regions and accounts.
/// </summary>
public sealed class AwsTransport
{
    // netstandard2.0 has no SocketsHttpHandler; HttpClientHandler's default of 2 connections per server would serialize audits.
    internal static readonly HttpClient SharedClient = new(new HttpClientHandler
    {
        MaxConnectionsPerServer = 256,
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        UseProxy = true,
    })
    {
        Timeout = System.Threading.Timeout.InfiniteTimeSpan,
    };

    public AwsTransport(int maxConcurrency = 64, ApiRateLimiter? limiter = null, RetryPolicy? retry = null)
    {
        if (maxConcurrency < 1) throw new ArgumentOutOfRangeException(nameof(maxConcurrency), "At least one request must be allowed.");
        MaxConcurrency = maxConcurrency;
        Gate = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        Limiter = limiter ?? SharedLimiter;
        Retry = retry ?? new RetryPolicy();
    }

    /// <summary>One limiter per process, so cmdlets in one pipeline stay under the quotas together.</summary>
    public static ApiRateLimiter SharedLimiter { get; } = new();

    public static AwsTransport Default { get; } = new();

    public int MaxConcurrency { get; }

    /// <summary>How long one attempt may take before it counts as a dropped connection and is retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public ApiRateLimiter Limiter { get; }

    public RetryPolicy Retry { get; }

    public ApiCallMetrics Metrics { get; } = new();

    internal SemaphoreSlim Gate { get; }
}
