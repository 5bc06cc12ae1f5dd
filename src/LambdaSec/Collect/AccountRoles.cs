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
/// versions), so analysing N functions costs a few IAM calls instead of 4+ per role. The same listing gives the
/// account's users and groups (User, Group), whose policies decide who may take over a function (TakeoverBy).
/// </summary>
public sealed class AccountRoles
{
    private static readonly string[] Filter = ["Role", "User", "Group", "LocalManagedPolicy", "AWSManagedPolicy"];

    private readonly Dictionary<string, AwsNode> _roles;
    private readonly Dictionary<string, (string Name, string? Document)> _policies;
    private readonly List<AwsNode> _users;
    private readonly Dictionary<string, AwsNode> _groups;

    private AccountRoles(Dictionary<string, AwsNode> roles, Dictionary<string, (string Name, string? Document)> policies, List<AwsNode> users, Dictionary<string, AwsNode> groups)
    {
        _roles = roles;
        _policies = policies;
        _users = users;
        _groups = groups;
    }

    /// <summary>The account's principals that may change functions' code or configuration, with their own privileges analysed.</summary>
    public TakeoverCandidates Takeover { get; private set; } = new([]);

    public int RoleCount => _roles.Count;

    /// <summary>
    /// The account's listing, with its takeover candidates built (inside the listing's task that every region awaits, so no
    /// caller blocks a thread-pool thread waiting for another's analysis: a blocking Lazy starved the pool at organization
    /// scale); analyses come from <paramref name="analyses"/>, shared by the run's accounts.
    /// </summary>
    public static async Task<AccountRoles> ReadAsync(AwsSession session, RoleAnalysisCache analyses, CancellationToken cancellationToken)
    {
        var pages = await new IamApi(session).GetAccountAuthorizationDetailsAsync(Filter, 1000, cancellationToken).ConfigureAwait(false);
        var roles = new Dictionary<string, AwsNode>(StringComparer.Ordinal);
        var policies = new Dictionary<string, (string, string?)>(StringComparer.Ordinal);
        var users = new List<AwsNode>();
        var groups = new Dictionary<string, AwsNode>(StringComparer.Ordinal);
        foreach (var page in pages)
        {
            foreach (var role in page.GetList("RoleDetailList"))
            {
                roles[role.GetString("Arn") ?? string.Empty] = role;
            }

            users.AddRange(page.GetList("UserDetailList"));
            foreach (var group in page.GetList("GroupDetailList"))
            {
                groups[group.GetString("GroupName") ?? string.Empty] = group;
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

        var account = new AccountRoles(roles, policies, users, groups);
        var accountId = session.AccountId ?? string.Empty;
        var candidates = await Task.WhenAll(account.Principals().Select(p => analyses.CandidateAsync(p, accountId))).ConfigureAwait(false);
        account.Takeover = new TakeoverCandidates(candidates.OfType<TakeoverPrincipal>());
        return account;
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
        AddPolicies(set, role, "RolePolicyList");
        set.SetTrustPolicy("AssumeRolePolicyDocument", IamDocument.Decode(role.GetString("AssumeRolePolicyDocument")));
        return set;
    }

    /// <summary>Every role and user of the account with its policies (a user's include its groups'), for the takeover analysis.</summary>
    private IEnumerable<PrincipalPolicies> Principals()
    {
        foreach (var arn in _roles.Keys)
        {
            yield return new PrincipalPolicies(arn, NameOf(arn) ?? arn, "Role", PolicySetOf(arn)!);
        }

        foreach (var user in _users)
        {
            var set = new RolePolicySet();
            AddPolicies(set, user, "UserPolicyList");
            foreach (var groupName in user.GetStrings("GroupList"))
            {
                if (_groups.TryGetValue(groupName, out var group))
                {
                    AddPolicies(set, group, "GroupPolicyList", withBoundary: false);
                }
            }

            var name = user.GetString("UserName") ?? string.Empty;
            yield return new PrincipalPolicies(user.GetString("Arn") ?? name, name, "User", set);
        }
    }

    /// <summary>A principal's inline policies (under <paramref name="inlineList"/>), attached managed policies and boundary.</summary>
    private void AddPolicies(RolePolicySet set, AwsNode principal, string inlineList, bool withBoundary = true)
    {
        foreach (var inline in principal.GetList(inlineList))
        {
            set.AddPolicy(inline.GetString("PolicyName") ?? "inline", IamDocument.Decode(inline.GetString("PolicyDocument")));
        }

        foreach (var attached in principal.GetList("AttachedManagedPolicies"))
        {
            var (name, document) = Managed(attached.GetString("PolicyArn"), attached.GetString("PolicyName"));
            set.AddPolicy(name, document);
        }

        if (withBoundary && principal.Get("PermissionsBoundary")?.GetString("PermissionsBoundaryArn") is { } boundaryArn)
        {
            var (name, document) = Managed(boundaryArn, null);
            set.SetBoundary(name, document);
        }
    }

    private (string Name, string? Document) Managed(string? arn, string? name) =>
        arn is not null && _policies.TryGetValue(arn, out var policy) ? policy : (name ?? arn ?? "managed policy", null);
}
