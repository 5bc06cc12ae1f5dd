using LambdaSec.Emulator.Protocols;
using System.Text.Json.Nodes;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Services;

/// <summary>CloudTrail LookupEvents (awsJson1_1) over the management events the emulator recorded
/// or a scenario seeded, newest first, per account and region.</summary>
public sealed class CloudTrailService : JsonRpcService
{
    private static readonly string[] AttributeKeys =
        ["EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName", "EventSource", "AccessKeyId"];

    public CloudTrailService() : base("cloudtrail")
    {
        Map("LookupEvents", LookupEvents);
    }

    private static DateTimeOffset? Time(JsonNode? n) => n switch
    {
        null => null,
        JsonValue v when v.TryGetValue<double>(out var d) => DateTimeOffset.FromUnixTimeMilliseconds((long)(d * 1000)),
        _ => DateTimeOffset.Parse(n.ToString(), System.Globalization.CultureInfo.InvariantCulture),
    };

    private static bool Matches(CloudTrailEvent e, string key, string value) => key switch
    {
        "EventId" => e.EventId == value,
        "EventName" => e.EventName == value,
        "ReadOnly" => string.Equals(e.ReadOnly ? "true" : "false", value, StringComparison.OrdinalIgnoreCase),
        "Username" => e.Username == value,
        "ResourceType" => e.Resources.Any(x => x.Type == value),
        "ResourceName" => e.Resources.Any(x => x.Name == value),
        "EventSource" => e.EventSource == value,
        "AccessKeyId" => e.AccessKeyId == value,
        _ => false,
    };

    private JsonNode? LookupEvents(AwsRequest r)
    {
        var attributes = r.Json["LookupAttributes"] as JsonArray ?? [];
        if (attributes.Count > 1)
            throw new AwsException("InvalidLookupAttributesException", "You cannot specify more than one lookup attribute.");
        string? key = null, value = null;
        if (attributes.Count == 1)
        {
            key = attributes[0]?["AttributeKey"]?.GetValue<string>();
            value = attributes[0]?["AttributeValue"]?.GetValue<string>();
            if (key is null || !AttributeKeys.Contains(key) || string.IsNullOrEmpty(value))
                throw new AwsException("InvalidLookupAttributesException", $"Lookup attribute key {key} is not valid; use one of {string.Join(", ", AttributeKeys)} with a value.");
        }
        var end = Time(r.Json["EndTime"]) ?? DateTimeOffset.UtcNow;
        var start = Time(r.Json["StartTime"]) ?? end.AddDays(-90);
        if (start > end) throw new AwsException("InvalidTimeRangeException", "Start time must be before end time.");
        var max = r.Number("MaxResults") ?? 50;
        if (max is < 1 or > 50) throw new AwsException("InvalidMaxResultsException", "MaxResults must be between 1 and 50.");
        var startIndex = JsonPaging.Start(r.Str("NextToken"), "InvalidNextTokenException");

        var events = r.RegionState.Events
            .Where(e => e.EventTime >= start && e.EventTime <= end)
            .Where(e => key is null || Matches(e, key, value!))
            .OrderByDescending(e => e.EventTime)
            .Select(e => (JsonNode)new JsonObject
            {
                ["EventId"] = e.EventId,
                ["EventName"] = e.EventName,
                ["ReadOnly"] = e.ReadOnly ? "true" : "false",
                ["AccessKeyId"] = e.AccessKeyId,
                ["EventTime"] = e.EventTime.ToUnixTimeMilliseconds() / 1000.0,
                ["EventSource"] = e.EventSource,
                ["Username"] = e.Username,
                ["Resources"] = new JsonArray(e.Resources.Select(x => (JsonNode)new JsonObject { ["ResourceType"] = x.Type, ["ResourceName"] = x.Name }).ToArray()),
                ["CloudTrailEvent"] = e.Record.ToJsonString(JsonOut.Options),
            })
            .ToList();
        return JsonPaging.Page(new JsonObject(), "Events", events, startIndex, max);
    }
}
