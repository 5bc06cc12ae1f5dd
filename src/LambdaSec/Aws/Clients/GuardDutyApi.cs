using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaSec.Aws.Clients;

/// <summary>
/// The Amazon GuardDuty operations LambdaSec uses (botocore guardduty/2017-11-28, rest-json, camelCase wire names):
/// ListDetectors (GET /detector, detectorIds, paged by nextToken/maxResults up to 50) and GetDetector
/// (GET /detector/{DetectorId}: status ENABLED/DISABLED, features[] of name and status, among them LAMBDA_NETWORK_LOGS).
/// </summary>
public sealed class GuardDutyApi
{
    /// <summary>ListDetectors' largest page (MaxResults, 1 to 50).</summary>
    public const int MaxPage = 50;

    public static readonly AwsOperation ListDetectors = new(AwsServices.GuardDuty, "ListDetectors")
    {
        HttpMethod = "GET",
        RequestUri = "/detector",
        QueryBindings = new Dictionary<string, string> { ["NextToken"] = "nextToken", ["MaxResults"] = "maxResults" },
        InputToken = "NextToken",
        OutputToken = "nextToken",
        LimitKey = "MaxResults",
        ResultKey = "detectorIds",
    };

    public static readonly AwsOperation GetDetector = new(AwsServices.GuardDuty, "GetDetector") { HttpMethod = "GET", RequestUri = "/detector/{DetectorId}" };

    private readonly AwsSession _session;

    public GuardDutyApi(AwsSession session) => _session = session;

    /// <summary>The ids of the region's detectors (GuardDuty allows one per account and region).</summary>
    public async Task<IReadOnlyList<string>> ListDetectorsAsync(CancellationToken cancellationToken = default)
    {
        var ids = new List<string>();
        foreach (var id in await _session.ListAllAsync(ListDetectors, AwsInput.Of(), MaxPage, cancellationToken).ConfigureAwait(false))
        {
            if (id.AsString() is { Length: > 0 } text) ids.Add(text);
        }

        return ids;
    }

    public Task<AwsNode> GetDetectorAsync(string detectorId, CancellationToken cancellationToken = default) =>
        _session.SendAsync(GetDetector, AwsInput.Of("DetectorId", detectorId), cancellationToken);
}
