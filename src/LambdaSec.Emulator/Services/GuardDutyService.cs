using System.Globalization;
using System.Text.Json.Nodes;
using LambdaSec.Emulator.Protocols;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Services;

/// <summary>
/// Amazon GuardDuty (rest-json, botocore guardduty/2017-11-28, camelCase wire names): one detector per account and region.
/// CreateDetector (POST /detector), ListDetectors (GET /detector, maxResults 1..50, nextToken), GetDetector and
/// UpdateDetector (GET and POST /detector/{DetectorId}), DeleteDetector. A detector's features are those set by
/// CreateDetector or UpdateDetector (merged by name); real GuardDuty lists every feature of the region.
/// </summary>
public sealed class GuardDutyService : RestJsonService
{
    /// <summary>The DetectorFeature values CreateDetector and UpdateDetector take (botocore shape DetectorFeature).</summary>
    private static readonly string[] Features = ["S3_DATA_EVENTS", "EKS_AUDIT_LOGS", "EBS_MALWARE_PROTECTION", "RDS_LOGIN_EVENTS", "LAMBDA_NETWORK_LOGS", "EKS_RUNTIME_MONITORING", "RUNTIME_MONITORING"];

    public GuardDutyService() : base("guardduty", lambdaStyleErrors: false)
    {
        Map("POST", "/detector", "CreateDetector", CreateDetector);
        Map("GET", "/detector", "ListDetectors", ListDetectors);
        Map("GET", "/detector/{DetectorId}", "GetDetector", GetDetector);
        Map("POST", "/detector/{DetectorId}", "UpdateDetector", UpdateDetector);
        Map("DELETE", "/detector/{DetectorId}", "DeleteDetector", DeleteDetector);
    }

    /// <summary>Assumed: the guardduty model declares no throttling error; AWS's rest-json services answer 429 TooManyRequestsException.</summary>
    public override AwsException Throttled(int retryAfterSeconds) =>
        WithRetryAfter(new AwsException("TooManyRequestsException", "Rate exceeded", 429), retryAfterSeconds);

    public override AwsException InternalError() => new("InternalServerErrorException", "Internal server error", 500, false);

    private static AwsException BadRequest(string message) => new("BadRequestException", message);

    private static string Now() => DateTime.UtcNow.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);

    /// <summary>Creates the region's detector (CreateDetector and scenarios' "guardDuty").</summary>
    public static JsonObject Create(RegionState region, bool enable, JsonArray? features)
    {
        if (region.GuardDutyDetector is not null) throw BadRequest("The request is rejected because a detector already exists for the current account.");
        var now = Now();
        var detector = new JsonObject
        {
            ["detectorId"] = Ids.HexId(32),
            ["createdAt"] = now,
            ["updatedAt"] = now,
            ["findingPublishingFrequency"] = "SIX_HOURS",
            ["serviceRole"] = $"arn:aws:iam::{region.AccountId}:role/aws-service-role/guardduty.amazonaws.com/AWSServiceRoleForAmazonGuardDuty",
            ["status"] = enable ? "ENABLED" : "DISABLED",
            ["features"] = new JsonArray(),
            ["tags"] = new JsonObject(),
        };
        Apply(detector, features);
        region.GuardDutyDetector = detector;
        return detector;
    }

    /// <summary>Sets the named features' statuses, keeping the others (UpdateDetector's merge).</summary>
    public static void Apply(JsonObject detector, JsonArray? features)
    {
        var held = (JsonArray)detector["features"]!;
        foreach (var item in features ?? [])
        {
            var name = item?["name"]?.ToString();
            var status = item?["status"]?.ToString();
            if (name is null || !Features.Contains(name)) throw BadRequest($"The request is rejected because an invalid or out-of-range value is specified as an input parameter: features.name {name}.");
            if (status is not ("ENABLED" or "DISABLED")) throw BadRequest($"The request is rejected because an invalid or out-of-range value is specified as an input parameter: features.status {status}.");
            held.Remove(held.FirstOrDefault(f => f?["name"]?.ToString() == name));
            held.Add(new JsonObject { ["name"] = name, ["status"] = status, ["updatedAt"] = Now() });
        }
    }

    private static JsonObject Owned(AwsRequest r)
    {
        var id = r.PathParams["DetectorId"];
        return r.RegionState.GuardDutyDetector is { } d && d["detectorId"]!.ToString() == id
            ? d
            : throw BadRequest("The request is rejected because the input detectorId is not owned by the current account.");
    }

    private static ApiResult CreateDetector(AwsRequest r)
    {
        var enable = r.Bool("enable") ?? throw BadRequest("The request is rejected because a required parameter is missing: enable.");
        return ApiResult.Ok(new JsonObject { ["detectorId"] = Create(r.RegionState, enable, r.Json["features"] as JsonArray)["detectorId"]!.DeepClone() });
    }

    private static ApiResult ListDetectors(AwsRequest r)
    {
        var max = r.Query("maxResults") is { } text ? int.Parse(text, CultureInfo.InvariantCulture) : 50;
        if (max is < 1 or > 50) throw BadRequest("The request is rejected because an invalid or out-of-range value is specified as an input parameter: maxResults.");
        var start = JsonPaging.Start(r.Query("nextToken"), "BadRequestException");
        var ids = r.RegionState.GuardDutyDetector is { } d ? new List<JsonNode> { d["detectorId"]!.DeepClone() } : [];
        return ApiResult.Ok(JsonPaging.Page(new JsonObject(), "detectorIds", ids, start, max, "nextToken"));
    }

    private static ApiResult GetDetector(AwsRequest r)
    {
        var answer = (JsonObject)Owned(r).DeepClone();
        answer.Remove("detectorId");
        // The deprecated dataSources view (botocore DataSourceConfigurationsResult): the foundational sources are always on.
        string Of(string feature) => ((JsonArray)answer["features"]!).FirstOrDefault(f => f?["name"]?.ToString() == feature)?["status"]?.ToString() ?? "DISABLED";
        answer["dataSources"] = new JsonObject
        {
            ["cloudTrail"] = new JsonObject { ["status"] = "ENABLED" },
            ["dnsLogs"] = new JsonObject { ["status"] = "ENABLED" },
            ["flowLogs"] = new JsonObject { ["status"] = "ENABLED" },
            ["s3Logs"] = new JsonObject { ["status"] = Of("S3_DATA_EVENTS") },
            ["kubernetes"] = new JsonObject { ["auditLogs"] = new JsonObject { ["status"] = Of("EKS_AUDIT_LOGS") } },
        };
        return ApiResult.Ok(answer);
    }

    private static ApiResult UpdateDetector(AwsRequest r)
    {
        var detector = Owned(r);
        if (r.Bool("enable") is { } enable) detector["status"] = enable ? "ENABLED" : "DISABLED";
        Apply(detector, r.Json["features"] as JsonArray);
        detector["updatedAt"] = Now();
        return ApiResult.Ok(new JsonObject());
    }

    private static ApiResult DeleteDetector(AwsRequest r)
    {
        Owned(r);
        r.RegionState.GuardDutyDetector = null;
        return ApiResult.Ok(new JsonObject());
    }
}
