using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Privileges;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Aws.Shapes;

namespace LambdaSec.Collect;

/// <summary>
/// Every role of one account with its documents, from one paged GetAccountAuthorizationDetails listing
/// (Role, LocalManagedPolicy, AWSManagedPolicy: AWS returns the AWS managed policies in use, with their
/// versions), so analysing N functions costs a few IAM calls instead of 4+ per role.
/// </summary>
public sealed class AccountRoles
{
    private static readonly string[] Filter = ["Role", "LocalManagedPolicy", "AWSManagedPolicy"];

    private readonly Dictionary<string, AwsNode> _roles;
    private readonly Dictionary<string, (string Name, string? Document)> _policies;

    private AccountRoles(Dictionary<string, AwsNode> roles, Dictionary<string, (string Name, string? Document)> policies)
    {
        _roles = roles;
        _policies = policies;
    }

    public int RoleCount => _roles.Count;

    public static async Task<AccountRoles> ReadAsync(AwsSession session, CancellationToken cancellationToken)
    {
        var pages = await new IamApi(session).GetAccountAuthorizationDetailsAsync(Filter, 1000, cancellationToken).ConfigureAwait(false);
        var roles = new Dictionary<string, AwsNode>(StringComparer.Ordinal);
        var policies = new Dictionary<string, (string, string?)>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            foreach (var role in page.GetList("RoleDetailList"))
            {
                roles[role.GetString("Arn") ?? string.Empty] = role;
            }

            foreach (var policy in page.GetList("Policies"))
            {
                var defaultVersion = policy.GetString("DefaultVersionId");
                var document = policy.GetList("PolicyVersionList")
                    .FirstOrDefault(v => v.GetBool("IsDefaultVersion") == true || v.GetString("VersionId") == defaultVersion)?
                    .GetString("Document");
                policies[policy.GetString("Arn") ?? string.Empty] = (policy.GetString("PolicyName") ?? string.Empty, IamDocument.Decode(document));
            }
        }

        return new AccountRoles(roles, policies);
    }

    /// <summary>The role's name, or null when the listing does not hold it (deleted, or in another account).</summary>
    public string? NameOf(string roleArn) => _roles.TryGetValue(roleArn, out var role) ? role.GetString("RoleName") : null;

    /// <summary>
    /// The role's inline policies, attached managed policies (default versions), boundary and trust policy;
    /// null when the listing does not hold the role. A managed policy missing from the listing is an unreadable document.
    /// </summary>
    public RolePolicySet? PolicySetOf(string roleArn)
    {
        if (!_roles.TryGetValue(roleArn, out var role))
        {
            return null;
        }

        var set = new RolePolicySet();
        foreach (var inline in role.GetList("RolePolicyList"))
        {
            set.AddPolicy(inline.GetString("PolicyName") ?? "inline", IamDocument.Decode(inline.GetString("PolicyDocument")));
        }

        foreach (var attached in role.GetList("AttachedManagedPolicies"))
        {
            var (name, document) = Managed(attached.GetString("PolicyArn"), attached.GetString("PolicyName"));
            set.AddPolicy(name, document);
        }

        if (role.Get("PermissionsBoundary")?.GetString("PermissionsBoundaryArn") is { } boundaryArn)
        {
            var (name, document) = Managed(boundaryArn, null);
            set.SetBoundary(name, document);
        }

        set.SetTrustPolicy("AssumeRolePolicyDocument", IamDocument.Decode(role.GetString("AssumeRolePolicyDocument")));
        return set;
    }

    private (string Name, string? Document) Managed(string? arn, string? name) =>
        arn is not null && _policies.TryGetValue(arn, out var policy) ? policy : (name ?? arn ?? "managed policy", null);
}
