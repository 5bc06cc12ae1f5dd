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
/// DescribeOrganization (the management account), ListAccounts, ListRoots, the OU tree (ListOrganizationalUnitsForParent,
/// one call per OU, level by level), each account's parent (ListParents), and every SCP with its content and targets
/// (ListPolicies, then DescribePolicy and ListTargetsForPolicy per policy). That is 4 + OUs + accounts + 2 x policies
/// calls, whatever the nesting; all of them run concurrently under the access layer's rate limiter.
/// </summary>
public sealed class OrganizationScpCollector
{
    private readonly OrganizationsApi _organizations;
    private readonly ICollectorSink _sink;

    public OrganizationScpCollector(AwsSession session, ICollectorSink sink)
    {
        _organizations = new OrganizationsApi(session);
        _sink = sink;
    }

    /// <summary>
    /// The accounts (all, or those in <paramref name="accountIds"/>) with their SCP paths, in ListAccounts order. An
    /// account id that is not in the organization is a non-terminating problem. Failures of the organization-wide
    /// calls (AccessDenied, AWSOrganizationsNotInUseException) are thrown: nothing can be answered without them.
    /// </summary>
    public async Task<IReadOnlyList<OrganizationAccountScps>> CollectAsync(IReadOnlyCollection<string>? accountIds, CancellationToken cancellationToken)
    {
        const string Activity = "Test-LambdaSecGuardrail";
        _sink.Progress(Activity, "Reading the organization, its accounts and root", 0, 4);
        var organizationTask = _organizations.DescribeOrganizationAsync(cancellationToken);
        var accountsTask = _organizations.ListAccountsAsync(cancellationToken);
        var rootsTask = _organizations.ListRootsAsync(cancellationToken);
        var policiesTask = ReadPoliciesAsync(cancellationToken);
        await Task.WhenAll(organizationTask, accountsTask, rootsTask).ConfigureAwait(false);
        var managementAccount = organizationTask.Result.GetString("MasterAccountId");
        var roots = rootsTask.Result;
        var accounts = accountsTask.Result;

        var selected = accounts.Where(a => accountIds is null || accountIds.Contains(a.GetString("Id") ?? string.Empty)).ToList();
        foreach (var missing in accountIds?.Where(id => accounts.All(a => a.GetString("Id") != id)) ?? [])
        {
            _sink.Problem(missing, ErrorIds.AccountNotInOrganization, $"Account {missing} is not in the organization of {managementAccount}: ListAccounts does not list it. Check the id, or run from the management account of the organization that holds it.");
        }

        _sink.Progress(Activity, "Reading the OU tree", 1, 4);
        var nodes = new ConcurrentDictionary<string, (string Name, string? ParentId)>(StringComparer.Ordinal);
        foreach (var root in roots)
        {
            nodes[root.GetString("Id")!] = (root.GetString("Name") ?? "Root", null);
        }

        await ReadTreeAsync(roots.Select(r => r.GetString("Id")!).ToList(), nodes, cancellationToken).ConfigureAwait(false);

        _sink.Progress(Activity, "Reading where each account sits", 2, 4);
        var parents = await Task.WhenAll(selected.Select(a => _organizations.ListParentsAsync(a.GetString("Id")!, cancellationToken))).ConfigureAwait(false);

        _sink.Progress(Activity, "Reading the service control policies and their targets", 3, 4);
        var attached = await policiesTask.ConfigureAwait(false);
        var result = new List<OrganizationAccountScps>();
        for (var i = 0; i < selected.Count; i++)
        {
            var id = selected[i].GetString("Id")!;
            var name = selected[i].GetString("Name");
            var levels = new List<ScpLevel> { new(id, attached[id].ToList(), name) };
            for (var node = parents[i].Count > 0 ? parents[i][0].GetString("Id") : null; node is not null && nodes.TryGetValue(node, out var info); node = info.ParentId)
            {
                levels.Insert(0, new ScpLevel(node, attached[node].ToList(), info.Name));
            }

            result.Add(new OrganizationAccountScps(id, name, id == managementAccount, levels));
        }

        _sink.Progress(Activity, "Done", 4, 4);
        return result;
    }

    /// <summary>The OUs under <paramref name="parents"/>, level by level (the tree is at most five OUs deep).</summary>
    private async Task ReadTreeAsync(IReadOnlyList<string> parents, ConcurrentDictionary<string, (string Name, string? ParentId)> nodes, CancellationToken cancellationToken)
    {
        while (parents.Count > 0)
        {
            var children = await Task.WhenAll(parents.Select(async p => (Parent: p, Units: await _organizations.ListOrganizationalUnitsForParentAsync(p, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
            var next = new List<string>();
            foreach (var (parent, units) in children)
            {
                foreach (var unit in units)
                {
                    nodes[unit.GetString("Id")!] = (unit.GetString("Name") ?? unit.GetString("Id")!, parent);
                    next.Add(unit.GetString("Id")!);
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
