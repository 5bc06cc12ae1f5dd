using System;

namespace LambdaSec.Aws;

/// <summary>
/// A failed AWS call after retries: the AWS error code, HTTP status and request id as AWS sent them,
/// and the stable LambdaSec error id (LambdaSec.AccessDenied, LambdaSec.ResourceNotFound...) cmdlets write.
/// </summary>
public sealed class AwsServiceException : Exception
{
    public AwsServiceException(string message, string errorId, string operation, string? errorCode, int statusCode, string? requestId, Exception? innerException = null)
        : base(message, innerException)
    {
        ErrorId = errorId;
        Operation = operation;
        ErrorCode = errorCode;
        StatusCode = statusCode;
        RequestId = requestId;
    }

    /// <summary>The LambdaSec error id (see Model/ErrorIds.cs).</summary>
    public string ErrorId { get; }

    /// <summary>service:Operation, e.g. lambda:GetPolicy.</summary>
    public string Operation { get; }

    /// <summary>The AWS error code (ResourceNotFoundException, AccessDenied...); null when no answer came.</summary>
    public string? ErrorCode { get; }

    /// <summary>The HTTP status; 0 when no answer came (connection failure).</summary>
    public int StatusCode { get; }

    /// <summary>The AWS request id, for AWS support and CloudTrail.</summary>
    public string? RequestId { get; }
}
