using System;
using System.Collections.Generic;
using LambdaSec.Model;

namespace LambdaSec.Aws;

/// <summary>Decides, from an AWS error code and HTTP status, whether to retry and which LambdaSec error id it is.</summary>
public static class AwsErrorClassifier
{
    // Codes from botocore's retry configuration (_retry.json "throttling" and "general") and the services' models.
    private static readonly HashSet<string> ThrottlingCodes = new(StringComparer.Ordinal)
    {
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException", "TooManyRequestsException",
        "ProvisionedThroughputExceededException", "TransactionInProgressException", "RequestLimitExceeded",
        "BandwidthLimitExceeded", "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    };

    private static readonly HashSet<string> TransientCodes = new(StringComparer.Ordinal)
    {
        "InternalFailure", "InternalError", "InternalServerError", "InternalServerException", "ServiceException",
        "ServiceUnavailable", "ServiceUnavailableException", "RequestTimeout", "RequestTimeoutException", "IDPCommunicationError",
    };

    private static readonly HashSet<string> AccessDeniedCodes = new(StringComparer.Ordinal)
    {
        "AccessDenied", "AccessDeniedException", "UnauthorizedOperation", "UnauthorizedException", "AuthFailure",
        "UnrecognizedClientException", "InvalidClientTokenId", "SignatureDoesNotMatch", "ExpiredToken", "ExpiredTokenException",
        "WAFAccessDeniedException", "AWSOrganizationsNotInUseException",
    };

    private static readonly HashSet<string> NotFoundCodes = new(StringComparer.Ordinal)
    {
        "ResourceNotFoundException", "NoSuchEntity", "NotFoundException", "LoadBalancerNotFound", "TargetGroupNotFound",
        "ListenerNotFound", "WAFNonexistentItemException", "AccountNotFoundException", "TrailNotFoundException",
    };

    public static bool IsThrottling(AwsErrorInfo error) => error.StatusCode == 429 || ThrottlingCodes.Contains(error.Code);

    public static bool IsRetryable(AwsErrorInfo error) =>
        IsThrottling(error) || TransientCodes.Contains(error.Code) || error.StatusCode is 500 or 502 or 503 or 504;

    public static string ErrorIdFor(AwsErrorInfo error)
    {
        if (IsThrottling(error)) return ErrorIds.Throttled;
        if (AccessDeniedCodes.Contains(error.Code) || error.StatusCode is 401 or 403) return ErrorIds.AccessDenied;
        // A 404/405/501 without an AWS error code is the endpoint not knowing the route at all (an emulator or a
        // LocalStack/moto build without the operation), not a missing resource: a deleted function answers with a code.
        if (error.StatusCode is 404 or 405 or 501 && error.Code.StartsWith("Http", StringComparison.Ordinal)) return ErrorIds.OperationNotSupported;
        if (NotFoundCodes.Contains(error.Code) || error.StatusCode == 404) return ErrorIds.ResourceNotFound;
        if (error.Code == "PreconditionFailedException" || error.StatusCode == 412) return ErrorIds.PreconditionFailed;
        return ErrorIds.AwsError;
    }
}
