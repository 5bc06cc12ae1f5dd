using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaSec.Aws.Clients;

/// <summary>The Security Hub operations LambdaSec uses (botocore securityhub/2018-10-26, rest-json).</summary>
public sealed class SecurityHubApi
{
    /// <summary>At most 100 findings per BatchImportFindings call (API reference: Findings, 1 to 100 items).</summary>
    public const int MaxBatch = 100;

    private static readonly AwsService Service = AwsServices.SecurityHub;

    public static readonly AwsOperation BatchImportFindings = new(Service, "BatchImportFindings") { HttpMethod = "POST", RequestUri = "/findings/import" };

    public static readonly AwsOperation GetFindings = new(Service, "GetFindings")
    {
        HttpMethod = "POST", RequestUri = "/findings", InputToken = "NextToken", OutputToken = "NextToken", LimitKey = "MaxResults", ResultKey = "Findings",
    };

    /// <summary>The customer's update of workflow, notes and the like (PATCH /findings/batchupdate, up to 100 findings per call).</summary>
    public static readonly AwsOperation BatchUpdateFindings = new(Service, "BatchUpdateFindings") { HttpMethod = "PATCH", RequestUri = "/findings/batchupdate" };

    private readonly AwsSession _session;

    public SecurityHubApi(AwsSession session) => _session = session;

    /// <summary>Imports (creates or updates by Id) up to 100 ASFF findings; the answer has SuccessCount, FailedCount and FailedFindings (Id, ErrorCode, ErrorMessage).</summary>
    public Task<AwsNode> BatchImportFindingsAsync(IReadOnlyList<JsonElement> findings, CancellationToken cancellationToken = default) =>
        _session.SendAsync(BatchImportFindings, AwsInput.Of("Findings", findings), cancellationToken);

    /// <summary>Sets Workflow.Status of up to 100 findings, each named by (Id, ProductArn); the answer has ProcessedFindings and UnprocessedFindings (FindingIdentifier, ErrorCode, ErrorMessage).</summary>
    public Task<AwsNode> SetWorkflowStatusAsync(IReadOnlyList<(string Id, string ProductArn)> findings, string status, CancellationToken cancellationToken = default)
    {
        var input = new Dictionary<string, object?>
        {
            ["FindingIdentifiers"] = findings.Select(f => new Dictionary<string, string> { ["Id"] = f.Id, ["ProductArn"] = f.ProductArn }).ToList(),
            ["Workflow"] = new Dictionary<string, string> { ["Status"] = status },
        };
        return _session.SendAsync(BatchUpdateFindings, input, cancellationToken);
    }

    /// <summary>The ACTIVE findings of a product whose Id starts with <paramref name="idPrefix"/>, 100 per page.</summary>
    public Task<IReadOnlyList<AwsNode>> GetActiveFindingsAsync(string productArn, string idPrefix, CancellationToken cancellationToken = default)
    {
        static object[] Filter(string value, string comparison) => [new Dictionary<string, string> { ["Value"] = value, ["Comparison"] = comparison }];
        var filters = new Dictionary<string, object>
        {
            ["ProductArn"] = Filter(productArn, "EQUALS"),
            ["RecordState"] = Filter("ACTIVE", "EQUALS"),
            ["Id"] = Filter(idPrefix, "PREFIX"),
        };
        return _session.ListAllAsync(GetFindings, AwsInput.Of("Filters", filters), MaxBatch, cancellationToken);
    }
}
