using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Audit;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;

namespace LambdaSec.Collect;

/// <summary>
/// Which accounts an audit covers and how to enter them: the caller's account with its own credentials, the
/// others through STS AssumeRole into arn:aws:iam::ACCOUNT:role/ROLE. Without -AccountId and with a role name,
/// every ACTIVE account of the organization (Organizations ListAccounts). An account that cannot be entered
/// becomes an LS-AUDIT-001 finding, and the others go on.
/// </summary>
public sealed class AccountResolver
{
    private readonly AwsSession _home;
    private readonly ICollectorSink _sink;

    public AccountResolver(AwsSession home, ICollectorSink sink)
    {
        _home = home;
        _sink = sink;
    }

    /// <summary>The accounts to audit, entered; with <paramref name="shard"/> only the accounts of that shard (before any is entered).</summary>
    public async Task<IReadOnlyList<AuditedAccount>> ResolveAsync(IReadOnlyList<string>? accountIds, string? roleName, string? externalId, AuditShard? shard, CancellationToken cancellationToken)
    {
        var home = _home.AccountId ?? throw new InvalidOperationException("The caller's account must be known first.");
        var ids = accountIds ?? (roleName is null ? [home] : await OrganizationAccountsAsync(cancellationToken).ConfigureAwait(false));
        if (shard is not null)
        {
            var all = ids.Distinct(StringComparer.Ordinal).ToList();
            ids = all.Where(shard.Contains).ToList();
            _sink.Note($"Shard {shard}: {ids.Count} of {all.Count} accounts.");
        }

        var entered = await Task.WhenAll(ids.Distinct(StringComparer.Ordinal).Select(id => EnterAsync(id, home, roleName, externalId, cancellationToken))).ConfigureAwait(false);
        return entered.Where(a => a is not null).Select(a => a!).ToList();
    }

    private async Task<IReadOnlyList<string>> OrganizationAccountsAsync(CancellationToken cancellationToken) =>
        (await new OrganizationsApi(_home).ListAccountsAsync(cancellationToken).ConfigureAwait(false))
            .Where(a => string.Equals(a.GetString("Status") ?? "ACTIVE", "ACTIVE", StringComparison.OrdinalIgnoreCase))
            .Select(a => a.GetString("Id"))
            .Where(id => id is not null)
            .Select(id => id!)
            .ToList();

    private async Task<AuditedAccount?> EnterAsync(string accountId, string home, string? roleName, string? externalId, CancellationToken cancellationToken)
    {
        if (accountId == home)
        {
            return new AuditedAccount(accountId, _home);
        }

        var subject = new FindingSubject(accountId, null, $"arn:aws:iam::{accountId}:root", null);
        if (roleName is null)
        {
            _sink.Result(AuditRules.AccountNotAudited.Finding(subject, $"Account {accountId} is not the caller's account ({home}) and no -OrganizationRoleName was given to enter it.", "Pass -OrganizationRoleName with a role that exists in every audited account and trusts the caller."));
            return null;
        }

        var roleArn = $"arn:aws:iam::{accountId}:role/{roleName}";
        try
        {
            var session = await new StsApi(_home).AssumeRoleSessionAsync(roleArn, "LambdaSecAudit", externalId, cancellationToken).ConfigureAwait(false);
            session.AccountId ??= accountId;
            return new AuditedAccount(accountId, session);
        }
        catch (AwsServiceException ex)
        {
            _sink.Error(roleArn, ex);
            _sink.Result(AuditRules.AccountNotAudited.Finding(subject, $"AssumeRole into {roleArn} failed: {ex.ErrorCode ?? ex.ErrorId} ({ex.Message})", $"Create the role {roleName} in account {accountId}, trusted by account {home}, with the read permissions listed in docs/aws-access.md; or leave the account out with -AccountId."));
            return null;
        }
    }
}
