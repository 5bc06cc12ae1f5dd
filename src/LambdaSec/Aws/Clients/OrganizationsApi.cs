using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaSec.Aws.Clients;

/// <summary>
/// The Organizations operations LambdaSec uses (botocore organizations/2016-11-28, json-1.1, global): accounts, the
/// root and OU tree, and service control policies with their targets. Answers are returned as views (Id, Arn, Name...).
/// </summary>
public sealed class OrganizationsApi
{
    public const string ServiceControlPolicy = "SERVICE_CONTROL_POLICY";

    public static readonly AwsOperation DescribeOrganization = new(AwsServices.Organizations, "DescribeOrganization");
    public static readonly AwsOperation ListAccounts = List("ListAccounts", "Accounts");
    public static readonly AwsOperation ListRoots = List("ListRoots", "Roots");
    public static readonly AwsOperation ListOrganizationalUnitsForParent = List("ListOrganizationalUnitsForParent", "OrganizationalUnits");
    public static readonly AwsOperation ListAccountsForParent = List("ListAccountsForParent", "Accounts");
    public static readonly AwsOperation ListPolicies = List("ListPolicies", "Policies");
    public static readonly AwsOperation DescribePolicy = new(AwsServices.Organizations, "DescribePolicy");
    public static readonly AwsOperation ListTargetsForPolicy = List("ListTargetsForPolicy", "Targets");

    private readonly AwsSession _session;

    public OrganizationsApi(AwsSession session) => _session = session;

    /// <summary>The caller's organization: Id, Arn, FeatureSet, MasterAccountId (the management account)...</summary>
    public async Task<AwsNode> DescribeOrganizationAsync(CancellationToken cancellationToken = default) =>
        (await _session.SendAsync(DescribeOrganization, AwsInput.Of(), cancellationToken).ConfigureAwait(false)).Get("Organization")!;

    public Task<IReadOnlyList<AwsNode>> ListAccountsAsync(CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(ListAccounts, AwsInput.Of(), null, cancellationToken);

    /// <summary>The roots (an organization has one): Id (r-...), Arn, Name, PolicyTypes.</summary>
    public Task<IReadOnlyList<AwsNode>> ListRootsAsync(CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(ListRoots, AwsInput.Of(), null, cancellationToken);

    /// <summary>The OUs directly under a root or OU: Id (ou-...), Arn, Name.</summary>
    public Task<IReadOnlyList<AwsNode>> ListOrganizationalUnitsForParentAsync(string parentId, CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(ListOrganizationalUnitsForParent, AwsInput.Of("ParentId", parentId), null, cancellationToken);

    /// <summary>The accounts directly under a root or OU, as ListAccounts describes them (Id, Arn, Name, Status...).</summary>
    public Task<IReadOnlyList<AwsNode>> ListAccountsForParentAsync(string parentId, CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(ListAccountsForParent, AwsInput.Of("ParentId", parentId), null, cancellationToken);

    /// <summary>Policy summaries of one type (Id, Arn, Name, Description, Type, AwsManaged); <paramref name="filter"/> is required by the API.</summary>
    public Task<IReadOnlyList<AwsNode>> ListPoliciesAsync(string filter = ServiceControlPolicy, CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(ListPolicies, AwsInput.Of("Filter", filter), null, cancellationToken);

    /// <summary>A policy's document (JSON text), from Policy.Content.</summary>
    public async Task<string?> DescribePolicyContentAsync(string policyId, CancellationToken cancellationToken = default) =>
        (await _session.SendAsync(DescribePolicy, AwsInput.Of("PolicyId", policyId), cancellationToken).ConfigureAwait(false)).Get("Policy")?.GetString("Content");

    /// <summary>Where a policy is attached: TargetId, Arn, Name, Type (ROOT, ORGANIZATIONAL_UNIT, ACCOUNT).</summary>
    public Task<IReadOnlyList<AwsNode>> ListTargetsForPolicyAsync(string policyId, CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(ListTargetsForPolicy, AwsInput.Of("PolicyId", policyId), null, cancellationToken);

    private static AwsOperation List(string name, string resultKey) =>
        new(AwsServices.Organizations, name) { InputToken = "NextToken", OutputToken = "NextToken", LimitKey = "MaxResults", ResultKey = resultKey };
}
