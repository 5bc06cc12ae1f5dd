using System;

namespace LambdaSec.Aws;

/// <summary>An AWS error answer as read off the wire, before it becomes an <see cref="AwsServiceException"/>.</summary>
public sealed class AwsErrorInfo
{
    public AwsErrorInfo(int statusCode, string code, string message, string? requestId, TimeSpan? retryAfter)
    {
        StatusCode = statusCode;
        Code = code;
        Message = message;
        RequestId = requestId;
        RetryAfter = retryAfter;
    }

    public int StatusCode { get; }

    public string Code { get; }

    public string Message { get; }

    public string? RequestId { get; }

    public TimeSpan? RetryAfter { get; }

    /// <summary>Reads the Retry-After header (delta seconds) that throttling answers may carry.</summary>
    public static TimeSpan? ParseRetryAfter(Func<string, string?> header) =>
        double.TryParse(header("Retry-After"), System.Globalization.NumberStyles.Float, System.Globalization.CultureInfo.InvariantCulture, out var seconds) && seconds >= 0
            ? TimeSpan.FromSeconds(seconds)
            : null;
}
