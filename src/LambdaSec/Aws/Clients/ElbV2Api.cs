using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaSec.Aws.Clients;

/// <summary>The Elastic Load Balancing v2 operations LambdaSec uses (botocore elbv2/2015-12-01, query protocol); items are returned as views.</summary>
public sealed class ElbV2Api
{
    public static readonly AwsOperation DescribeLoadBalancers = List("DescribeLoadBalancers", "LoadBalancers");
    public static readonly AwsOperation DescribeTargetGroups = List("DescribeTargetGroups", "TargetGroups");
    public static readonly AwsOperation DescribeTargetHealth = new(AwsServices.ElbV2, "DescribeTargetHealth") { ResultKey = "TargetHealthDescriptions" };
    public static readonly AwsOperation DescribeListeners = List("DescribeListeners", "Listeners");

    private readonly AwsSession _session;

    public ElbV2Api(AwsSession session) => _session = session;

    public Task<IReadOnlyList<AwsNode>> DescribeLoadBalancersAsync(CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(DescribeLoadBalancers, AwsInput.Of(), null, cancellationToken);

    public Task<IReadOnlyList<AwsNode>> DescribeTargetGroupsAsync(string? loadBalancerArn = null, CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(DescribeTargetGroups, AwsInput.Of("LoadBalancerArn", loadBalancerArn), null, cancellationToken);

    public async Task<IReadOnlyList<AwsNode>> DescribeTargetHealthAsync(string targetGroupArn, CancellationToken cancellationToken = default) =>
        (await _session.SendAsync(DescribeTargetHealth, AwsInput.Of("TargetGroupArn", targetGroupArn), cancellationToken).ConfigureAwait(false)).GetList("TargetHealthDescriptions");

    public Task<IReadOnlyList<AwsNode>> DescribeListenersAsync(string loadBalancerArn, CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(DescribeListeners, AwsInput.Of("LoadBalancerArn", loadBalancerArn), null, cancellationToken);

    private static AwsOperation List(string name, string resultKey) =>
        new(AwsServices.ElbV2, name) { InputToken = "Marker", OutputToken = "NextMarker", LimitKey = "PageSize", ResultKey = resultKey };
}
