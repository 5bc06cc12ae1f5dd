using System.Threading;
using System.Threading.Tasks;

namespace LambdaSec.Aws.Clients;

/// <summary>WAFv2 GetWebACLForResource (botocore wafv2/2019-07-29, json-1.1).</summary>
public sealed class WafV2Api
{
    public static readonly AwsOperation GetWebACLForResource = new(AwsServices.WafV2, "GetWebACLForResource");

    private readonly AwsSession _session;

    public WafV2Api(AwsSession session) => _session = session;

    /// <summary>The web ACL (Name, ARN, Rules...) protecting an ALB or API Gateway stage, or null when none is associated.</summary>
    public async Task<AwsNode?> GetWebAclForResourceAsync(string resourceArn, CancellationToken cancellationToken = default) =>
        (await _session.SendAsync(GetWebACLForResource, AwsInput.Of("ResourceArn", resourceArn), cancellationToken).ConfigureAwait(false)).Get("WebACL");
}
