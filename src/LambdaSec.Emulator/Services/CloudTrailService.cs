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
        Map("CreateTrail", CreateTrail);
        Map("DescribeTrails", DescribeTrails);
        Map("PutEventSelectors", PutEventSelectors);
        Map("GetEventSelectors", GetEventSelectors);
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

    // ---- trails and event selectors -------------------------------------------------------------

    private static AwsException TrailNotFound(string name) =>
        new("TrailNotFoundException", $"Unknown trail: {name} for the user: {name.Split(':').ElementAtOrDefault(4)}", 400);

    private JsonNode? CreateTrail(AwsRequest r)
    {
        var name = r.ReqStr("Name", "InvalidTrailNameException");
        if (r.RegionState.Trails.ContainsKey(name))
            throw new AwsException("TrailAlreadyExistsException", $"Trail {name} already exists for customer: {r.AccountId}");
        var info = new JsonObject
        {
            ["Name"] = name,
            ["S3BucketName"] = r.ReqStr("S3BucketName"),
            ["IncludeGlobalServiceEvents"] = r.Json["IncludeGlobalServiceEvents"]?.GetValue<bool>() ?? true,
            ["IsMultiRegionTrail"] = r.Json["IsMultiRegionTrail"]?.GetValue<bool>() ?? false,
            ["TrailARN"] = $"arn:aws:cloudtrail:{r.Region}:{r.AccountId}:trail/{name}",
            ["LogFileValidationEnabled"] = r.Json["EnableLogFileValidation"]?.GetValue<bool>() ?? false,
            ["IsOrganizationTrail"] = false,
        };
        // A new trail logs management events only, as in AWS.
        r.RegionState.Trails[name] = new Trail
        {
            Info = info,
            EventSelectors = [new JsonObject { ["ReadWriteType"] = "All", ["IncludeManagementEvents"] = true, ["DataResources"] = new JsonArray(), ["ExcludeManagementEventSources"] = new JsonArray() }],
        };
        return info.DeepClone();
    }

    /// <summary>The trails that apply to the caller's region: its own and the multi-region trails of other home regions.</summary>
    private JsonNode? DescribeTrails(AwsRequest r)
    {
        var account = r.State.Account(r.AccountId);
        var trails = account.Regions.Values
            .SelectMany(rs => rs.Trails.Values.Select(t => (Home: rs.Region, Trail: t)))
            .Where(x => x.Home == r.Region || x.Trail.Info["IsMultiRegionTrail"]!.GetValue<bool>())
            .Select(x =>
            {
                var info = (JsonObject)x.Trail.Info.DeepClone();
                info["HomeRegion"] = x.Home;
                info["HasCustomEventSelectors"] = x.Trail.EventSelectors?.OfType<JsonObject>().Any(s => s["DataResources"] is JsonArray { Count: > 0 }) == true || x.Trail.AdvancedEventSelectors is not null;
                info["HasInsightSelectors"] = false;
                return (JsonNode)info;
            });
        return new JsonObject { ["trailList"] = new JsonArray(trails.ToArray()) };
    }

    /// <summary>A trail by name (home region: the caller's) or ARN (any region of the caller's account).</summary>
    private static Trail FindTrail(AwsRequest r)
    {
        var name = r.ReqStr("TrailName", "InvalidTrailNameException");
        var parts = name.Split(':');
        var (region, trailName) = parts.Length == 6 && parts[5].StartsWith("trail/", StringComparison.Ordinal) ? (parts[3], parts[5][6..]) : (r.Region, name);
        if (parts.Length == 6 && parts[4] != r.AccountId) throw TrailNotFound(name);
        return r.State.Region(r.AccountId, region).Trails.TryGetValue(trailName, out var trail) ? trail : throw TrailNotFound(name);
    }

    private JsonNode? PutEventSelectors(AwsRequest r)
    {
        var trail = FindTrail(r);
        var basic = r.Json["EventSelectors"] as JsonArray;
        var advanced = r.Json["AdvancedEventSelectors"] as JsonArray;
        if ((basic is null) == (advanced is null))
            throw new AwsException("InvalidParameterCombinationException", "Specify either EventSelectors or AdvancedEventSelectors, not both.");
        trail.EventSelectors = (JsonArray?)basic?.DeepClone();
        trail.AdvancedEventSelectors = (JsonArray?)advanced?.DeepClone();
        return Selectors(trail);
    }

    private JsonNode? GetEventSelectors(AwsRequest r) => Selectors(FindTrail(r));

    private static JsonObject Selectors(Trail trail)
    {
        var result = new JsonObject { ["TrailARN"] = trail.Info["TrailARN"]!.GetValue<string>() };
        if (trail.EventSelectors is { } basic) result["EventSelectors"] = basic.DeepClone();
        if (trail.AdvancedEventSelectors is { } advanced) result["AdvancedEventSelectors"] = advanced.DeepClone();
        return result;
    }
}
