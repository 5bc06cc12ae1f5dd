using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LambdaSec.Emulator.Protocols;
using LambdaSec.Emulator.Routing;

namespace LambdaSec.Emulator.Services;

/// <summary>
/// Amazon Inspector (rest-json, botocore inspector2/2020-06-08): the scan types of the caller's account in the region.
/// Enable (POST /enable) and Disable (POST /disable) turn resourceTypes on or off (Disable without resourceTypes: all;
/// turning LAMBDA off turns LAMBDA_CODE off too, as the Inspector user guide says); BatchGetAccountStatus
/// (POST /status/batch/get) answers state and resourceState per account. Only the caller's own account is answered:
/// another account id (a delegated administrator's view) is a failedAccounts entry with errorCode ACCESS_DENIED.
/// ListFindings (POST /findings/list) pages the region's seeded findings through the string filters of filterCriteria.
/// </summary>
public sealed partial class Inspector2Service : RestJsonService
{
    /// <summary>ResourceScanType values to resourceState members (botocore shapes ResourceScanType and ResourceState).</summary>
    private static readonly Dictionary<string, string> Members = new(StringComparer.Ordinal)
    {
        ["EC2"] = "ec2", ["ECR"] = "ecr", ["LAMBDA"] = "lambda", ["LAMBDA_CODE"] = "lambdaCode", ["CODE_REPOSITORY"] = "codeRepository",
    };

    [GeneratedRegex(@"^\d{12}$")]
    private static partial Regex AccountId();

    public Inspector2Service() : base("inspector2", lambdaStyleErrors: false)
    {
        Map("POST", "/status/batch/get", "BatchGetAccountStatus", BatchGetAccountStatus);
        Map("POST", "/findings/list", "ListFindings", ListFindings);
        Map("POST", "/enable", "Enable", r => Toggle(r, enable: true));
        Map("POST", "/disable", "Disable", r => Toggle(r, enable: false));
    }

    public override AwsException Throttled(int retryAfterSeconds) =>
        WithRetryAfter(new AwsException("ThrottlingException", "Rate exceeded", 429), retryAfterSeconds);

    public override AwsException InternalError() => new("InternalServerException", "Internal service error", 500, false);

    private static AwsException Invalid(string message) => new("ValidationException", message);

    /// <summary>Sets statuses, as scenarios do ("inspector": {"lambda": "ENABLED", ...}).</summary>
    public static void Set(State.RegionState region, string member, string status)
    {
        if (!Members.ContainsValue(member)) throw new ArgumentException($"Inspector resource '{member}' is unknown; use one of {string.Join(", ", Members.Values)}.");
        if (status is not ("ENABLED" or "DISABLED" or "ENABLING" or "DISABLING" or "SUSPENDING" or "SUSPENDED")) throw new ArgumentException($"Inspector status '{status}' is unknown.");
        region.InspectorStatus[member] = status;
    }

    private static string StatusOf(State.RegionState region, string member) => region.InspectorStatus.GetValueOrDefault(member, "DISABLED");

    private static string AccountStatus(State.RegionState region) => Members.Values.Any(m => StatusOf(region, m) == "ENABLED") ? "ENABLED" : "DISABLED";

    /// <summary>accountIds of the request (default: the caller's), each 12 digits, at most 100.</summary>
    private static List<string> Accounts(AwsRequest r)
    {
        if (r.Json["accountIds"] is not JsonArray ids) return [r.AccountId];
        var list = ids.Select(i => i?.ToString() ?? "").ToList();
        if (list.Count > 100) throw Invalid("1 validation error detected: Value at 'accountIds' failed to satisfy constraint: Member must have length less than or equal to 100");
        var bad = list.FirstOrDefault(i => !AccountId().IsMatch(i));
        return bad is null ? list : throw Invalid($"1 validation error detected: Value '{bad}' at 'accountIds' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d{{12}}");
    }

    private static JsonObject Failed(string account) => new()
    {
        ["accountId"] = account, ["errorCode"] = "ACCESS_DENIED", ["errorMessage"] = $"The caller is not the Amazon Inspector administrator of {account}.",
    };

    /// <summary>accounts[] (the caller's, answered by <paramref name="answer"/>) and failedAccounts[] (any other) of a request.</summary>
    private static ApiResult PerAccount(AwsRequest r, Func<JsonObject> answer)
    {
        var accounts = new JsonArray();
        var failed = new JsonArray();
        foreach (var id in Accounts(r)) (id == r.AccountId ? accounts : failed).Add(id == r.AccountId ? answer() : Failed(id));
        return ApiResult.Ok(new JsonObject { ["accounts"] = accounts, ["failedAccounts"] = failed });
    }

    private static ApiResult BatchGetAccountStatus(AwsRequest r) => PerAccount(r, () =>
    {
        var resources = new JsonObject();
        foreach (var member in Members.Values) resources[member] = new JsonObject { ["status"] = StatusOf(r.RegionState, member) };
        return new JsonObject { ["accountId"] = r.AccountId, ["state"] = new JsonObject { ["status"] = AccountStatus(r.RegionState) }, ["resourceState"] = resources };
    });

    private static ApiResult Toggle(AwsRequest r, bool enable)
    {
        var types = r.Json["resourceTypes"] is JsonArray given ? given.Select(t => t?.ToString() ?? "").ToList() : null;
        if (types is null && enable) throw Invalid("1 validation error detected: Value null at 'resourceTypes' failed to satisfy constraint: Member must not be null");
        var unknown = types?.FirstOrDefault(t => !Members.ContainsKey(t));
        if (unknown is not null) throw Invalid($"1 validation error detected: Value '{unknown}' at 'resourceTypes' failed to satisfy constraint: Member must satisfy enum value set: [{string.Join(", ", Members.Keys)}]");
        var members = (types ?? [.. Members.Keys]).Select(t => Members[t]).ToList();
        if (!enable && members.Contains("lambda")) members.Add("lambdaCode");
        return PerAccount(r, () =>
        {
            foreach (var member in members) r.RegionState.InspectorStatus[member] = enable ? "ENABLED" : "DISABLED";
            var status = new JsonObject();
            foreach (var member in Members.Values) status[member] = StatusOf(r.RegionState, member);
            return new JsonObject { ["accountId"] = r.AccountId, ["status"] = AccountStatus(r.RegionState), ["resourceStatus"] = status };
        });
    }

    /// <summary>The string filters ListFindings answers (FilterCriteria members) and the finding values each compares.</summary>
    private static readonly Dictionary<string, Func<JsonObject, IEnumerable<string?>>> Filters = new(StringComparer.Ordinal)
    {
        ["findingArn"] = f => [f["findingArn"]?.ToString()],
        ["awsAccountId"] = f => [f["awsAccountId"]?.ToString()],
        ["findingType"] = f => [f["type"]?.ToString()],
        ["findingStatus"] = f => [f["status"]?.ToString()],
        ["severity"] = f => [f["severity"]?.ToString()],
        ["vulnerabilityId"] = f => [f["packageVulnerabilityDetails"]?["vulnerabilityId"]?.ToString()],
        ["resourceType"] = f => Resources(f).Select(r => r["type"]?.ToString()),
        ["resourceId"] = f => Resources(f).Select(r => r["id"]?.ToString()),
        ["lambdaFunctionName"] = f => Resources(f).Select(r => r["details"]?["awsLambdaFunction"]?["functionName"]?.ToString()),
    };

    private static IEnumerable<JsonNode> Resources(JsonObject finding) => (finding["resources"] as JsonArray ?? []).OfType<JsonNode>();

    /// <summary>Replaces the region's findings with a scenario's, filling in the members every finding has (botocore's required ones).</summary>
    public static void SetFindings(State.RegionState region, string account, string regionName, JsonArray findings)
    {
        region.InspectorFindings.Clear();
        foreach (var finding in findings.OfType<JsonObject>().Select(f => (JsonObject)f.DeepClone()))
        {
            finding["awsAccountId"] ??= account;
            finding["findingArn"] ??= $"arn:aws:inspector2:{regionName}:{account}:finding/{region.InspectorFindings.Count + 1:x32}";
            finding["status"] ??= "ACTIVE";
            finding["type"] ??= "PACKAGE_VULNERABILITY";
            region.InspectorFindings.Add(finding);
        }
    }

    /// <summary>A field matches its StringFilterList when no NOT_EQUALS filter matches and, if it has EQUALS or PREFIX filters, one of them does.</summary>
    private static bool Matches(IReadOnlyList<string?> values, JsonArray filters)
    {
        var positive = false;
        var matched = false;
        foreach (var filter in filters.OfType<JsonObject>())
        {
            var comparison = filter["comparison"]?.ToString();
            var value = filter["value"]?.ToString() ?? throw Invalid("1 validation error detected: Value null at 'filterCriteria' 'value' failed to satisfy constraint: Member must not be null");
            bool hit = comparison switch
            {
                "EQUALS" or "NOT_EQUALS" => values.Contains(value),
                "PREFIX" => values.Any(v => v?.StartsWith(value, StringComparison.Ordinal) == true),
                _ => throw Invalid($"1 validation error detected: Value '{comparison}' at 'filterCriteria' 'comparison' failed to satisfy constraint: Member must satisfy enum value set: [EQUALS, PREFIX, NOT_EQUALS]"),
            };
            if (comparison == "NOT_EQUALS")
            {
                if (hit) return false;
                continue;
            }

            positive = true;
            matched |= hit;
        }

        return !positive || matched;
    }

    private static ApiResult ListFindings(AwsRequest r)
    {
        var size = r.Json["maxResults"]?.GetValue<int>() ?? 100;
        if (size is < 1 or > 100) throw Invalid($"1 validation error detected: Value '{size}' at 'maxResults' failed to satisfy constraint: Member must have value between 1 and 100");
        var criteria = r.Json["filterCriteria"] as JsonObject ?? [];
        foreach (var (name, filters) in criteria)
        {
            if (!Filters.ContainsKey(name)) throw Invalid($"The emulator does not filter findings by '{name}'; it answers {string.Join(", ", Filters.Keys)}.");
            if (filters is not JsonArray { Count: >= 1 and <= 10 }) throw Invalid($"1 validation error detected: Value at 'filterCriteria.{name}' failed to satisfy constraint: Member must have length between 1 and 10");
        }

        var selected = r.RegionState.InspectorFindings
            .Where(f => criteria.All(c => Matches(Filters[c.Key](f).ToList(), (JsonArray)c.Value!)))
            .ToList();
        var start = r.Json["nextToken"]?.ToString() is { } token ? (int.TryParse(token, out var at) && at > 0 && at <= selected.Count ? at : throw Invalid("The nextToken is not valid.")) : 0;
        var page = new JsonArray(selected.Skip(start).Take(size).Select(f => (JsonNode)f.DeepClone()).ToArray());
        var answer = new JsonObject { ["findings"] = page };
        if (start + size < selected.Count) answer["nextToken"] = (start + size).ToString(System.Globalization.CultureInfo.InvariantCulture);
        return ApiResult.Ok(answer);
    }
}
