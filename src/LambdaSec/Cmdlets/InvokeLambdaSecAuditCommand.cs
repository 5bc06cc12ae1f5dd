using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Audit;
using LambdaSec.Analysis.Suppressions;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Collect;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Audits the Lambda functions of one or more accounts and regions and emits one compliance finding per rule and resource.</para>
/// <para type="description">Invoke-LambdaSecAudit checks every function against the rules in docs/rules.md: the three compliance rules (LS-EXP-001: no policy lets any AWS account invoke; LS-RT-001: no end-of-life runtime; LS-WAF-001/002: API Gateway stages and load balancers that invoke functions use a WAF), plus function URLs without auth, service principals without a source pin (confused deputy), API routes without authorization, and public functions without a concurrency cap (denial of wallet). Each finding carries RuleId, Title, Severity, AccountId, Region, ResourceType, ResourceArn, FunctionName, Evidence and Remediation (the LambdaSec command that fixes it, where one does); pipe them to Export-LambdaSecReport.</para>
/// <para type="description">Accounts: by default the caller's. With -OrganizationRoleName, every ACTIVE account of the organization (or those in -AccountId) is entered with STS AssumeRole into that role; an account whose role cannot be assumed gives an LS-AUDIT-001 finding and a non-terminating error, and the others go on. Accounts and regions are scanned concurrently under the access layer's per account and region rate limits. With -CheckpointPath each finished account and region is recorded, so a big audit that stops can be run again with the same path and resumes where it stopped.</para>
/// </summary>
/// <example>
/// <code>Invoke-LambdaSecAudit -Region us-east-1, eu-west-1 | Export-LambdaSecReport -Path ./lambda-audit.html -Format Html</code>
/// <para>Audits the caller's account in two regions and writes an HTML report.</para>
/// </example>
/// <example>
/// <code>Invoke-LambdaSecAudit -AllRegions -OrganizationRoleName OrganizationAccountAccessRole -CheckpointPath ./audit.checkpoint | Export-LambdaSecReport -Path ./org.sarif -Format Sarif</code>
/// <para>Audits every account of the organization in every region, resumable, and writes SARIF for security tooling. Run it again with the same -CheckpointPath after an interruption to resume.</para>
/// </example>
/// <example>
/// <code>1..4 | ForEach-Object { Invoke-LambdaSecAudit -AllRegions -OrganizationRoleName LambdaSecAudit -Shard "$_/4" | Export-LambdaSecReport -Path "./shard-$_.json" -Format Json }; Export-LambdaSecReport -InputPath ./shard-*.json -Path ./org.html -Format Html</code>
/// <para>Audits the organization in four shards (each could run on its own machine or container) and merges their JSON results into one report.</para>
/// </example>
/// <example>
/// <code>$f = Invoke-LambdaSecAudit -AllRegions -SuppressionPath ./accepted-risks.yaml -BaselinePath ./yesterday.json; $f | Export-LambdaSecReport -Path ./today.json -Format Json -Force; if ($f | Where-Object { $_.BaselineState -eq 'New' -and -not $_.Suppressed -and $_.Severity -ge 'High' }) { exit 1 }</code>
/// <para>The daily runbook: accepted risks are marked Suppressed, each finding is tagged New or Existing against yesterday's report, today's report becomes tomorrow's baseline, and the run fails only on new High or Critical findings.</para>
/// </example>
/// <example>
/// <code>Invoke-LambdaSecAudit -Region us-east-1 -Rule LS-VULN-001 -OsvDataPath ./osv</code>
/// <para>Downloads every function's package and layers (each layer version once) and reports the functions carrying a package with a High or Critical OSV advisory, matched offline against OSV's exports in ./osv (PyPI/all.zip, npm/all.zip).</para>
/// </example>
/// <example>
/// <code>Invoke-LambdaSecAudit -AllRegions -Rule LS-DETECT-* | Format-Table RuleId, AccountId, Region, Evidence</code>
/// <para>Reports, for every account and region that has functions, whether Amazon Inspector's Lambda standard and code scanning and GuardDuty Lambda Protection are on (Security Hub Inspector.4, Inspector.3, GuardDuty.6); LS-DETECT-004 names a region whose status could not be read.</para>
/// </example>
/// <example>
/// <code>Invoke-LambdaSecAudit -Region us-east-1 -Rule LS-EXP-001, LS-RT-* | Group-Object RuleId | Select-Object Name, Count</code>
/// <para>Checks only public policies and runtimes, and counts the findings per rule.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Invoke, "LambdaSecAudit", DefaultParameterSetName = Regions)]
[OutputType(typeof(LambdaSecFinding))]
public sealed class InvokeLambdaSecAuditCommand : LambdaSecAwsCmdlet, IDisposable
{
    private const string Regions = nameof(Regions);
    private const string AllRegionsSet = nameof(AllRegions);
    private static readonly AuditRule[] DetectorRules = [AuditRules.InspectorLambdaScanOff, AuditRules.InspectorLambdaCodeScanOff, AuditRules.GuardDutyLambdaProtectionOff, AuditRules.DetectorStatusUnknown];
    private readonly CancellationTokenSource _cancel = new();
    private RuleSelection _rules = new(null);
    private SuppressionSet _suppressions = SuppressionSet.Empty;
    private HashSet<string>? _baseline;
    private DateTime? _baselineDate;
    private DateTime _asOf;
    private AuditCheckpoint? _checkpoint;

    /// <summary>
    /// <para type="description">The regions to audit (default: the region of the shell, environment or profile).</para>
    /// </summary>
    [Parameter(ParameterSetName = Regions)]
    public string[]? Region { get; set; }

    /// <summary>
    /// <para type="description">Audit every region of the partition; regions not enabled for an account are skipped.</para>
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = AllRegionsSet)]
    public SwitchParameter AllRegions { get; set; }

    /// <summary>
    /// <para type="description">The accounts to audit. Without it: the caller's account, or with -OrganizationRoleName every ACTIVE account of the organization.</para>
    /// </summary>
    [Parameter]
    [ValidateAccountId]
    public string[]? AccountId { get; set; }

    /// <summary>
    /// <para type="description">The role to assume in each audited account other than the caller's (for example OrganizationAccountAccessRole or a read-only audit role).</para>
    /// </summary>
    [Parameter]
    public string? OrganizationRoleName { get; set; }

    /// <summary>
    /// <para type="description">Credentials of the organization's management account or of a delegated administrator for AWS Organizations (an AWSCredentials object, a PSCredential of access key id and secret access key, or a profile name), to read the service control policies that LS-ROLE-005 applies to who can change a function. An organization audit (-OrganizationRoleName) reads them with the audit's own credentials and needs this only when those may not read the organization; a single-account audit reads them only with it.</para>
    /// </summary>
    [Parameter]
    public object? OrganizationCredential { get; set; }

    /// <summary>
    /// <para type="description">The external id the audit role's trust policy requires, if any.</para>
    /// </summary>
    [Parameter]
    public string? ExternalId { get; set; }

    /// <summary>
    /// <para type="description">Accounts you trust (vendors, partners, your accounts outside the organization). Grants to them, and service grants pinned to them, count like the owner's organization: no LS-EXP-003 CrossAccount finding. A grant that also names an untrusted account is still reported. Get-LambdaExposure -TrustedAccountId shows them in TrustedAccounts.</para>
    /// </summary>
    [Parameter]
    [ValidateAccountId]
    public string[]? TrustedAccountId { get; set; }

    /// <summary>
    /// <para type="description">Emit only findings of these rule ids (wildcards allowed, e.g. LS-RT-*). Opt-in rules (LS-CONFIG-011, function not in a VPC; LS-VULN-001, known-vulnerable packages, which downloads every function's package and layers; LS-DETECT-001..004, Amazon Inspector Lambda scanning and GuardDuty Lambda Protection per account and region) are reported only when a pattern here matches them, e.g. -Rule * or -Rule LS-VULN-001.</para>
    /// </summary>
    [Parameter]
    public string[]? Rule { get; set; }

    /// <summary>
    /// <para type="description">For LS-VULN-001: the base URL of the OSV API (default https://api.osv.dev), a mirror, or a local fake in tests.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNull]
    public Uri OsvUrl { get; set; } = new("https://api.osv.dev");

    /// <summary>
    /// <para type="description">For LS-VULN-001 without internet access: a local copy of OSV's data (an OSV &lt;Ecosystem&gt;/all.zip export, or a folder of them or of OSV records), read instead of -OsvUrl; see Find-LambdaVulnerability -OsvDataPath.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? OsvDataPath { get; set; }

    /// <summary>
    /// <para type="description">The date runtimes are judged at (default: today, UTC).</para>
    /// </summary>
    [Parameter]
    public DateTime? AsOf { get; set; }

    /// <summary>
    /// <para type="description">A runtime deprecated within this many days is reported as deprecated soon (default 180).</para>
    /// </summary>
    [Parameter]
    [ValidateRange(0, 3650)]
    public int WarningDays { get; set; } = 180;

    /// <summary>
    /// <para type="description">A file that makes the audit resumable. Each finished account and region is appended as one JSON line (account, region, time, and its findings with their evidence, which can quote policies), flushed when the region finishes. A new file is created readable and writable by its owner only (mode 0600 on Unix, an owner-only ACL on Windows); an existing file keeps its permissions. Running again with the same file skips the recorded accounts and regions and outputs their findings from the file (-Verbose names each); the others are audited, including a region that failed or was interrupted (it was never recorded). Delete the file to start over. The file must be a regular file: a FIFO, a device or a folder stops the audit before any AWS call (LambdaSec.CheckpointInvalid). If the file cannot be written during the run (made read-only, replaced by a folder, disk full), the audit goes on without recording and outputs every finding; one LambdaSec.CheckpointWriteFailed error says so.</para>
    /// </summary>
    [Parameter]
    public string? CheckpointPath { get; set; }

    /// <summary>
    /// <para type="description">Audit only shard i of n of the accounts ("i/n", 1 &lt;= i &lt;= n), so that n runs, on as many machines or containers, share an organization: an account belongs to shard (FNV-1a-32 of its id mod n) + 1, the same in every run. Write each shard's findings with Export-LambdaSecReport -Format Json and merge the files with Export-LambdaSecReport -InputPath. See docs/scale.md for a Step Functions template that runs the shards.</para>
    /// </summary>
    [Parameter]
    [ValidateShard]
    public string? Shard { get; set; }

    /// <summary>
    /// <para type="description">A suppression file (YAML or JSON; schema in docs/daily-audit.md and about_LambdaSec): accepted risks as entries with rules, a resource pattern (ARN or name glob), optional accounts and regions, a mandatory reason and an optional expiry date, plus an optional trustedAccounts list (added to -TrustedAccountId). Matching findings are still emitted, with Suppressed, SuppressionReason and SuppressedBy set, so reports show them apart. An expired entry suppresses nothing and gives a warning naming it. A file that breaks the schema stops the audit before any AWS call (LambdaSec.SuppressionInvalid, naming each file:line).</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SuppressionPath { get; set; }

    /// <summary>
    /// <para type="description">JSON reports of an earlier audit (Export-LambdaSecReport -Format Json; several files for an audit saved in shards). Each finding gets BaselineState New (no finding with its fingerprint in the baseline) or Existing, and BaselineDate (when the baseline was written), so a runbook can act on new findings only and the HTML report shows "new since".</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[]? BaselinePath { get; set; }

    protected override void BeginProcessing()
    {
        _rules = new RuleSelection(Rule);
        _asOf = AsOf ?? DateTime.UtcNow;
        _suppressions = AuditFileLoader.LoadSuppressions(this, SuppressionPath, _asOf);
        if (BaselinePath is not null)
        {
            var reports = AuditFileLoader.LoadReports(this, BaselinePath);
            _baseline = new HashSet<string>(reports.SelectMany(r => r.Findings).Select(f => f.Fingerprint), StringComparer.Ordinal);
            _baselineDate = reports.Select(r => r.GeneratedAt).Where(d => d is not null).Min();
        }

        _checkpoint = CheckpointPath is null ? null : LoadCheckpoint(GetUnresolvedProviderPathFromPSPath(CheckpointPath));
    }

    /// <summary>
    /// The checkpoint, read before any AWS call: a path that names a FIFO, a device or a folder (or a file that cannot
    /// be read) stops the audit with LambdaSec.CheckpointInvalid instead of blocking on it or failing half-way.
    /// </summary>
    private AuditCheckpoint LoadCheckpoint(string path)
    {
        try
        {
            return new AuditCheckpoint(path);
        }
        catch (Exception ex) when (ex is System.IO.IOException or UnauthorizedAccessException)
        {
            ThrowTerminatingError(new ErrorRecord(
                new System.IO.IOException($"-CheckpointPath: {ex.Message} Give a regular file, or the name of a new file in a folder you can write.", ex),
                ErrorIds.CheckpointInvalid,
                ErrorCategory.InvalidArgument,
                path));
            throw;
        }
    }

    protected override void EndProcessing()
    {
        var connection = ResolveConnection(Region?.FirstOrDefault());
        var home = connection.CreateSession();
        var organization = OrganizationCredential is null ? null : ResolveConnection(connection.Region, OrganizationCredential, nameof(OrganizationCredential)).CreateSession();
        var regions = AllRegions ? AwsRegions.InPartitionOf(connection.Region) : Region ?? [connection.Region];
        var checkpoint = _checkpoint;
        var trusted = new HashSet<string>((TrustedAccountId ?? []).Concat(_suppressions.TrustedAccounts), StringComparer.Ordinal);
        var advisories = _rules.Includes(AuditRules.VulnerableDependency.Id) ? VulnerabilityMatcher.SourceFor(OsvUrl, OsvDataPath is null ? null : GetUnresolvedProviderPathFromPSPath(OsvDataPath)) : null;
        var settings = new AuditSettings { AsOf = _asOf, WarningDays = WarningDays, Catalog = RuntimeCatalogLoader.Load(this, null), TrustedAccounts = trusted, Advisories = advisories, CheckDetectors = DetectorRules.Any(r => _rules.Includes(r.Id)) };
        using var bridge = new PipelineBridge();
        RunCollectors(bridge, async token =>
        {
            home.AccountId = (await new StsApi(home).GetCallerIdentityAsync(token).ConfigureAwait(false)).Account;
            var accounts = await new AccountResolver(home, bridge).ResolveAsync(AccountId, OrganizationRoleName, ExternalId, Shard is null ? null : AuditShard.Parse(Shard), token).ConfigureAwait(false);
            if ((OrganizationRoleName is not null || organization is not null) && _rules.Includes(AuditRules.RoleTakeover.Id))
            {
                settings.Roles.Scps = await OrganizationScpCollector.TryReadAsync(
                    organization ?? home,
                    bridge,
                    "Invoke-LambdaSecAudit",
                    null,
                    ex => bridge.Note($"Service control policies not read ({ex.ErrorCode ?? ex.ErrorId}: {ex.Message}); LS-ROLE-005 judges who can change a function without them."),
                    token).ConfigureAwait(false);
            }

            // A bounded window of account-regions, account by account, each account's roles let go after its last region.
            await new AccountRegionWindow(AccountRegionWindow.DefaultMaxInProgress).RunAsync(
                accounts,
                regions,
                (account, region) => AuditRegionAsync(account, region, settings, checkpoint, bridge, token),
                account => settings.Roles.Forget(account.AccountId),
                (done, total) => bridge.Progress("Invoke-LambdaSecAudit", $"{done} of {total} account-regions", done, total),
                token).ConfigureAwait(false);
        }, _cancel.Token);
    }

    protected override void StopProcessing() => _cancel.Cancel();

    public void Dispose() => _cancel.Dispose();

    internal override void WriteCollected(object item)
    {
        if (item is LambdaSecFinding finding && _rules.Includes(finding.RuleId))
        {
            var annotated = _suppressions.Apply(finding, _asOf);
            WriteObject(_baseline is null ? annotated : AuditComparison.Tag(annotated, _baseline, _baselineDate));
        }
    }

    private async Task AuditRegionAsync(AuditedAccount account, string region, AuditSettings settings, AuditCheckpoint? checkpoint, PipelineBridge sink, CancellationToken token)
    {
        if (checkpoint?.Completed(account.AccountId, region) is { } replay)
        {
            sink.Note($"{account.AccountId} {region}: finished in an earlier run; {replay.Count} findings replayed from the checkpoint.");
            foreach (var finding in replay)
            {
                sink.Result(finding);
            }

            return;
        }

        var auditor = new RegionAuditor(account.Session.ForRegion(region), sink, settings, keepFindings: checkpoint is not null);
        try
        {
            await auditor.AuditAsync(token).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (AllRegions && AwsRegions.IsRegionNotEnabled(ex.ErrorCode))
        {
            sink.Note($"Region {region} was skipped for account {account.AccountId}: it is not enabled ({ex.ErrorCode}).");
            Record(checkpoint, sink, account.AccountId, region, []);
            return;
        }
        catch (AwsServiceException ex)
        {
            // The region's findings so far are kept, but it is not checkpointed: a resumed run audits it again.
            sink.Error($"{account.AccountId} {region}", ex);
            sink.Result(AuditRules.RegionNotAudited.Finding(new FindingSubject(account.AccountId, region, null, null), $"{ex.Operation} failed: {ex.ErrorCode ?? ex.ErrorId} ({ex.Message})", "Give the audit role the read permissions listed in docs/aws-access.md for this region, then run the audit again."));
            return;
        }

        Record(checkpoint, sink, account.AccountId, region, auditor.Findings);
    }

    /// <summary>
    /// Records a finished account and region. A checkpoint that cannot be written does not stop the audit: its findings
    /// were already output, the failure is one LambdaSec.CheckpointWriteFailed error, and later regions are not recorded.
    /// </summary>
    private void Record(AuditCheckpoint? checkpoint, PipelineBridge sink, string accountId, string region, IReadOnlyList<LambdaSecFinding> findings)
    {
        if (checkpoint?.Record(accountId, region, findings) is { } failure)
        {
            sink.Failure(
                CheckpointPath!,
                ErrorIds.CheckpointWriteFailed,
                ErrorCategory.WriteError,
                new System.IO.IOException($"-CheckpointPath: {accountId} {region} could not be recorded ({failure.Message}). The audit goes on without recording and still outputs every finding; a run with this checkpoint would audit again each account and region not recorded. Make the file writable, or give a new -CheckpointPath, before the next run.", failure));
        }
    }
}
