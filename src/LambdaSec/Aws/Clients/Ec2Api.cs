using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaSec.Aws.Clients;

/// <summary>EC2 DescribeSubnets (botocore ec2/2016-11-15, ec2 protocol; paginator NextToken/MaxResults 5..1000, result subnetSet).</summary>
public sealed class Ec2Api
{
    /// <summary>Subnet ids per DescribeSubnets call, in one subnet-id filter (values of a filter are ORed).</summary>
    public const int SubnetIdsPerCall = 200;

    public static readonly AwsOperation DescribeSubnets = new(AwsServices.Ec2, "DescribeSubnets") { InputToken = "NextToken", OutputToken = "nextToken", LimitKey = "MaxResults", ResultKey = "subnetSet" };

    private readonly AwsSession _session;

    public Ec2Api(AwsSession session) => _session = session;

    /// <summary>
    /// The subnets among <paramref name="subnetIds"/> that exist (subnetId, availabilityZone, availabilityZoneId, vpcId...), asked with the
    /// subnet-id filter so that an id that does not exist is left out instead of failing the call (SubnetId would answer InvalidSubnetID.NotFound).
    /// </summary>
    public async Task<IReadOnlyList<AwsNode>> DescribeSubnetsAsync(IReadOnlyList<string> subnetIds, CancellationToken cancellationToken = default)
    {
        var pages = await Task.WhenAll(RequestBatches.Of(subnetIds, SubnetIdsPerCall).Select(chunk =>
        {
            var filter = new Dictionary<string, object?> { ["Name"] = "subnet-id", ["Value"] = chunk };
            return _session.ListAllAsync(DescribeSubnets, AwsInput.Of("Filter", new[] { filter }), 1000, cancellationToken);
        })).ConfigureAwait(false);
        return pages.SelectMany(p => p).ToList();
    }
}
