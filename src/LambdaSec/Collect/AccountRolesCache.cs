using System;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws;

namespace LambdaSec.Collect;

/// <summary>
/// The roles of each account, read once per run however many regions and functions ask for them:
/// the first caller starts the GetAccountAuthorizationDetails listing, the others await the same task.
/// </summary>
public sealed class AccountRolesCache
{
    private readonly OncePerKey<string, AccountRoles> _accounts = new(StringComparer.Ordinal);
    private readonly RoleAnalysisCache _analyses;

    /// <summary>The cache of the run's role analyses (by content), shared by its accounts.</summary>
    public AccountRolesCache(RoleAnalysisCache analyses) => _analyses = analyses;

    public Task<AccountRoles> GetAsync(AwsSession session, CancellationToken cancellationToken) =>
        _accounts.GetAsync(
            session.AccountId ?? throw new InvalidOperationException("The session's account is not known; call GetCallerIdentity first."),
            _ => AccountRoles.ReadAsync(session, _analyses, cancellationToken));

    /// <summary>Lets an account's roles go once no region of it is audited any more (a later call reads them again).</summary>
    public void Forget(string accountId)
    {
        _accounts.Forget(key => string.Equals(key, accountId, StringComparison.Ordinal));
        _analyses.Release(accountId);
    }
}
