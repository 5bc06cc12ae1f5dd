using System;
using System.Collections.Concurrent;
using System.Net;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaSec.Aws;

/// <summary>
/// What every session shares: one HttpClient (connection reuse), the rate limiter, the retry policy, the call
/// counters, the operations each endpoint was found not to support, and the bounds on concurrent requests: one per
/// account and region (so a slow or throttled account-region cannot starve the others) and one for the process (memory).
/// </summary>
public sealed class AwsTransport
{
    // netstandard2.0 has no SocketsHttpHandler; HttpClientHandler's default of 2 connections per server would serialize audits.
    // Redirects are never followed: AWS APIs do not redirect a signed request, and following one would send the
    // signature and session token to whatever host the answer names (docs/hostile-input.md).
    private static readonly HttpClientHandler SharedHandler = new()
    {
        MaxConnectionsPerServer = 256,
        AllowAutoRedirect = false,
        AutomaticDecompression = DecompressionMethods.GZip | DecompressionMethods.Deflate,
        UseProxy = true,
    };

    // One HttpClient per attempt timeout, all over the one handler (one connection pool). HttpClient.Timeout is the
    // attempt timeout: HttpClient links the caller's token with its own per request anyway, so a second linked token
    // source with a timer of our own per attempt only doubled that cost (docs/scale.md).
    private static readonly ConcurrentDictionary<TimeSpan, HttpClient> Clients = new();

    internal static HttpClient SharedClient => ClientFor(System.Threading.Timeout.InfiniteTimeSpan);

    private static HttpClient ClientFor(TimeSpan timeout) =>
        Clients.TryGetValue(timeout, out var client) ? client : Clients.GetOrAdd(timeout, t => new HttpClient(SharedHandler, disposeHandler: false) { Timeout = t });

    /// <summary>The client whose timeout is <see cref="AttemptTimeout"/>: an attempt that hangs longer is cancelled and retried.</summary>
    internal HttpClient Http => ClientFor(AttemptTimeout);

    // Keyed by tuples of strings the keys' owners keep (no string built per call).
    private readonly ConcurrentDictionary<(string Account, string Region), SemaphoreSlim> _endpointGates = new();
    private readonly ConcurrentDictionary<(string Endpoint, string Operation), (AwsServiceException Failure, DateTime Until)> _unsupported = new();
    private readonly ConcurrentDictionary<(string Endpoint, string Operation), TaskCompletionSource<bool>> _firstAnswers = new();

    /// <param name="maxConcurrency">Requests in flight in the process at most (each holds its request and answer in memory).</param>
    /// <param name="maxPerEndpoint">Requests in flight per account and region at most.</param>
    /// <param name="limiter">The rate limiter (default: the process's).</param>
    /// <param name="retry">The retry policy.</param>
    public AwsTransport(int maxConcurrency = 256, ApiRateLimiter? limiter = null, RetryPolicy? retry = null, int maxPerEndpoint = 16)
    {
        if (maxConcurrency < 1) throw new ArgumentOutOfRangeException(nameof(maxConcurrency), "At least one request must be allowed.");
        if (maxPerEndpoint < 1) throw new ArgumentOutOfRangeException(nameof(maxPerEndpoint), "At least one request per endpoint must be allowed.");
        MaxConcurrency = maxConcurrency;
        MaxPerEndpoint = maxPerEndpoint;
        Gate = new SemaphoreSlim(maxConcurrency, maxConcurrency);
        Limiter = limiter ?? SharedLimiter;
        Retry = retry ?? new RetryPolicy();
    }

    /// <summary>One limiter per process, so cmdlets in one pipeline stay under the quotas together.</summary>
    public static ApiRateLimiter SharedLimiter { get; } = new();

    public static AwsTransport Default { get; } = new();

    public int MaxConcurrency { get; }

    public int MaxPerEndpoint { get; }

    /// <summary>How long one attempt may take before it counts as a dropped connection and is retried.</summary>
    public TimeSpan AttemptTimeout { get; set; } = TimeSpan.FromSeconds(60);

    public ApiRateLimiter Limiter { get; }

    public RetryPolicy Retry { get; }

    public ApiCallMetrics Metrics { get; } = new();

    internal SemaphoreSlim Gate { get; }

    /// <summary>The bound on requests in flight for one account (or access key) and region.</summary>
    internal SemaphoreSlim EndpointGate(string account, string region) =>
        _endpointGates.TryGetValue((account, region), out var gate) ? gate : _endpointGates.GetOrAdd((account, region), _ => new SemaphoreSlim(MaxPerEndpoint, MaxPerEndpoint));

    /// <summary>
    /// The failure an endpoint gave for an operation it does not know (LambdaSec.OperationNotSupported), if it did:
    /// learned once per endpoint URL and signing region, so later calls fail at once instead of asking again, and
    /// forgotten after <see cref="UnsupportedMemory"/> (an emulator may be upgraded or restarted on the same port).
    /// </summary>
    internal AwsServiceException? Unsupported(AwsEndpoint endpoint, AwsOperation operation)
    {
        if (!_unsupported.TryGetValue(UnsupportedKey(endpoint, operation), out var entry) || entry.Until < DateTime.UtcNow) return null;
        var learned = entry.Failure;
        return new AwsServiceException($"{learned.Message} (learned from an earlier call to {endpoint}; not asked again)", learned.ErrorId, learned.Operation, learned.ErrorCode, learned.StatusCode, learned.RequestId);
    }

    /// <summary>
    /// True for the first call of an operation to an endpoint (the caller must then call <see cref="Answered"/> when it
    /// has its answer); for every other call, waits until that first call was answered, so an operation the endpoint
    /// lacks is asked once, not once per call in flight.
    /// </summary>
    internal async Task<bool> AwaitFirstAnswerAsync(AwsEndpoint endpoint, AwsOperation operation, CancellationToken cancellationToken)
    {
        var key = UnsupportedKey(endpoint, operation);
        if (!_firstAnswers.TryGetValue(key, out var answer))
        {
            var mine = new TaskCompletionSource<bool>(TaskCreationOptions.RunContinuationsAsynchronously);
            answer = _firstAnswers.GetOrAdd(key, mine);
            if (answer == mine) return true;
        }

        if (!answer.Task.IsCompleted)
        {
            await Task.WhenAny(answer.Task, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }

        return false;
    }

    internal void Answered(AwsEndpoint endpoint, AwsOperation operation)
    {
        if (_firstAnswers.TryGetValue(UnsupportedKey(endpoint, operation), out var answer)) answer.TrySetResult(true);
    }

    internal void LearnUnsupported(AwsEndpoint endpoint, AwsOperation operation, AwsServiceException failure) =>
        _unsupported[UnsupportedKey(endpoint, operation)] = (failure, DateTime.UtcNow + UnsupportedMemory);

    /// <summary>How long an operation an endpoint did not know is not asked again (default 15 minutes).</summary>
    public TimeSpan UnsupportedMemory { get; set; } = TimeSpan.FromMinutes(15);

    private static (string, string) UnsupportedKey(AwsEndpoint endpoint, AwsOperation operation) => (endpoint.ToString(), operation.ToString());
}
