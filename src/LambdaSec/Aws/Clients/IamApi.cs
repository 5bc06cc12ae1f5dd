using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws.Shapes;

namespace LambdaSec.Aws.Clients;

/// <summary>The IAM operations LambdaSec uses (botocore iam/2010-05-08, query protocol, global).</summary>
public sealed class IamApi
{
    public static readonly AwsOperation GetAccountAuthorizationDetails = List("GetAccountAuthorizationDetails", null);
    public static readonly AwsOperation GetRole = Op("GetRole");
    public static readonly AwsOperation ListAttachedRolePolicies = List("ListAttachedRolePolicies", "AttachedPolicies");
    public static readonly AwsOperation ListRolePolicies = List("ListRolePolicies", "PolicyNames");
    public static readonly AwsOperation GetRolePolicy = Op("GetRolePolicy");
    public static readonly AwsOperation GetPolicy = Op("GetPolicy");
    public static readonly AwsOperation GetPolicyVersion = Op("GetPolicyVersion");
    public static readonly AwsOperation GenerateServiceLastAccessedDetails = Op("GenerateServiceLastAccessedDetails");
    public static readonly AwsOperation GetServiceLastAccessedDetails = List("GetServiceLastAccessedDetails", "ServicesLastAccessed");

    private readonly AwsSession _session;

    public IamApi(AwsSession session) => _session = session;

    /// <summary>
    /// Every page of GetAccountAuthorizationDetails (UserDetailList, GroupDetailList, RoleDetailList, Policies);
    /// <paramref name="filter"/> takes Role, User, Group, LocalManagedPolicy, AWSManagedPolicy.
    /// </summary>
    public async Task<IReadOnlyList<AwsNode>> GetAccountAuthorizationDetailsAsync(IEnumerable<string>? filter = null, int? pageSize = null, CancellationToken cancellationToken = default)
    {
        var pages = new List<AwsNode>();
        await foreach (var page in _session.PagesAsync(GetAccountAuthorizationDetails, AwsInput.Of("Filter", filter?.ToList()), pageSize, cancellationToken).ConfigureAwait(false))
            pages.Add(page);
        return pages;
    }

    public async Task<IamRole> GetRoleAsync(string roleName, CancellationToken cancellationToken = default) =>
        IamRole.From((await _session.SendAsync(GetRole, AwsInput.Of("RoleName", roleName), cancellationToken).ConfigureAwait(false)).Get("Role")!);

    /// <summary>Attached managed policies: PolicyName and PolicyArn per item.</summary>
    public Task<IReadOnlyList<AwsNode>> ListAttachedRolePoliciesAsync(string roleName, CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(ListAttachedRolePolicies, AwsInput.Of("RoleName", roleName), null, cancellationToken);

    public async Task<IReadOnlyList<string>> ListRolePoliciesAsync(string roleName, CancellationToken cancellationToken = default) =>
        (await _session.ListAllAsync(ListRolePolicies, AwsInput.Of("RoleName", roleName), null, cancellationToken).ConfigureAwait(false)).Select(n => n.AsString() ?? string.Empty).ToList();

    /// <summary>An inline policy's document, decoded to JSON text.</summary>
    public async Task<string?> GetRolePolicyAsync(string roleName, string policyName, CancellationToken cancellationToken = default) =>
        IamDocument.Decode((await _session.SendAsync(GetRolePolicy, AwsInput.Of("RoleName", roleName, "PolicyName", policyName), cancellationToken).ConfigureAwait(false)).GetString("PolicyDocument"));

    /// <summary>The managed policy (PolicyName, Arn, DefaultVersionId, AttachmentCount...).</summary>
    public async Task<AwsNode> GetPolicyAsync(string policyArn, CancellationToken cancellationToken = default) =>
        (await _session.SendAsync(GetPolicy, AwsInput.Of("PolicyArn", policyArn), cancellationToken).ConfigureAwait(false)).Get("Policy")!;

    /// <summary>A managed policy version's document, decoded to JSON text.</summary>
    public async Task<string?> GetPolicyVersionAsync(string policyArn, string versionId, CancellationToken cancellationToken = default) =>
        IamDocument.Decode((await _session.SendAsync(GetPolicyVersion, AwsInput.Of("PolicyArn", policyArn, "VersionId", versionId), cancellationToken).ConfigureAwait(false)).Get("PolicyVersion")?.GetString("Document"));

    /// <summary>Starts a service-last-accessed report; returns its JobId.</summary>
    public async Task<string?> GenerateServiceLastAccessedDetailsAsync(string arn, string? granularity = null, CancellationToken cancellationToken = default) =>
        (await _session.SendAsync(GenerateServiceLastAccessedDetails, AwsInput.Of("Arn", arn, "Granularity", granularity), cancellationToken).ConfigureAwait(false)).GetString("JobId");

    /// <summary>Every page of a report (JobStatus, ServicesLastAccessed); poll until JobStatus is COMPLETED or FAILED.</summary>
    public async Task<IReadOnlyList<AwsNode>> GetServiceLastAccessedDetailsAsync(string jobId, CancellationToken cancellationToken = default)
    {
        var pages = new List<AwsNode>();
        await foreach (var page in _session.PagesAsync(GetServiceLastAccessedDetails, AwsInput.Of("JobId", jobId), null, cancellationToken).ConfigureAwait(false))
            pages.Add(page);
        return pages;
    }

    private static AwsOperation Op(string name) => new(AwsServices.Iam, name);

    private static AwsOperation List(string name, string? resultKey) =>
        new(AwsServices.Iam, name) { InputToken = "Marker", OutputToken = "Marker", MoreResults = "IsTruncated", LimitKey = "MaxItems", ResultKey = resultKey };
}
