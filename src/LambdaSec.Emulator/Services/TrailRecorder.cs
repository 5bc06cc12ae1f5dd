using System.Globalization;
using System.Text.Json.Nodes;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Services;

/// <summary>Writes CloudTrail management-event records for write calls, in CloudTrail's record shape.</summary>
public static class TrailRecorder
{
    public static void Record(AwsRequest r, string eventSource, string eventName, JsonObject requestParameters,
        JsonNode? responseElements, IEnumerable<(string Type, string Name)> resources, string? region = null) =>
        Write(r, eventSource, eventName, requestParameters, responseElements, resources, region, readOnly: false, errorCode: null);

    /// <summary>
    /// The record of any call that has none yet (with --trail-reads): reads, and writes that failed. Named by the
    /// operation (AWS versions some names, such as Lambda's ListFunctions20150331; the emulator does not).
    /// </summary>
    public static void RecordCall(AwsRequest r, string? errorCode)
    {
        if (r.TrailRecorded || r.Operation.Length == 0) return;
        var eventSource = (r.Service == "apigatewayv2" ? "apigateway" : r.Service) + ".amazonaws.com";
        var readOnly = r.Operation.StartsWith("Get", StringComparison.Ordinal) || r.Operation.StartsWith("List", StringComparison.Ordinal)
            || r.Operation.StartsWith("Describe", StringComparison.Ordinal) || r.Operation.StartsWith("Lookup", StringComparison.Ordinal);
        Write(r, eventSource, r.Operation, null, null, [], null, readOnly, errorCode);
    }

    private static void Write(AwsRequest r, string eventSource, string eventName, JsonObject? requestParameters,
        JsonNode? responseElements, IEnumerable<(string Type, string Name)> resources, string? region, bool readOnly, string? errorCode)
    {
        if (!r.RecordTrail) return;
        r.TrailRecorded = true;
        var now = DateTimeOffset.UtcNow;
        var eventRegion = region ?? r.Region;
        var eventId = Ids.Uuid();
        var caller = r.Caller;
        var userAgent = r.Http.Request.Headers.UserAgent.ToString();
        var record = new JsonObject
        {
            ["eventVersion"] = "1.08",
            ["userIdentity"] = UserIdentity(caller, now),
            ["eventTime"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["eventSource"] = eventSource,
            ["eventName"] = eventName,
            ["awsRegion"] = eventRegion,
            ["sourceIPAddress"] = r.Http.Connection.RemoteIpAddress?.ToString() ?? "127.0.0.1",
            ["userAgent"] = userAgent.Length > 0 ? userAgent : "LambdaSec.Emulator",
            ["requestParameters"] = requestParameters,
            ["responseElements"] = responseElements,
            ["requestID"] = r.RequestId,
            ["eventID"] = eventId,
            ["readOnly"] = readOnly,
            ["eventType"] = "AwsApiCall",
            ["managementEvent"] = true,
            ["recipientAccountId"] = caller.AccountId,
            ["eventCategory"] = "Management",
        };
        if (errorCode is not null) record["errorCode"] = errorCode;
        r.State.Region(caller.AccountId, eventRegion).Events.Add(new CloudTrailEvent
        {
            EventId = eventId,
            EventName = eventName,
            EventSource = eventSource,
            EventTime = now,
            Username = UserName(caller),
            AccessKeyId = caller.AccessKeyId,
            ReadOnly = readOnly,
            Resources = resources.ToList(),
            Record = record,
        });
    }

    public static string UserName(CallerIdentity caller) => caller.Type switch
    {
        "Root" => "root",
        _ => caller.UserName ?? caller.Arn,
    };

    public static JsonObject UserIdentity(CallerIdentity caller, DateTimeOffset now)
    {
        var id = new JsonObject
        {
            ["type"] = caller.Type,
            ["principalId"] = caller.UserId,
            ["arn"] = caller.Arn,
            ["accountId"] = caller.AccountId,
            ["accessKeyId"] = caller.AccessKeyId,
        };
        if (caller.Type == "AssumedRole" && caller.RoleArn is { } roleArn)
        {
            id["sessionContext"] = new JsonObject
            {
                ["sessionIssuer"] = new JsonObject
                {
                    ["type"] = "Role",
                    ["principalId"] = caller.UserId.Split(':')[0],
                    ["arn"] = roleArn,
                    ["accountId"] = caller.AccountId,
                    ["userName"] = roleArn[(roleArn.LastIndexOf('/') + 1)..],
                },
                ["attributes"] = new JsonObject
                {
                    ["creationDate"] = now.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
                    ["mfaAuthenticated"] = "false",
                },
            };
        }
        return id;
    }

    /// <summary>API input as CloudTrail writes it: member names in camelCase, code blobs left out.</summary>
    public static JsonObject CamelCase(JsonObject input)
    {
        var result = new JsonObject();
        foreach (var (k, v) in input)
        {
            if (k is "ZipFile") continue;
            var name = k.Length > 0 ? char.ToLowerInvariant(k[0]) + k[1..] : k;
            result[name] = v switch
            {
                JsonObject o when k is "Variables" or "Tags" => o.DeepClone(),
                JsonObject o => CamelCase(o),
                null => null,
                _ => v.DeepClone(),
            };
        }
        return result;
    }
}
