using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaSec.Aws;
using LambdaSec.Model;
using LambdaSec.Reports;

namespace LambdaSec.Collect;

/// <summary>
/// One ASFF finding to write, with what a person needs to recognise it in -WhatIf and -PassThru. <paramref name="Workflow"/>
/// is the Workflow.Status to set with BatchUpdateFindings after the import (Security Hub takes Workflow from
/// BatchImportFindings only when it creates the finding), or null.
/// </summary>
public sealed record SecurityHubEntry(string Id, string RuleId, string? ResourceArn, string? Title, JsonElement Asff, string? Workflow = null)
{
    public string ProductArn => Asff.GetProperty(nameof(ProductArn)).GetString()!;
}

/// <summary>What Send-LambdaSecFinding writes to one account's Security Hub in one region.</summary>
public sealed record SecurityHubTarget(string AccountId, string Region, IReadOnlyList<SecurityHubEntry> Imports, IReadOnlyList<SecurityHubEntry> Archives);

/// <summary>
/// Plans a Security Hub update: every finding of this run is imported under its stable Id (created or updated; the
/// CreatedAt of a finding Security Hub already holds is kept), and every ACTIVE LambdaSec finding Security Hub holds
/// for an account and region of the run that this run no longer reports (within the rules in scope) is re-imported
/// with RecordState ARCHIVED. A suppressed finding (accepted risk) that Security Hub holds with another workflow
/// status is set to SUPPRESSED; one LambdaSec suppressed earlier whose suppression ended goes back to NEW (a
/// person's own suppression is left alone). Pure: the active findings are read by the caller (GetFindings).
/// </summary>
public static class SecurityHubPlan
{
    /// <summary>Members a finding provider may not set through BatchImportFindings (customer workflow) or that Security Hub itself sets; left out when a finding read back is archived.</summary>
    private static readonly string[] CustomerOwned = ["Workflow", "WorkflowState", "Note", "UserDefinedFields", "VerificationState", "ProcessedAt"];

    /// <param name="findings">This run's findings (only those with an account and region).</param>
    /// <param name="active">Per account and region whose Security Hub is reconciled: the ACTIVE LambdaSec findings Security Hub holds, or null when they could not be read (then nothing is archived there).</param>
    /// <param name="inScope">Which rule ids this run covers: an active finding of another rule is left as it is.</param>
    /// <param name="toolVersion">LambdaSec's version, written into each finding's ProductFields.</param>
    /// <param name="now">UpdatedAt of every finding written.</param>
    public static IReadOnlyList<SecurityHubTarget> Build(IReadOnlyList<LambdaSecFinding> findings, IReadOnlyDictionary<(string Account, string Region), IReadOnlyList<AwsNode>?> active, Func<string, bool> inScope, string toolVersion, DateTime now)
    {
        var byTarget = findings
            .GroupBy(f => (Account: FindingFacts.AccountId(f)!, Region: FindingFacts.Region(f)!))
            .ToDictionary(g => g.Key, g => g.GroupBy(AsffReportWriter.IdOf, StringComparer.Ordinal).Select(d => d.Last()).ToList());
        foreach (var key in active.Keys.Where(k => !byTarget.ContainsKey(k)))
        {
            byTarget[key] = [];
        }

        return byTarget
            .OrderBy(t => t.Key.Account, StringComparer.Ordinal).ThenBy(t => t.Key.Region, StringComparer.Ordinal)
            .Select(t =>
            {
                var held = active.TryGetValue(t.Key, out var nodes) && nodes is not null
                    ? nodes.Where(n => n.GetString("Id") is not null).GroupBy(n => n.GetString("Id")!, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal)
                    : null;
                var imports = t.Value.Select(f =>
                {
                    var id = AsffReportWriter.IdOf(f);
                    AwsNode? existing = null;
                    held?.TryGetValue(id, out existing);
                    var createdAt = existing?.GetTime("CreatedAt")?.UtcDateTime;
                    return new SecurityHubEntry(id, f.RuleId, f.ResourceArn, f.Title, ToElement(AsffReportWriter.Finding(f, toolVersion, now, createdAt)), WorkflowChange(f, existing));
                }).ToList();
                var reported = new HashSet<string>(imports.Select(i => i.Id), StringComparer.Ordinal);
                var archives = (held?.Values ?? Enumerable.Empty<AwsNode>())
                    .Where(n => !reported.Contains(n.GetString("Id")!) && inScope(n.GetString("GeneratorId") ?? string.Empty))
                    .Select(n => Archived(n, now))
                    .ToList();
                return new SecurityHubTarget(t.Key.Account, t.Key.Region, imports, archives);
            })
            .ToList();
    }

    /// <summary>
    /// The workflow status to set on a finding Security Hub already holds (the import sets it on a new one), or null:
    /// SUPPRESSED for an accepted risk not suppressed yet; NEW for one LambdaSec suppressed before (its ProductFields
    /// say so) whose suppression ended. A status a person set (NOTIFIED, RESOLVED, their own SUPPRESSED) is kept otherwise.
    /// </summary>
    private static string? WorkflowChange(LambdaSecFinding finding, AwsNode? held)
    {
        if (held is null)
        {
            return null;
        }

        var status = held.Get("Workflow")?.GetString("Status") ?? held.GetString("WorkflowState");
        var suppressed = string.Equals(status, AsffReportWriter.SuppressedStatus, StringComparison.Ordinal);
        if (finding.Suppressed)
        {
            return suppressed ? null : AsffReportWriter.SuppressedStatus;
        }

        var ours = held.Get("ProductFields")?.GetString(AsffReportWriter.SuppressedField) == "true";
        return suppressed && ours ? "NEW" : null;
    }

    /// <summary>The finding as Security Hub holds it, with RecordState ARCHIVED and UpdatedAt now, without the customer-owned members.</summary>
    private static SecurityHubEntry Archived(AwsNode held, DateTime now)
    {
        var json = JsonNode.Parse(held.Json.GetRawText())!.AsObject();
        foreach (var member in CustomerOwned)
        {
            json.Remove(member);
        }

        json["RecordState"] = "ARCHIVED";
        json["UpdatedAt"] = AsffReportWriter.Timestamp(now);
        var resources = held.GetList("Resources");
        var resource = resources.Count > 0 ? resources[0].GetString("Id") : null;
        using var document = JsonDocument.Parse(json.ToJsonString());
        return new SecurityHubEntry(held.GetString("Id")!, held.GetString("GeneratorId") ?? string.Empty, resource, held.GetString("Title"), document.RootElement.Clone());
    }

    private static JsonElement ToElement(object asff)
    {
        using var document = JsonDocument.Parse(JsonSerializer.SerializeToUtf8Bytes(asff, asff.GetType(), ReportJson.Sparse));
        return document.RootElement.Clone();
    }
}
