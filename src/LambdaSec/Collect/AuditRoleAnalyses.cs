using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws;
using LambdaSec.Model;

namespace LambdaSec.Collect;

/// <summary>
/// Execution-role analyses for an audit: each account's roles are read once (one GetAccountAuthorizationDetails
/// listing, <see cref="AccountRolesCache"/>) and each role is analysed once, however many regions and functions use it;
/// what its policies allow is analysed once per distinct content in the run (<see cref="RoleAnalysisCache"/>).
/// </summary>
public sealed class AuditRoleAnalyses
{
    private readonly RoleAnalysisCache _analyses = new();
    private readonly AccountRolesCache _roles;
    private readonly OncePerKey<(string? Account, string RoleArn), RolePrivilegeReport?> _reports = new();

    public AuditRoleAnalyses() => _roles = new AccountRolesCache(_analyses);

    /// <summary>The analysis of a role, or null when the account's listing does not hold it (deleted or in another account).</summary>
    public Task<RolePrivilegeReport?> ForAsync(AwsSession session, string roleArn, CancellationToken cancellationToken) =>
        // Task.Run: the analysis runs in the task others await, not in the first caller's start (which holds the others).
        _reports.GetAsync((session.AccountId, roleArn), _ => Task.Run(async () =>
        {
            var roles = await _roles.GetAsync(session, cancellationToken).ConfigureAwait(false);
            return roles.PolicySetOf(roleArn) is { } set
                ? await _analyses.ReportAsync(set, session.AccountId, roles.NameOf(roleArn), roleArn).ConfigureAwait(false)
                : null;
        }, cancellationToken));

    /// <summary>The SCPs of the organization's accounts by account id, when the audit read them (an organization audit); null otherwise.</summary>
    public IReadOnlyDictionary<string, OrganizationAccountScps>? Scps { get; set; }

    /// <summary>The account's other principals that may change the function (from the same listing, read once per account), under the account's SCPs when they were read.</summary>
    public async Task<IReadOnlyList<FunctionTakeover>> TakeoverAsync(AwsSession session, string functionArn, string roleArn, RolePrivilegeReport role, CancellationToken cancellationToken)
    {
        var path = OrganizationAccountScps.PathOf(Scps, session.AccountId);
        return (await _roles.GetAsync(session, cancellationToken).ConfigureAwait(false)).Takeover.For(functionArn, roleArn, role, path);
    }

    /// <summary>Lets an account's roles and analyses go once the audit is done with the account, so memory does not grow with the accounts.</summary>
    public void Forget(string accountId)
    {
        _roles.Forget(accountId);
        _reports.Forget(k => string.Equals(k.Account, accountId, StringComparison.Ordinal));
    }
}
