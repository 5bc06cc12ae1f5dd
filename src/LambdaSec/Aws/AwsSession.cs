using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Net.Http;
using System.Net.Sockets;
using System.Runtime.CompilerServices;
using System.Threading;
using System.Threading.Tasks;
using Amazon.Runtime;
using LambdaSec.Model;

namespace LambdaSec.Aws;

/// <summary>
/// Credentials + region + endpoints: sends any <see cref="AwsOperation"/> through its protocol, signed,
/// rate-limited, retried and counted, and pages list operations. The service clients (LambdaApi, IamApi...)
/// are thin wrappers over <see cref="SendAsync"/> and <see cref="PagesAsync"/>.
/// </summary>
public sealed class AwsSession
{
    public AwsSession(AWSCredentials credentials, string region, AwsEndpointResolver? endpoints = null, AwsTransport? transport = null)
    {
        Credentials = credentials ?? throw new ArgumentNullException(nameof(credentials));
        Region = string.IsNullOrWhiteSpace(region) ? throw new ArgumentException("A region is required.", nameof(region)) : region;
        Endpoints = endpoints ?? new AwsEndpointResolver();
        Transport = transport ?? AwsTransport.Default;
    }

    public AWSCredentials Credentials { get; }

    public string Region { get; }

    public AwsEndpointResolver Endpoints { get; }

    public AwsTransport Transport { get; }

    /// <summary>The account the credentials belong to, when known (set it after GetCallerIdentity); keys the rate limiter.</summary>
    public string? AccountId { get; set; }

    /// <summary>The same credentials and endpoints in another region.</summary>
    public AwsSession ForRegion(string region) => new(Credentials, region, Endpoints, Transport) { AccountId = AccountId };

    /// <summary>Other credentials (an assumed role) with the same region, endpoints and transport.</summary>
    public AwsSession WithCredentials(AWSCredentials credentials, string? accountId = null) => new(credentials, Region, Endpoints, Transport) { AccountId = accountId };

    public async Task<AwsNode> SendAsync(AwsOperation operation, IReadOnlyDictionary<string, object?> input, CancellationToken cancellationToken = default) =>
        (await SendCoreAsync(operation, input, notFoundIsNull: false, cancellationToken).ConfigureAwait(false))!;

    /// <summary>
    /// As <see cref="SendAsync(AwsOperation, IReadOnlyDictionary{string, object?}, CancellationToken)"/>, but an answer
    /// that the resource does not exist (LambdaSec.ResourceNotFound) is null instead of an exception: for reads where
    /// "none" is an expected answer (GetPolicy of a function without a policy), since an exception thrown through the
    /// async layers cost more CPU than the whole call (docs/scale.md). It is still counted as a failed call.
    /// </summary>
    public Task<AwsNode?> SendOrNotFoundAsync(AwsOperation operation, IReadOnlyDictionary<string, object?> input, CancellationToken cancellationToken = default) =>
        SendCoreAsync(operation, input, notFoundIsNull: true, cancellationToken);

    private async Task<AwsNode?> SendCoreAsync(AwsOperation operation, IReadOnlyDictionary<string, object?> input, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        var endpoint = Endpoints.Resolve(operation.Service, Region);
        var wire = operation.Service.Protocol.BuildRequest(operation, input, endpoint.Uri);
        // The first call of an operation to an endpoint goes alone: if the endpoint lacks it, the others learn so without asking.
        var first = await Transport.AwaitFirstAnswerAsync(endpoint, operation, cancellationToken).ConfigureAwait(false);
        try
        {
            if (Transport.Unsupported(endpoint, operation) is { } unsupported) throw unsupported;
            return await SendWithRetriesAsync(operation, wire, endpoint, notFoundIsNull, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            if (first) Transport.Answered(endpoint, operation);
        }
    }

    private async Task<AwsNode?> SendWithRetriesAsync(AwsOperation operation, AwsWireRequest wire, AwsEndpoint endpoint, bool notFoundIsNull, CancellationToken cancellationToken)
    {
        var credentials = await GetCredentialsAsync(operation).ConfigureAwait(false);
        var account = AccountId ?? credentials.AccessKey;
        var bucket = Transport.Limiter.BucketFor(account, endpoint.SigningRegion, operation);
        var endpointGate = Transport.EndpointGate(account, endpoint.SigningRegion);
        var metrics = Transport.Metrics;
        var http = Transport.Http;

        for (var attempt = 1; ; attempt++)
        {
            await bucket.AcquireAsync(cancellationToken).ConfigureAwait(false);
            AwsErrorInfo? error = null;
            Exception? failure = null;
            var refused = false;
            await endpointGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await Transport.Gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            }
            catch
            {
                endpointGate.Release();
                throw;
            }

            try
            {
                metrics.Call(operation);
                // The attempt's timeout is the HttpClient's (Transport.Http): a hung attempt ends as TaskCanceledException.
                using var message = ToHttp(wire, SigV4Signer.Sign(wire, credentials, endpoint.SigningRegion, operation.Service.SigningName, DateTime.UtcNow));
                using var response = await http.SendAsync(message, HttpCompletionOption.ResponseContentRead, cancellationToken).ConfigureAwait(false);
                var body = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
                if ((int)response.StatusCode is >= 300 and < 400)
                {
                    metrics.Failed(operation);
                    throw Redirected(operation, endpoint.Uri, (int)response.StatusCode, response.Headers.Location);
                }

                if (response.IsSuccessStatusCode)
                {
                    bucket.OnSuccess();
                    return operation.Service.Protocol.ReadResult(operation, body);
                }
                error = ReadError(operation, response, body);
            }
            catch (Exception ex) when (!cancellationToken.IsCancellationRequested && ex is HttpRequestException or IOException or TaskCanceledException)
            {
                // A dropped connection or an attempt that hung: the call may not have reached AWS, so it is retried.
                // A refused connection is not: nothing listens at the endpoint, and retrying only delays the error.
                failure = ex;
                refused = IsConnectionRefused(ex);
            }
            finally
            {
                Transport.Gate.Release();
                endpointGate.Release();
            }

            if (error is not null && AwsErrorClassifier.IsThrottling(error))
            {
                bucket.OnThrottled();
                metrics.Throttled(operation);
            }
            else if (error is not null)
            {
                // Any answer that is not throttling shows the server took the call under its quota.
                bucket.OnSuccess();
            }
            var retryable = error is null ? !refused : AwsErrorClassifier.IsRetryable(error);
            if (!retryable || attempt >= Transport.Retry.MaxAttempts)
            {
                metrics.Failed(operation);
                if (notFoundIsNull && error is not null && AwsErrorClassifier.ErrorIdFor(error) == ErrorIds.ResourceNotFound) return null;
                var exception = ToException(operation, error, failure, attempt);
                if (exception.ErrorId == ErrorIds.OperationNotSupported) Transport.LearnUnsupported(endpoint, operation, exception);
                throw exception;
            }
            metrics.Retried(operation);
            await Task.Delay(Transport.Retry.Delay(attempt, error?.RetryAfter), cancellationToken).ConfigureAwait(false);
        }
    }

    // Apart from the send, so that the error path's header reader does not cost the successful calls a closure.
    private static AwsErrorInfo ReadError(AwsOperation operation, HttpResponseMessage response, byte[] body) =>
        operation.Service.Protocol.ReadError((int)response.StatusCode, name => response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null, body);

    /// <summary>
    /// Every page of a list operation, following its tokens until the last page. A token that repeats
    /// ends the listing with an error instead of looping forever.
    /// </summary>
    public async IAsyncEnumerable<AwsNode> PagesAsync(AwsOperation operation, IReadOnlyDictionary<string, object?> input, int? pageSize = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        if (!operation.IsPaginated) throw new ArgumentException($"{operation} is not a list operation.", nameof(operation));
        var request = new Dictionary<string, object?>(input.ToDictionary(p => p.Key, p => p.Value), StringComparer.Ordinal);
        if (pageSize is { } size && operation.LimitKey is not null) request[operation.LimitKey] = size;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var page = await SendAsync(operation, request, cancellationToken).ConfigureAwait(false);
            yield return page;
            var token = page.GetString(operation.OutputToken!);
            var more = operation.MoreResults is null ? !string.IsNullOrEmpty(token) : page.GetBool(operation.MoreResults) == true && !string.IsNullOrEmpty(token);
            if (!more) yield break;
            if (!seen.Add(token!))
                throw new AwsServiceException($"{operation} returned the pagination token '{token}' twice; the listing was stopped to avoid an endless loop.", ErrorIds.AwsError, operation.ToString(), null, 200, null);
            request[operation.InputToken!] = token;
        }
    }

    /// <summary>All items of a list operation (its <see cref="AwsOperation.ResultKey"/> across every page).</summary>
    public async Task<IReadOnlyList<AwsNode>> ListAllAsync(AwsOperation operation, IReadOnlyDictionary<string, object?> input, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        var items = new List<AwsNode>();
        await foreach (var page in PagesAsync(operation, input, pageSize, cancellationToken).ConfigureAwait(false))
            items.AddRange(page.GetList(operation.ResultKey ?? throw new InvalidOperationException($"{operation} has no result key.")));
        return items;
    }

    private async Task<ImmutableCredentials> GetCredentialsAsync(AwsOperation operation)
    {
        try
        {
            return await Credentials.GetCredentialsAsync().ConfigureAwait(false);
        }
        catch (AmazonClientException ex)
        {
            throw new AwsServiceException($"The AWS credentials could not be obtained for {operation}: {ex.Message} Check the profile (for SSO run 'aws sso login') or pass -AccessKey/-SecretKey.", ErrorIds.NoCredentials, operation.ToString(), null, 0, null, ex);
        }
    }

    private static HttpRequestMessage ToHttp(AwsWireRequest wire, IReadOnlyDictionary<string, string> signature)
    {
        var message = new HttpRequestMessage(Method(wire.Method), wire.Uri);
        if (wire.Body.Length > 0 || wire.ContentType is not null)
        {
            message.Content = new ByteArrayContent(wire.Body);
            if (wire.ContentType is not null) message.Content.Headers.TryAddWithoutValidation("Content-Type", wire.ContentType);
        }
        foreach (var header in wire.Headers) message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        foreach (var header in signature) message.Headers.TryAddWithoutValidation(header.Key, header.Value);
        AwsUserAgent.Apply(message);
        return message;
    }

    private static HttpMethod Method(string method) => method switch
    {
        "GET" => HttpMethod.Get,
        "POST" => HttpMethod.Post,
        "PUT" => HttpMethod.Put,
        "DELETE" => HttpMethod.Delete,
        _ => new HttpMethod(method),
    };

    private static bool IsConnectionRefused(Exception? ex)
    {
        for (; ex is not null; ex = ex.InnerException)
        {
            if (ex is SocketException { SocketErrorCode: SocketError.ConnectionRefused }) return true;
        }

        return false;
    }

    private static AwsServiceException Redirected(AwsOperation operation, Uri endpoint, int status, Uri? location) =>
        new($"{operation}: the endpoint {endpoint.GetLeftPart(UriPartial.Authority)} answered HTTP {status}, a redirect to {(location is { IsAbsoluteUri: true } ? location.GetLeftPart(UriPartial.Authority) : location?.OriginalString ?? "nowhere")}. AWS APIs never redirect a signed request, so it was not followed and no credentials went there. Check -EndpointUrl, AWS_ENDPOINT_URL and the profile's endpoint_url.",
            ErrorIds.EndpointRedirected, operation.ToString(), "HttpRedirect", status, null);

    private static AwsServiceException ToException(AwsOperation operation, AwsErrorInfo? error, Exception? failure, int attempts)
    {
        if (error is null)
            return new AwsServiceException($"{operation} could not reach {operation.Service.SigningName} after {attempts} attempt{(attempts == 1 ? string.Empty : "s")}: {failure?.Message} Check the network, the region and the endpoint URL.", ErrorIds.AwsConnectionFailed, operation.ToString(), null, 0, null, failure);
        var errorId = AwsErrorClassifier.ErrorIdFor(error);
        var advice = errorId switch
        {
            ErrorIds.AccessDenied => " Grant the caller this permission, or use a profile/role that has it.",
            ErrorIds.Throttled => $" AWS kept throttling after {attempts} attempts; run again later or with fewer regions at once.",
            ErrorIds.PreconditionFailed => " The resource changed since it was read; read it again and retry.",
            _ => string.Empty,
        };
        return new AwsServiceException($"{operation} failed: {error.Code} (HTTP {error.StatusCode}): {error.Message} (request id {error.RequestId ?? "none"}).{advice}", errorId, operation.ToString(), error.Code, error.StatusCode, error.RequestId);
    }
}
