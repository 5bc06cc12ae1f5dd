using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaSec.Aws.Clients;

/// <summary>CloudTrail LookupEvents (botocore cloudtrail/2013-11-01, json-1.1); events are returned as views (CloudTrailEvent holds the record JSON).</summary>
public sealed class CloudTrailApi
{
    public static readonly AwsOperation LookupEvents = new(AwsServices.CloudTrail, "LookupEvents") { InputToken = "NextToken", OutputToken = "NextToken", LimitKey = "MaxResults", ResultKey = "Events" };
    public static readonly AwsOperation DescribeTrails = new(AwsServices.CloudTrail, "DescribeTrails");
    public static readonly AwsOperation GetEventSelectors = new(AwsServices.CloudTrail, "GetEventSelectors");

    private readonly AwsSession _session;

    public CloudTrailApi(AwsSession session) => _session = session;

    /// <summary>
    /// Management events between two times, optionally for one attribute (EventSource, EventName, ResourceName...).
    /// Without <paramref name="endTime"/> the lookup has no upper bound (EndTime is optional: botocore cloudtrail
    /// 2013-11-01, checked 2026-12-03), so it reaches the present: "now" sent in whole seconds left out an event of the current second.
    /// </summary>
    public Task<IReadOnlyList<AwsNode>> LookupEventsAsync(DateTimeOffset startTime, DateTimeOffset? endTime, string? attributeKey = null, string? attributeValue = null, CancellationToken cancellationToken = default)
    {
        var attributes = attributeKey is null ? null : new[] { new Dictionary<string, object?> { ["AttributeKey"] = attributeKey, ["AttributeValue"] = attributeValue } };
        // 50 is LookupEvents' largest page; fewer pages matter at its 2 TPS quota.
        return _session.ListAllAsync(LookupEvents, AwsInput.Of("StartTime", startTime, "EndTime", endTime, "LookupAttributes", attributes), 50, cancellationToken);
    }

    /// <summary>The trails that apply to the session's region (its own and multi-region trails of other home regions; shadow trails included).</summary>
    public async Task<IReadOnlyList<AwsNode>> DescribeTrailsAsync(CancellationToken cancellationToken = default) =>
        (await _session.SendAsync(DescribeTrails, AwsInput.Of("includeShadowTrails", true), cancellationToken).ConfigureAwait(false)).GetList("trailList");

    /// <summary>A trail's EventSelectors and AdvancedEventSelectors; call it in the trail's home region.</summary>
    public Task<AwsNode> GetEventSelectorsAsync(string trailArn, CancellationToken cancellationToken = default) =>
        _session.SendAsync(GetEventSelectors, AwsInput.Of("TrailName", trailArn), cancellationToken);
}
