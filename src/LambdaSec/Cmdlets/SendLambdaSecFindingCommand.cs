using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Collect;
using LambdaSec.Model;
using LambdaSec.Reports;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Sends LambdaSec findings to AWS Security Hub, updating the ones it already holds and archiving the ones this run no longer reports.</para>
/// <para type="description">Send-LambdaSecFinding collects the findings piped to it (from Invoke-LambdaSecAudit, or re-imported from a JSON or CSV report) and, when the pipeline ends, writes them to the Security Hub of the caller's account, in each finding's region, with BatchImportFindings: in the AWS Security Finding Format (the same mapping as Export-LambdaSecReport -Format Asff), 100 findings per call, under Security Hub's rate limits (10 calls per second, burst 30), throttled and failed calls retried. Each finding's Id is lambdasec/&lt;rule&gt;/&lt;fingerprint&gt;, the same on every run, so a finding sent again updates the one Security Hub holds (its CreatedAt and your workflow status are kept) instead of adding a duplicate.</para>
/// <para type="description">Before sending, it reads with GetFindings the ACTIVE LambdaSec findings Security Hub holds for the account in each region of the run (the findings' regions and -Region): every one this run does not report any more was resolved, and is archived (re-imported with RecordState ARCHIVED). -Rule limits that to the rules the run covered, so a partial audit (Invoke-LambdaSecAudit -Rule LS-RT-*) does not archive the other rules' findings. A region with nothing left to report is reconciled only when named with -Region.</para>
/// <para type="description">A finding Security Hub refuses is a non-terminating error LambdaSec.SecurityHubImportFailed naming its Id, Security Hub's ErrorCode and message; the others are imported. Security Hub imports only findings of the calling account (default product): findings of other accounts (an organization audit) are refused that way; send them with each account's credentials. Findings without an account or region (Test-LambdaSecTemplate) are left out with a warning. -WhatIf lists each call that would be made with the Id, rule and resource of every finding in it, and changes nothing.</para>
/// </summary>
/// <example>
/// <code>Invoke-LambdaSecAudit -Region us-east-1 | Send-LambdaSecFinding -PassThru | Group-Object Action</code>
/// <para>Audits us-east-1 and sends the findings to its Security Hub; the records say how many were imported and how many earlier findings were archived as resolved.</para>
/// </example>
/// <example>
/// <code>Invoke-LambdaSecAudit -Region us-east-1, eu-west-1 | Send-LambdaSecFinding -Region us-east-1, eu-west-1 -WhatIf</code>
/// <para>Shows each BatchImportFindings call that would be made, and which findings would be archived, without sending anything; naming the regions also reconciles a region whose findings were all fixed.</para>
/// </example>
/// <example>
/// <code>Invoke-LambdaSecAudit -Rule 'LS-RT-*' | Send-LambdaSecFinding -Rule 'LS-RT-*'</code>
/// <para>A runtime-only audit: only resolved runtime findings are archived; the other rules' findings in Security Hub stay as they are.</para>
/// </example>
[Cmdlet(VerbsCommunications.Send, "LambdaSecFinding", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(LambdaSecHubRecord))]
public sealed class SendLambdaSecFindingCommand : LambdaSecAwsCmdlet
{
    private readonly List<LambdaSecFinding> _findings = [];
    private int _notFileable;

    /// <summary>
    /// <para type="description">The findings to send: LambdaSecFinding objects, or any object with the same property names (the findings of a JSON report read back with ConvertFrom-Json, the rows of a CSV report read back with Import-Csv).</para>
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    [AllowNull]
    public PSObject? InputObject { get; set; }

    /// <summary>
    /// <para type="description">Regions whose Security Hub is reconciled besides the regions of the findings (default: the findings' regions, or the default region when no finding came in). Name every region the audit covered so that one where every finding was fixed is archived too.</para>
    /// </summary>
    [Parameter]
    public string[]? Region { get; set; }

    /// <summary>
    /// <para type="description">The rules (wildcards allowed) the findings were produced for: only active findings of these rules are archived when this run does not report them. Default: every rule.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? Rule { get; set; }

    /// <summary>
    /// <para type="description">The role to assume in each account of the findings other than the caller's (the role Invoke-LambdaSecAudit -OrganizationRoleName entered), so that each account's findings are imported into that account's own Security Hub: with the default product, Security Hub takes a finding only from the account it belongs to, even from the delegated administrator. Without it, other accounts' findings are refused one by one.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OrganizationRoleName { get; set; }

    /// <summary>
    /// <para type="description">The external id the role's trust policy requires, if any (with -OrganizationRoleName).</para>
    /// </summary>
    [Parameter]
    public string? ExternalId { get; set; }

    /// <summary>
    /// <para type="description">Accounts whose Security Hub is reconciled besides the accounts of the findings (with -OrganizationRoleName): name every account the audit covered so that one where every finding was fixed is archived too (in -Region, else the default region). With it, only these accounts and those of the findings are reconciled: the caller's account only when it is named or has findings.</para>
    /// </summary>
    [Parameter]
    [ValidateAccountId]
    public string[]? AccountId { get; set; }

    /// <summary>
    /// <para type="description">Outputs one LambdaSecHubRecord per finding imported or archived.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is null)
        {
            return;
        }

        try
        {
            var finding = FindingConverter.Convert(InputObject);
            if (AsffReportWriter.CanBeFiled(finding))
            {
                _findings.Add(finding);
            }
            else
            {
                _notFileable++;
            }
        }
        catch (FormatException ex)
        {
            WriteError(new ErrorRecord(new FormatException($"{ex.Message} It is not sent.", ex), ErrorIds.InvalidFinding, ErrorCategory.InvalidData, InputObject));
        }
    }

    protected override void EndProcessing()
    {
        if (_notFileable > 0)
        {
            WriteWarning($"{_notFileable} finding(s) have no account or region (infrastructure-as-code findings) and cannot be filed in Security Hub; they were not sent.");
        }

        var connection = ResolveConnection(Region?.FirstOrDefault() ?? _findings.Select(FindingFacts.Region).FirstOrDefault());
        var session = connection.CreateSession();
        try
        {
            session.AccountId = new StsApi(session).GetCallerIdentityAsync().GetAwaiter().GetResult().Account;
        }
        catch (AwsServiceException ex)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ex.ErrorId, ErrorCategory.AuthenticationError, null));
            return;
        }

        var hubs = EnterAccounts(session);
        var findings = _findings.Where(f => hubs.ContainsKey(FindingFacts.AccountId(f)!)).ToList();
        var active = new Dictionary<(string Account, string Region), IReadOnlyList<AwsNode>?>();
        // With -AccountId the run covered those accounts (and the accounts of its findings): no other account is archived.
        foreach (var account in hubs.Keys.Where(a => hubs[a].AccountId == a && (AccountId is null || AccountId.Contains(a) || findings.Any(f => FindingFacts.AccountId(f) == a))))
        {
            var regions = (Region ?? []).Concat(findings.Where(f => FindingFacts.AccountId(f) == account).Select(f => FindingFacts.Region(f)!)).Distinct(StringComparer.Ordinal).ToList();
            // An account named with -AccountId, or the caller's when nothing came in and no account was named, is reconciled in the default region at least.
            if (regions.Count == 0 && (AccountId?.Contains(account) == true || (AccountId is null && account == session.AccountId && findings.Count == 0)))
            {
                regions.Add(connection.Region);
            }

            foreach (var region in regions)
            {
                WriteProgress(new ProgressRecord(1, "Send-LambdaSecFinding", $"Reading the active LambdaSec findings of {account} in {region}") { PercentComplete = -1 });
                active[(account, region)] = ReadActive(hubs[account].ForRegion(region), account);
            }
        }

        var patterns = Rule?.Select(r => new WildcardPattern(r, WildcardOptions.IgnoreCase)).ToArray();
        var targets = SecurityHubPlan.Build(findings, active, id => patterns is null || patterns.Any(p => p.IsMatch(id)), ReportWriters.ToolVersion, DateTime.UtcNow);
        var calls = targets.Sum(t => Batches(t.Imports).Count() + Batches(t.Archives).Count());
        var done = 0;
        foreach (var target in targets)
        {
            var hub = new SecurityHubApi(hubs[target.AccountId].ForRegion(target.Region));
            foreach (var (entries, action) in Batches(target.Imports).Select(b => (b, "Imported")).Concat(Batches(target.Archives).Select(b => (b, "Archived"))))
            {
                WriteProgress(new ProgressRecord(1, "Send-LambdaSecFinding", $"{action} {target.AccountId} {target.Region}") { PercentComplete = 100 * done++ / Math.Max(1, calls) });
                var verb = action == "Imported" ? "Import" : "Archive (RecordState ARCHIVED, no longer reported)";
                if (ShouldProcess($"Security Hub of {target.AccountId} in {target.Region}", $"{verb} {entries.Count} finding(s): {string.Join("; ", entries.Select(Describe))}"))
                {
                    SetWorkflow(hub, target, Send(hub, target, entries, action));
                }
            }
        }

        WriteProgress(new ProgressRecord(1, "Send-LambdaSecFinding", "Done") { RecordType = ProgressRecordType.Completed });
    }

    /// <summary>
    /// The session that writes each account's findings: the caller's for its own account; with -OrganizationRoleName,
    /// a role session in every other account of the findings and of -AccountId (an account whose role cannot be assumed
    /// is an error, and its findings are not sent). Without it, other accounts' findings go to the caller's Security
    /// Hub, which refuses them one by one (LambdaSec.SecurityHubImportFailed); their Security Hub is not read.
    /// </summary>
    private Dictionary<string, AwsSession> EnterAccounts(AwsSession caller)
    {
        var home = caller.AccountId!;
        var hubs = new Dictionary<string, AwsSession>(StringComparer.Ordinal) { [home] = caller };
        foreach (var account in (AccountId ?? []).Concat(_findings.Select(f => FindingFacts.AccountId(f)!)).Distinct(StringComparer.Ordinal).Where(a => a != home))
        {
            if (OrganizationRoleName is null)
            {
                hubs[account] = caller;
                continue;
            }

            var roleArn = $"arn:{AwsPartitions.Of(caller.Region).Id}:iam::{account}:role/{OrganizationRoleName}";
            WriteProgress(new ProgressRecord(1, "Send-LambdaSecFinding", $"Assuming {roleArn}") { PercentComplete = -1 });
            try
            {
                var entered = new StsApi(caller).AssumeRoleSessionAsync(roleArn, "LambdaSecSend", ExternalId).GetAwaiter().GetResult();
                entered.AccountId = account;
                hubs[account] = entered;
            }
            catch (AwsServiceException ex)
            {
                WriteAwsError(ex, roleArn);
            }
        }

        return hubs;
    }

    /// <summary>Security Hub's active LambdaSec findings in one region, or null (and an error) when they cannot be read: nothing is archived there then.</summary>
    private IReadOnlyList<AwsNode>? ReadActive(AwsSession regional, string account)
    {
        try
        {
            return new SecurityHubApi(regional).GetActiveFindingsAsync(AsffReportWriter.ProductArn(AwsPartitions.Of(regional.Region).Id, regional.Region, account), AsffReportWriter.IdPrefix).GetAwaiter().GetResult();
        }
        catch (AwsServiceException ex)
        {
            WriteAwsError(ex, $"Security Hub of {account} in {regional.Region}");
            return null;
        }
    }

    /// <summary>Imports one batch; returns the entries Security Hub took.</summary>
    private List<SecurityHubEntry> Send(SecurityHubApi hub, SecurityHubTarget target, IReadOnlyList<SecurityHubEntry> entries, string action)
    {
        var taken = new List<SecurityHubEntry>();
        AwsNode answer;
        try
        {
            answer = hub.BatchImportFindingsAsync(entries.Select(e => e.Asff).ToList()).GetAwaiter().GetResult();
        }
        catch (AwsServiceException ex)
        {
            WriteAwsError(ex, $"Security Hub of {target.AccountId} in {target.Region}");
            return taken;
        }

        var failed = answer.GetList("FailedFindings").Where(f => f.GetString("Id") is not null).ToDictionary(f => f.GetString("Id")!, StringComparer.Ordinal);
        foreach (var entry in entries)
        {
            if (failed.TryGetValue(entry.Id, out var failure))
            {
                WriteError(new ErrorRecord(
                    new InvalidOperationException(DisplayText.Neutralise($"Security Hub of {target.AccountId} in {target.Region} refused finding {entry.Id} ({entry.RuleId} {entry.ResourceArn}): {failure.GetString("ErrorCode")}: {failure.GetString("ErrorMessage")}. Security Hub imports only findings of the calling account, complete and within its size limits; send other accounts' findings with -OrganizationRoleName (or their own credentials).")),
                    ErrorIds.SecurityHubImportFailed,
                    ErrorCategory.InvalidData,
                    entry.Id));
            }
            else
            {
                taken.Add(entry);
                if (PassThru)
                {
                    WriteObject(new LambdaSecHubRecord
                    {
                        Action = action, Id = entry.Id, RuleId = entry.RuleId, AccountId = target.AccountId, Region = target.Region,
                        RecordState = action == "Archived" ? "ARCHIVED" : "ACTIVE", ResourceArn = entry.ResourceArn, Title = entry.Title,
                        WorkflowStatus = entry.Workflow ?? (entry.Asff.TryGetProperty("Workflow", out var workflow) ? workflow.GetProperty("Status").GetString() : null),
                    });
                }
            }
        }

        return taken;
    }

    /// <summary>
    /// Sets the workflow status of imported findings Security Hub already held (BatchUpdateFindings: an accepted risk to
    /// SUPPRESSED, a LambdaSec suppression that ended back to NEW). A finding it cannot update is LambdaSec.SecurityHubImportFailed.
    /// </summary>
    private void SetWorkflow(SecurityHubApi hub, SecurityHubTarget target, IReadOnlyList<SecurityHubEntry> imported)
    {
        foreach (var change in imported.Where(e => e.Workflow is not null).GroupBy(e => e.Workflow!))
        {
            AwsNode answer;
            try
            {
                answer = hub.SetWorkflowStatusAsync(change.Select(e => (e.Id, e.ProductArn)).ToList(), change.Key).GetAwaiter().GetResult();
            }
            catch (AwsServiceException ex)
            {
                WriteAwsError(ex, $"Security Hub of {target.AccountId} in {target.Region}");
                continue;
            }

            foreach (var failure in answer.GetList("UnprocessedFindings"))
            {
                var id = failure.Get("FindingIdentifier")?.GetString("Id");
                WriteError(new ErrorRecord(
                    new InvalidOperationException($"Security Hub of {target.AccountId} in {target.Region} did not set the workflow status of finding {id} to {change.Key}: {failure.GetString("ErrorCode")}: {failure.GetString("ErrorMessage")}. Run Send-LambdaSecFinding again; the caller needs securityhub:BatchUpdateFindings."),
                    ErrorIds.SecurityHubImportFailed,
                    ErrorCategory.InvalidResult,
                    id));
            }
        }
    }

    private static IEnumerable<IReadOnlyList<SecurityHubEntry>> Batches(IReadOnlyList<SecurityHubEntry> entries) =>
        RequestBatches.Of(entries, SecurityHubApi.MaxBatch);

    private static string Describe(SecurityHubEntry entry) => $"{entry.RuleId} {entry.ResourceArn} ({entry.Id})";
}
