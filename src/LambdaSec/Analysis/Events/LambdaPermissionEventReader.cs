using System;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using LambdaSec.Analysis.Exposure;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Events;

/// <summary>
/// Turns a CloudTrail record of a Lambda permission or function URL write into a <see cref="LambdaPermissionEvent"/>,
/// classified with the §3 engine: an AddPermission grant is the statement Lambda wrote (responseElements.statement)
/// or, when the record lacks it, the statement Lambda writes for the request. Pure: no I/O.
/// </summary>
public static class LambdaPermissionEventReader
{
    public const string EventSource = "lambda.amazonaws.com";

    /// <summary>Lambda versions its event names (AddPermission20150331v2), so they are matched by prefix.</summary>
    private static readonly (string Prefix, PermissionEventAction Action)[] Names =
    [
        ("AddPermission", PermissionEventAction.Added),
        ("RemovePermission", PermissionEventAction.Removed),
        ("CreateFunctionUrlConfig", PermissionEventAction.UrlCreated),
        ("UpdateFunctionUrlConfig", PermissionEventAction.UrlUpdated),
        ("DeleteFunctionUrlConfig", PermissionEventAction.UrlDeleted),
    ];

    /// <summary>The action of a permission or URL event name, or null for any other event.</summary>
    public static PermissionEventAction? ActionOf(string? eventName)
    {
        foreach (var (prefix, action) in Names)
        {
            if (eventName is not null && eventName.StartsWith(prefix, StringComparison.Ordinal))
            {
                return action;
            }
        }

        return null;
    }

    /// <summary>The event, or null when the record is not a Lambda permission or URL event.</summary>
    public static LambdaPermissionEvent? Read(JsonElement record)
    {
        var eventName = AddPermissionStatement.Text(record, "eventName");
        var source = AddPermissionStatement.Text(record, "eventSource");
        if (ActionOf(eventName) is not { } action || (source is not null && source != EventSource))
        {
            return null;
        }

        var time = AddPermissionStatement.Text(record, "eventTime");
        if (time is null || !DateTime.TryParse(time, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var eventTime))
        {
            throw new CloudTrailEventException($"The {eventName} event {AddPermissionStatement.Text(record, "eventID")} has no readable eventTime ('{time}').");
        }

        var request = record.TryGetProperty("requestParameters", out var rp) && rp.ValueKind == JsonValueKind.Object ? rp : default;
        var region = AddPermissionStatement.Text(record, "awsRegion");
        var identity = record.TryGetProperty("userIdentity", out var ui) ? ui : default;
        var functionText = AddPermissionStatement.Text(request, "functionName");
        var function = Function(functionText, region, AddPermissionStatement.Text(record, "recipientAccountId") ?? AddPermissionStatement.Text(identity, "accountId"));
        var qualifier = AddPermissionStatement.Text(request, "qualifier") ?? function.Qualifier;
        var judgement = action switch
        {
            PermissionEventAction.Added => ClassifyGrant(record, request, function, qualifier),
            PermissionEventAction.UrlCreated or PermissionEventAction.UrlUpdated => ClassifyUrl(request),
            _ => new Grant(ExposureLevel.None, [], [], action == PermissionEventAction.Removed ? "A removed statement grants nothing." : "A deleted function URL cannot be called.", null),
        };

        var userAgent = AddPermissionStatement.Text(record, "userAgent");
        return new LambdaPermissionEvent
        {
            EventTime = DateTime.SpecifyKind(eventTime, DateTimeKind.Utc),
            EventName = eventName!,
            EventId = AddPermissionStatement.Text(record, "eventID"),
            Action = action,
            Actor = Actor(identity),
            ActorType = AddPermissionStatement.Text(identity, "type"),
            SourceIp = AddPermissionStatement.Text(record, "sourceIPAddress"),
            UserAgent = userAgent,
            ByLambdaSec = LambdaSecUserAgent.IsLambdaSec(userAgent),
            AccountId = function.AccountId,
            Region = region,
            FunctionName = function.Name ?? functionText,
            FunctionArn = function.Arn,
            Qualifier = qualifier,
            StatementId = AddPermissionStatement.Text(request, "statementId"),
            Principal = AddPermissionStatement.Text(request, "principal"),
            GrantedAction = AddPermissionStatement.Text(request, "action"),
            Conditions = judgement.Conditions,
            AuthType = AddPermissionStatement.Text(request, "authType") ?? AddPermissionStatement.Text(request, "functionUrlAuthType"),
            Exposure = judgement.Level,
            ExternalAccounts = judgement.ExternalAccounts,
            Reason = judgement.Reason,
            Statement = judgement.Statement,
            ErrorCode = AddPermissionStatement.Text(record, "errorCode"),
            ErrorMessage = AddPermissionStatement.Text(record, "errorMessage"),
        };
    }

    private static Grant ClassifyGrant(JsonElement record, JsonElement request, FunctionRef function, string? qualifier)
    {
        // The statement Lambda wrote is the truth; rebuild it from the request only when the record lacks it.
        var written = record.TryGetProperty("responseElements", out var response) ? AddPermissionStatement.Text(response, "statement") : null;
        var resource = function.Arn is null ? function.Name ?? "*" : qualifier is null || function.Qualifier is not null ? function.Arn : $"{function.Arn}:{qualifier}";
        var policy = written is null
            ? AddPermissionStatement.Build(request, resource, function.Partition)
            : $"{{\"Version\":\"2012-10-17\",\"Statement\":[{written}]}}";
        var result = PolicyExposureClassifier.Classify(policy, function.AccountId, function.Name);
        if (result.ParseError is not null || result.Statements.Length != 1)
        {
            return new Grant(ExposureLevel.Unknown, [], [], $"The granted statement cannot be read: {result.ParseError ?? "it is not one statement"}", written);
        }

        var statement = result.Statements[0];
        return new Grant(statement.Exposure, statement.ExternalAccounts, statement.Conditions, statement.Reason, statement.Json);
    }

    private static Grant ClassifyUrl(JsonElement request) => AddPermissionStatement.Text(request, "authType") switch
    {
        "NONE" => new Grant(ExposureLevel.Public, [], [], "The function URL has AuthType NONE: anyone on the internet can call it wherever the resource policy allows lambda:InvokeFunctionUrl to \"*\".", null),
        "AWS_IAM" => new Grant(ExposureLevel.None, [], [], "The function URL has AuthType AWS_IAM: callers need IAM permission, and the resource policy decides who else may call it.", null),
        null => new Grant(ExposureLevel.None, [], [], "The AuthType of the function URL was not changed.", null),
        var other => new Grant(ExposureLevel.Unknown, [], [], $"The function URL has an AuthType LambdaSec does not know ('{other}').", null),
    };

    /// <summary>The caller: the role behind an assumed-role session, else the identity's ARN, else the invoking service.</summary>
    private static string? Actor(JsonElement identity) =>
        (identity.ValueKind == JsonValueKind.Object && identity.TryGetProperty("sessionContext", out var session) && session.TryGetProperty("sessionIssuer", out var issuer)
            ? AddPermissionStatement.Text(issuer, "arn")
            : null)
        ?? AddPermissionStatement.Text(identity, "arn")
        ?? AddPermissionStatement.Text(identity, "invokedBy")
        ?? AddPermissionStatement.Text(identity, "principalId");

    /// <summary>
    /// The function from requestParameters.functionName, which may be a name, a partial ARN (account:function:name)
    /// or a full ARN, each possibly with a qualifier; the ARN is completed from the record's region and account.
    /// </summary>
    private static FunctionRef Function(string? text, string? region, string? recipientAccount)
    {
        if (LambdaFunctionArn.TryParse(text) is { } arn)
        {
            var parts = arn.Arn.Split(':');
            var unqualified = string.Join(":", parts.Take(7));
            return new FunctionRef(arn.FunctionName, unqualified, arn.AccountId, parts.Length == 8 ? parts[7] : null, parts[1]);
        }

        var segments = (text ?? string.Empty).Split(':');
        var (name, account, qualifier) = segments.Length >= 3 && segments[1] == "function"
            ? (segments[2], segments[0], segments.Length > 3 ? segments[3] : null)
            : (segments[0], recipientAccount, segments.Length > 1 ? segments[1] : null);
        var full = name.Length > 0 && region is not null && Policy.AwsIdentifiers.IsAccountId(account)
            ? $"arn:{Partition(region)}:lambda:{region}:{account}:function:{name}"
            : null;
        return new FunctionRef(name.Length > 0 ? name : null, full, Policy.AwsIdentifiers.IsAccountId(account) ? account : null, qualifier, region is null ? "aws" : Partition(region));
    }

    private static string Partition(string region) =>
        region.StartsWith("cn-", StringComparison.Ordinal) ? "aws-cn"
        : region.StartsWith("us-gov-", StringComparison.Ordinal) ? "aws-us-gov"
        : "aws";

    private sealed record FunctionRef(string? Name, string? Arn, string? AccountId, string? Qualifier, string Partition);

    private sealed record Grant(ExposureLevel Level, string[] ExternalAccounts, string[] Conditions, string Reason, string? Statement);
}
