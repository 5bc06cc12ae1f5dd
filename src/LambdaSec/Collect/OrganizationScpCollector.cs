using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Guardrails;
using LambdaSec.Analysis.Policy;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Model;

namespace LambdaSec.Collect;

/// <summary>
/// Reads what the SCP engine needs from Organizations, from the management (or a delegated administrator) account:
/// DescribeOrganization (the management account), ListRoots, the tree level by level (per root and OU:
/// ListOrganizationalUnitsForParent and ListAccountsForParent, which give names and placement together), and every
/// SCP with its content and targets (ListPolicies, then DescribePolicy and ListTargetsForPolicy per policy). That is
/// 2 + 2 x (OUs + 1) + 1 + 2 x policies calls (plus pages of 20): one per OU rather than one per account, whatever the
/// size of the organization; calls of one level run concurrently under the access layer's rate limiter.
/// </summary>
public sealed class OrganizationScpCollector
{
    private readonly OrganizationsApi _organizations;
    private readonly ICollectorSink _sink;
    private readonly string _activity;

    /// <param name="session">The management account's (or a delegated administrator's) session.</param>
    /// <param name="sink">Where progress and per-policy problems go.</param>
    /// <param name="activity">The progress bar's title: the cmdlet that reads.</param>
    public OrganizationScpCollector(AwsSession session, ICollectorSink sink, string activity = "Test-LambdaSecGuardrail")
    {
        _organizations = new OrganizationsApi(session);
        _sink = sink;
        _activity = activity;
    }

    /// <summary>
    /// The accounts (all, or those in <paramref name="accountIds"/>) with their SCP paths, by account id. An account id
    /// that is not in the organization is a non-terminating problem. Failures of the organization-wide calls
    /// (AccessDenied, AWSOrganizationsNotInUseException) are thrown: nothing can be answered without them.
    /// </summary>
    public async Task<IReadOnlyList<OrganizationAccountScps>> CollectAsync(IReadOnlyCollection<string>? accountIds, CancellationToken cancellationToken)
    {
        _sink.Progress(_activity, "Reading the organization and its root", 0, 3);
        var organizationTask = _organizations.DescribeOrganizationAsync(cancellationToken);
        var rootsTask = _organizations.ListRootsAsync(cancellationToken);
        var policiesTask = ReadPoliciesAsync(cancellationToken);
        await Task.WhenAll(organizationTask, rootsTask).ConfigureAwait(false);
        var managementAccount = organizationTask.Result.GetString("MasterAccountId");

        _sink.Progress(_activity, "Reading the OU tree and where each account sits", 1, 3);
        var nodes = new ConcurrentDictionary<string, (string Name, string? ParentId)>(StringComparer.Ordinal);
        var accounts = new ConcurrentBag<(string Id, string? Name, string ParentId)>();
        foreach (var root in rootsTask.Result)
        {
            nodes[root.GetString("Id")!] = (root.GetString("Name") ?? "Root", null);
        }

        await ReadTreeAsync(nodes.Keys.ToList(), nodes, accounts, cancellationToken).ConfigureAwait(false);
        foreach (var missing in accountIds?.Where(id => accounts.All(a => a.Id != id)) ?? [])
        {
            _sink.Problem(missing, ErrorIds.AccountNotInOrganization, $"Account {missing} is not in the organization of {managementAccount}. Check the id, or run from the management account of the organization that holds it.");
        }

        _sink.Progress(_activity, "Reading the service control policies and their targets", 2, 3);
        var attached = await policiesTask.ConfigureAwait(false);
        var result = new List<OrganizationAccountScps>();
        foreach (var account in accounts.Where(a => accountIds is null || accountIds.Contains(a.Id)).OrderBy(a => a.Id, StringComparer.Ordinal))
        {
            var levels = new List<ScpLevel> { new(account.Id, attached[account.Id].ToList(), account.Name) };
            for (var node = (string?)account.ParentId; node is not null && nodes.TryGetValue(node, out var info); node = info.ParentId)
            {
                levels.Insert(0, new ScpLevel(node, attached[node].ToList(), info.Name));
            }

            result.Add(new OrganizationAccountScps(account.Id, account.Name, account.Id == managementAccount, levels));
        }

        _sink.Progress(_activity, "Done", 3, 3);
        return result;
    }

    /// <summary>
    /// For the takeover analysis (LS-ROLE-005, TakeoverBy): the SCP paths of <paramref name="accountIds"/> (all accounts
    /// when null) by account id; null when the organization cannot be read with <paramref name="session"/> (a member
    /// account, no organization), after handing the failure to <paramref name="onFailure"/>.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, OrganizationAccountScps>?> TryReadAsync(AwsSession session, ICollectorSink sink, string activity, IReadOnlyCollection<string>? accountIds, Action<AwsServiceException> onFailure, CancellationToken cancellationToken)
    {
        try
        {
            var accounts = await new OrganizationScpCollector(session, sink, activity).CollectAsync(accountIds, cancellationToken).ConfigureAwait(false);
            return accounts.ToDictionary(a => a.AccountId, StringComparer.Ordinal);
        }
        catch (AwsServiceException ex)
        {
            onFailure(ex);
            return null;
        }
    }

    /// <summary>The OUs and accounts under <paramref name="parents"/>, level by level (OUs nest at most five deep).</summary>
    private async Task ReadTreeAsync(IReadOnlyList<string> parents, ConcurrentDictionary<string, (string Name, string? ParentId)> nodes, ConcurrentBag<(string Id, string? Name, string ParentId)> accounts, CancellationToken cancellationToken)
    {
        while (parents.Count > 0)
        {
            var children = await Task.WhenAll(parents.Select(async parent =>
            {
                var units = _organizations.ListOrganizationalUnitsForParentAsync(parent, cancellationToken);
                var members = _organizations.ListAccountsForParentAsync(parent, cancellationToken);
                foreach (var account in await members.ConfigureAwait(false))
                {
                    accounts.Add((account.GetString("Id")!, account.GetString("Name"), parent));
                }

                return (Parent: parent, Units: await units.ConfigureAwait(false));
            })).ConfigureAwait(false);

            var next = new List<string>();
            foreach (var (parent, units) in children)
            {
                foreach (var unit in units)
                {
                    var id = unit.GetString("Id")!;
                    nodes[id] = (unit.GetString("Name") ?? id, parent);
                    next.Add(id);
                }
            }

            parents = next;
        }
    }

    /// <summary>Target id -> the SCPs attached to it (a lookup, so a target without any gets an empty list).</summary>
    private async Task<ILookup<string, NamedScp>> ReadPoliciesAsync(CancellationToken cancellationToken)
    {
        var summaries = await _organizations.ListPoliciesAsync(OrganizationsApi.ServiceControlPolicy, cancellationToken).ConfigureAwait(false);
        var policies = await Task.WhenAll(summaries.Select(async s =>
        {
            var id = s.GetString("Id")!;
            var content = _organizations.DescribePolicyContentAsync(id, cancellationToken);
            var targets = _organizations.ListTargetsForPolicyAsync(id, cancellationToken);
            return (Id: id, Name: s.GetString("Name") ?? id, Content: await content.ConfigureAwait(false), Targets: await targets.ConfigureAwait(false));
        })).ConfigureAwait(false);

        var attachments = new List<(string Target, NamedScp Policy)>();
        foreach (var policy in policies)
        {
            PolicyDocument document;
            try
            {
                document = PolicyParser.Parse(policy.Content);
            }
            catch (PolicyParseException ex)
            {
                // Left out, so it is never counted as a deny: the answer may miss protection, never claim it.
                _sink.Problem(policy.Id, ErrorIds.PolicyParseError, $"SCP {policy.Name} ({policy.Id}) cannot be read and is left out of the evaluation: {ex.Message}");
                continue;
            }

            attachments.AddRange(policy.Targets.Select(t => (t.GetString("TargetId")!, new NamedScp($"{policy.Name} ({policy.Id})", document))));
        }

        return attachments.ToLookup(a => a.Target, a => a.Policy, StringComparer.Ordinal);
    }
}
