using System.Globalization;
using System.Text.Json.Nodes;
using LambdaSec.Emulator.Protocols;
using LambdaSec.Emulator.Routing;

namespace LambdaSec.Emulator.Services;

/// <summary>
/// AWS Security Hub (rest-json, botocore securityhub/2018-10-26): BatchImportFindings (POST /findings/import) upserts
/// ASFF findings by ProductArn and Id, refusing per finding those that lack a required attribute, name another region
/// or account than the caller's, or have no resource; Workflow is taken only when the finding is created. GetFindings
/// (POST /findings) with string filters on Id, ProductArn, RecordState, GeneratorId and AwsAccountId, paged 100 at a
/// time. BatchUpdateFindings (PATCH /findings/batchupdate) sets the Workflow.Status of the caller's findings (an
/// administrator's update of member findings is not modelled). Hub subscription (EnableSecurityHub) is not modelled.
/// </summary>
public sealed class SecurityHubService : RestJsonService
{
    /// <summary>The ASFF attributes BatchImportFindings requires (ASFF required attributes, Security Hub user guide).</summary>
    private static readonly string[] Required = ["AwsAccountId", "CreatedAt", "Description", "GeneratorId", "Id", "ProductArn", "Resources", "SchemaVersion", "Severity", "Title", "UpdatedAt"];

    private static readonly string[] WorkflowStatuses = ["NEW", "NOTIFIED", "RESOLVED", "SUPPRESSED"];

    private static readonly string[] Filterable = ["Id", "ProductArn", "RecordState", "GeneratorId", "AwsAccountId"];

    public SecurityHubService() : base("securityhub", lambdaStyleErrors: false)
    {
        Map("POST", "/findings/import", "BatchImportFindings", BatchImportFindings);
        Map("POST", "/findings", "GetFindings", GetFindings);
        Map("PATCH", "/findings/batchupdate", "BatchUpdateFindings", BatchUpdateFindings);
    }

    public override AwsException Throttled(int retryAfterSeconds) =>
        WithRetryAfter(new AwsException("TooManyRequestsException", "Rate exceeded", 429), retryAfterSeconds);

    public override AwsException InternalError() => new("InternalException", "Internal service error", 500, false);

    private static AwsException Invalid(string message) => new("InvalidInputException", message);

    private static ApiResult BatchImportFindings(AwsRequest r)
    {
        if (r.Json["Findings"] is not JsonArray findings || findings.Count is < 1 or > 100)
            throw Invalid("Findings must hold between 1 and 100 findings.");
        var failed = new JsonArray();
        var succeeded = 0;
        foreach (var item in findings)
        {
            var finding = item as JsonObject;
            var id = finding?["Id"]?.ToString() ?? "";
            var problem = finding is null ? "The finding is not an object." : Problem(r, finding);
            if (problem is not null)
            {
                failed.Add(new JsonObject { ["Id"] = id, ["ErrorCode"] = "InvalidInput", ["ErrorMessage"] = problem });
                continue;
            }

            var key = finding!["ProductArn"] + "|" + id;
            var stored = (JsonObject)finding.DeepClone();
            var previous = r.RegionState.SecurityHubFindings.GetValueOrDefault(key);
            // The customer's workflow belongs to Security Hub, not to the provider: a provider sets it only when the
            // finding is created, and it is kept across provider updates (BatchImportFindings API reference).
            stored["RecordState"] ??= "ACTIVE";
            stored["Workflow"] = new JsonObject { ["Status"] = Workflow(previous, finding, stored["RecordState"]!.ToString()) };
            stored["WorkflowState"] = previous?["WorkflowState"]?.DeepClone() ?? "NEW";
            stored["Region"] = r.Region;
            stored["ProcessedAt"] = DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff'Z'", CultureInfo.InvariantCulture);
            r.RegionState.SecurityHubFindings[key] = stored;
            succeeded++;
        }

        return ApiResult.Ok(new JsonObject { ["FailedCount"] = failed.Count, ["SuccessCount"] = succeeded, ["FailedFindings"] = failed });
    }

    /// <summary>
    /// The workflow status after an import: the provider's (default NEW) on creation; else the one held, reset from
    /// NOTIFIED or RESOLVED to NEW when the record state goes from ARCHIVED to ACTIVE (Workflow API reference).
    /// </summary>
    private static string Workflow(JsonObject? previous, JsonObject finding, string recordState)
    {
        if (previous is null) return finding["Workflow"]?["Status"]?.ToString() ?? "NEW";
        var held = previous["Workflow"]?["Status"]?.ToString() ?? "NEW";
        var reopened = previous["RecordState"]?.ToString() == "ARCHIVED" && recordState == "ACTIVE";
        return reopened && held is "NOTIFIED" or "RESOLVED" ? "NEW" : held;
    }

    private static ApiResult BatchUpdateFindings(AwsRequest r)
    {
        if (r.Json["FindingIdentifiers"] is not JsonArray identifiers || identifiers.Count is < 1 or > 100)
            throw Invalid("FindingIdentifiers must hold between 1 and 100 findings.");
        var status = r.Json["Workflow"]?["Status"]?.ToString();
        if (status is not null && !WorkflowStatuses.Contains(status, StringComparer.Ordinal))
            throw Invalid($"Workflow.Status {status} is not one of {string.Join(", ", WorkflowStatuses)}.");
        var processed = new JsonArray();
        var unprocessed = new JsonArray();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var identifier in identifiers)
        {
            var key = identifier?["ProductArn"] + "|" + identifier?["Id"];
            var duplicate = !seen.Add(key);
            JsonObject? stored = null;
            if (duplicate || !r.RegionState.SecurityHubFindings.TryGetValue(key, out stored))
            {
                unprocessed.Add(new JsonObject
                {
                    ["FindingIdentifier"] = identifier?.DeepClone(),
                    ["ErrorCode"] = duplicate ? "DuplicatedFindingIdentifier" : "FindingNotFound",
                    ["ErrorMessage"] = duplicate ? "Finding Identifier is duplicated" : "Finding Not Found",
                });
                continue;
            }

            if (status is not null) stored!["Workflow"] = new JsonObject { ["Status"] = status };
            processed.Add(identifier!.DeepClone());
        }

        return ApiResult.Ok(new JsonObject { ["ProcessedFindings"] = processed, ["UnprocessedFindings"] = unprocessed });
    }

    /// <summary>Why one finding is refused, or null: a missing required attribute, no resource, or a product, region or account that is not the caller's.</summary>
    private static string? Problem(AwsRequest r, JsonObject finding)
    {
        if (Required.FirstOrDefault(a => finding[a] is null) is { } missing) return $"Finding is missing the required attribute {missing}.";
        if (finding["Types"] is null && finding["FindingProviderFields"]?["Types"] is null) return "Finding is missing the required attribute Types.";
        if (finding["Resources"] is not JsonArray { Count: > 0 }) return "Finding must contain at least one resource in the Resources array.";
        var account = finding["AwsAccountId"]!.ToString();
        if (account != r.AccountId) return $"AwsAccountId {account} is not the calling account {r.AccountId}: with the default product, findings are imported by their own account.";
        var product = finding["ProductArn"]!.ToString().Split(':');
        if (product.Length < 6 || product[3] != r.Region) return $"ProductArn {finding["ProductArn"]} is not in region {r.Region}.";
        return null;
    }

    private static ApiResult GetFindings(AwsRequest r)
    {
        var max = r.Number("MaxResults") ?? 100;
        if (max is < 1 or > 100) throw Invalid("MaxResults must be a number between 1 and 100");
        var filters = r.Json["Filters"] as JsonObject ?? new JsonObject();
        if (filters.Select(f => f.Key).FirstOrDefault(k => !Filterable.Contains(k, StringComparer.Ordinal)) is { } unsupported)
            throw Invalid($"The emulator does not filter on {unsupported}; it filters on {string.Join(", ", Filterable)}.");
        var all = r.RegionState.SecurityHubFindings.Values
            .Where(f => filters.All(filter => Matches(f[filter.Key]?.ToString(), filter.Value as JsonArray)))
            .Cast<JsonNode>()
            .ToList();
        return ApiResult.Ok(JsonPaging.Page(new JsonObject(), "Findings", all, JsonPaging.Start(r.Str("NextToken"), "InvalidInputException"), max));
    }

    /// <summary>StringFilter semantics: positive comparisons (EQUALS, PREFIX, CONTAINS) of one key are ORed, negative ones ANDed.</summary>
    private static bool Matches(string? value, JsonArray? conditions)
    {
        if (conditions is null || conditions.Count == 0) return true;
        var text = value ?? "";
        var positive = new List<bool>();
        foreach (var condition in conditions)
        {
            var wanted = condition?["Value"]?.ToString() ?? "";
            switch (condition?["Comparison"]?.ToString())
            {
                case "EQUALS": positive.Add(text == wanted); break;
                case "PREFIX": positive.Add(text.StartsWith(wanted, StringComparison.Ordinal)); break;
                case "CONTAINS": positive.Add(text.Contains(wanted, StringComparison.Ordinal)); break;
                case "NOT_EQUALS": if (text == wanted) return false; break;
                case "PREFIX_NOT_EQUALS": if (text.StartsWith(wanted, StringComparison.Ordinal)) return false; break;
                case "NOT_CONTAINS": if (text.Contains(wanted, StringComparison.Ordinal)) return false; break;
                default: throw Invalid($"Comparison {condition?["Comparison"]} is not a StringFilter comparison.");
            }
        }

        return positive.Count == 0 || positive.Any(p => p);
    }
}
