using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaSec.Aws.Clients;

/// <summary>CloudWatch Logs DescribeLogGroups (botocore logs/2014-03-28, json-1.1; paginator nextToken/limit, at most 50 per page).</summary>
public sealed class CloudWatchLogsApi
{
    /// <summary>DescribeLogGroups' largest page (DescribeLimit, 1 to 50).</summary>
    public const int MaxPage = 50;

    public static readonly AwsOperation DescribeLogGroups = new(AwsServices.Logs, "DescribeLogGroups") { InputToken = "nextToken", OutputToken = "nextToken", LimitKey = "limit", ResultKey = "logGroups" };

    private readonly AwsSession _session;

    public CloudWatchLogsApi(AwsSession session) => _session = session;

    /// <summary>The log groups whose name starts with <paramref name="prefix"/> (logGroupName, retentionInDays when set, arn...), ASCII-sorted by name.</summary>
    public Task<IReadOnlyList<AwsNode>> DescribeLogGroupsAsync(string prefix, CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(DescribeLogGroups, AwsInput.Of("logGroupNamePrefix", prefix), MaxPage, cancellationToken);
}
