using System;

namespace LambdaSec.Model;

/// <summary>One CloudTrail record of a change to who can invoke a function (a permission or a function URL), classified.</summary>
public sealed class LambdaPermissionEvent
{
    public DateTime EventTime { get; init; }

    /// <summary>CloudTrail's versioned name, such as AddPermission20150331v2.</summary>
    public string EventName { get; init; } = string.Empty;

    public string? EventId { get; init; }

    public PermissionEventAction Action { get; init; }

    /// <summary>The ARN of the user or role that made the call (the role's ARN for an assumed-role session), or the AWS service.</summary>
    public string? Actor { get; init; }

    /// <summary>The caller's userIdentity.type: IAMUser, AssumedRole, Root, AWSService...</summary>
    public string? ActorType { get; init; }

    public string? SourceIp { get; init; }

    public string? UserAgent { get; init; }

    /// <summary>True when the call's user agent is LambdaSec's (its remediation, for example): a hint, since any caller can send any user agent.</summary>
    public bool ByLambdaSec { get; init; }

    /// <summary>The account that owns the function.</summary>
    public string? AccountId { get; init; }

    public string? Region { get; init; }

    public string? FunctionName { get; init; }

    public string? FunctionArn { get; init; }

    public string? Qualifier { get; init; }

    public string? StatementId { get; init; }

    /// <summary>The principal the statement grants to, as the call gave it.</summary>
    public string? Principal { get; init; }

    /// <summary>The Lambda action the statement grants (lambda:InvokeFunction...).</summary>
    public string? GrantedAction { get; init; }

    /// <summary>The statement's conditions as "Operator key = value".</summary>
    public string[] Conditions { get; init; } = [];

    /// <summary>The function URL's AuthType for URL events (NONE or AWS_IAM).</summary>
    public string? AuthType { get; init; }

    /// <summary>Who the change lets invoke the function (DESIGN §3); None for removals and deletions.</summary>
    public ExposureLevel Exposure { get; init; }

    public string[] ExternalAccounts { get; init; } = [];

    public string Reason { get; init; } = string.Empty;

    /// <summary>The statement as Lambda wrote it (from the response) or would write it (from the request), compact JSON.</summary>
    public string? Statement { get; init; }

    /// <summary>CloudTrail's errorCode when the call failed (nothing changed); null when it succeeded.</summary>
    public string? ErrorCode { get; init; }

    public string? ErrorMessage { get; init; }

    public override string ToString() => $"{EventTime:u} {Action} {FunctionName} {StatementId}: {Exposure}";
}
