using System;
using System.Collections.Generic;
using System.Threading.Tasks;
using LambdaSec.Analysis.Privileges;
using LambdaSec.Model;

namespace LambdaSec.Collect;

/// <summary>
/// Role analyses of one run keyed by content (docs/scale.md, "Role analysis by content"): what a role's identity policies
/// and boundary allow (<see cref="RolePermissions"/>) is computed once per distinct <see cref="RolePolicySet.PermissionsKey"/>,
/// however many accounts hold a role with those exact documents (StackSets, Control Tower, landing zones); what is a
/// role's own (its names, its trust policy read against its account) is added per role. The key is the documents' exact
/// text, not normalised, so a document naming an account is analysed in each account that holds it.
/// The permissions of takeover candidates (370 KB each, mostly the catalog-sized action index) are kept only while an
/// account that holds them is in progress (<see cref="Release"/>); the analyses (a few arrays each) for the run.
/// </summary>
public sealed class RoleAnalysisCache
{
    private readonly RolePrivilegeAnalyzer _analyzer;
    private readonly IamActionCatalog _catalog;
    private readonly OncePerKey<string, RolePermissions> _permissions = new(StringComparer.Ordinal);
    private readonly OncePerKey<string, EffectivePermissions?> _takeover = new(StringComparer.Ordinal);
    private readonly Dictionary<string, HashSet<string>> _holders = new(StringComparer.Ordinal);

    public RoleAnalysisCache()
        : this(RolePrivilegeAnalyzer.Default, IamActionCatalog.Default)
    {
    }

    public RoleAnalysisCache(RolePrivilegeAnalyzer analyzer, IamActionCatalog catalog)
    {
        _analyzer = analyzer;
        _catalog = catalog;
    }

    /// <summary>The role's report: its permissions analysed once per content (in a task others await), its trust policy against <paramref name="ownerAccountId"/>.</summary>
    public async Task<RolePrivilegeReport> ReportAsync(RolePolicySet role, string? ownerAccountId, string? roleName, string? roleArn)
    {
        // Task.Run: the analysis runs in the task others await, not in the first caller's start (which holds the others).
        var permissions = await _permissions.GetAsync(role.PermissionsKey, _ => Task.Run(() => _analyzer.AnalyzePermissions(role))).ConfigureAwait(false);
        return RolePrivilegeAnalyzer.Report(role, permissions, ownerAccountId, roleName, roleArn);
    }

    /// <summary>
    /// The principal as a takeover candidate of <paramref name="accountId"/>, or null when its policies name no takeover
    /// action. The permissions are shared by every account holding the same content until the last of them is released.
    /// </summary>
    public async Task<TakeoverPrincipal?> CandidateAsync(PrincipalPolicies principal, string accountId)
    {
        var key = principal.Policies.PermissionsKey;
        var permissions = await _takeover.GetAsync(key, _ => Task.Run(() =>
        {
            var built = new EffectivePermissions(principal.Policies.Policies, principal.Policies.Boundary, _catalog);
            return TakeoverCandidates.MayTakeOver(built) ? built : null;
        })).ConfigureAwait(false);
        if (permissions is null)
        {
            return null;
        }

        lock (_holders)
        {
            if (!_holders.TryGetValue(key, out var accounts))
            {
                accounts = new HashSet<string>(StringComparer.Ordinal);
                _holders[key] = accounts;
            }

            accounts.Add(accountId);
        }

        return new TakeoverPrincipal(principal, permissions, await ReportAsync(principal.Policies, null, principal.Name, principal.Arn).ConfigureAwait(false));
    }

    /// <summary>
    /// The audit is done with the account: takeover permissions no other account in progress holds are let go (a later
    /// account with the same content builds them again). Principals whose policies name no takeover action are remembered
    /// as such for the run (a null each).
    /// </summary>
    public void Release(string accountId)
    {
        var unheld = new List<string>();
        lock (_holders)
        {
            foreach (var pair in _holders)
            {
                if (pair.Value.Remove(accountId) && pair.Value.Count == 0)
                {
                    unheld.Add(pair.Key);
                }
            }

            foreach (var key in unheld)
            {
                _holders.Remove(key);
            }
        }

        var forget = new HashSet<string>(unheld, StringComparer.Ordinal);
        _takeover.Forget(forget.Contains);
    }
}
