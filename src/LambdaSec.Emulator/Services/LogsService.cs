using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LambdaSec.Emulator.Routing;

namespace LambdaSec.Emulator.Services;

/// <summary>
/// CloudWatch Logs (awsJson1_1, target prefix Logs_20140328; botocore logs/2014-03-28): log groups with their
/// retention, enough for the audit's log group rule and for seeding. DescribeLogGroups pages by nextToken (limit 1..50).
/// </summary>
public sealed partial class LogsService : JsonRpcService
{
    /// <summary>The retentionInDays values PutRetentionPolicy accepts (botocore logs/2014-03-28, shape Days).</summary>
    private static readonly int[] RetentionDays = [1, 3, 5, 7, 14, 30, 60, 90, 120, 150, 180, 365, 400, 545, 731, 1096, 1827, 2192, 2557, 2922, 3288, 3653];

    [GeneratedRegex(@"^[\.\-_/#A-Za-z0-9]{1,512}$")]
    private static partial Regex LogGroupName();

    public LogsService() : base("logs")
    {
        Map("CreateLogGroup", CreateLogGroup);
        Map("DeleteLogGroup", DeleteLogGroup);
        Map("PutRetentionPolicy", PutRetentionPolicy);
        Map("DeleteRetentionPolicy", DeleteRetentionPolicy);
        Map("DescribeLogGroups", DescribeLogGroups);
    }

    private static AwsException Invalid(string message) => new("InvalidParameterException", message);

    private static string GroupName(AwsRequest r)
    {
        var name = r.ReqStr("logGroupName", "InvalidParameterException");
        return LogGroupName().IsMatch(name) ? name : throw Invalid($"1 validation error detected: Value '{name}' at 'logGroupName' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\.\\-_/#A-Za-z0-9]+");
    }

    private static JsonObject Existing(AwsRequest r) =>
        r.RegionState.LogGroups.TryGetValue(GroupName(r), out var group) ? group : throw new AwsException("ResourceNotFoundException", "The specified log group does not exist.");

    private JsonNode? CreateLogGroup(AwsRequest r)
    {
        var name = GroupName(r);
        if (r.RegionState.LogGroups.ContainsKey(name))
            throw new AwsException("ResourceAlreadyExistsException", "The specified log group already exists");
        var arn = $"arn:aws:logs:{r.Region}:{r.AccountId}:log-group:{name}";
        r.RegionState.LogGroups[name] = new JsonObject
        {
            ["logGroupName"] = name,
            ["creationTime"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds(),
            ["metricFilterCount"] = 0,
            ["arn"] = arn + ":*",
            ["storedBytes"] = 0,
            ["logGroupClass"] = r.Str("logGroupClass") ?? "STANDARD",
            ["logGroupArn"] = arn,
        };
        if (r.Str("kmsKeyId") is { } key) r.RegionState.LogGroups[name]["kmsKeyId"] = key;
        return null;
    }

    private JsonNode? DeleteLogGroup(AwsRequest r)
    {
        r.RegionState.LogGroups.Remove(Existing(r)["logGroupName"]!.GetValue<string>());
        return null;
    }

    private JsonNode? PutRetentionPolicy(AwsRequest r)
    {
        var days = r.Number("retentionInDays") ?? throw Invalid("1 validation error detected: Value null at 'retentionInDays' failed to satisfy constraint: Member must not be null");
        if (!RetentionDays.Contains(days))
            throw Invalid($"1 validation error detected: Value '{days}' at 'retentionInDays' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", RetentionDays)}]");
        Existing(r)["retentionInDays"] = days;
        return null;
    }

    private JsonNode? DeleteRetentionPolicy(AwsRequest r)
    {
        Existing(r).Remove("retentionInDays");
        return null;
    }

    private JsonNode? DescribeLogGroups(AwsRequest r)
    {
        var prefix = r.Str("logGroupNamePrefix");
        var pattern = r.Str("logGroupNamePattern");
        if (prefix is not null && pattern is not null)
            throw Invalid("LogGroup name prefix and LogGroup name pattern are mutually exclusive parameters.");
        var limit = r.Number("limit") ?? 50;
        if (limit is < 1 or > 50)
            throw Invalid($"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy constraint: Member must have value less than or equal to 50");
        var start = JsonPaging.Start(r.Str("nextToken"), "InvalidParameterException");
        // SortedDictionary with ordinal keys: ASCII order by name, as the API documents.
        var groups = r.RegionState.LogGroups.Values
            .Where(g => prefix is null || g["logGroupName"]!.GetValue<string>().StartsWith(prefix, StringComparison.Ordinal))
            .Where(g => pattern is null || g["logGroupName"]!.GetValue<string>().Contains(pattern, StringComparison.Ordinal))
            .Select(g => (JsonNode)g)
            .ToList();
        return JsonPaging.Page(new JsonObject(), "logGroups", groups, start, limit, "nextToken");
    }
}
