using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using LambdaSec.Model;
using LambdaSec.Remediation;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Removes the resource-policy statements that let anyone invoke a Lambda function, with a backup and without touching the function's other grants.</para>
/// <para type="description">Remove-LambdaPublicPermission takes the output of Get-LambdaExposure, or functions by name (it then reads their policies itself), and removes the statements whose level is Public; -Exposure widens that to ServiceUnrestricted and CrossAccount statements (grants to -TrustedAccountId accounts are Organization, as in Get-LambdaExposure, and kept), and no other level is ever touched, so the API Gateway, S3 or EventBridge triggers that share the policy keep working. -StatementId limits the removal to the named statements.</para>
/// <para type="description">It is safe to run at scale: each statement is written to a JSON-lines backup file and flushed to disk before its RemovePermission call; the call names the policy's RevisionId, so a policy changed meanwhile is read and classified again, and only the very statement that was confirmed is removed (a statement added concurrently is never removed unseen). Throttling, 5xx answers and dropped connections are retried by the access layer. A function that fails (deleted, access denied) is a non-terminating error and the others go on. Running it again finds nothing to remove. Restore-LambdaPermission -BackupPath puts the statements back.</para>
/// <para type="description">The default backup file is new for each run, under $env:LOCALAPPDATA\LambdaSec\backups on Windows and $XDG_DATA_HOME/LambdaSec/backups (~/.local/share/LambdaSec/backups) elsewhere; -PassThru emits one record per removed statement with its BackupPath.</para>
/// </summary>
/// <example>
/// <code>Get-LambdaExposure -Region us-east-1 | Remove-LambdaPublicPermission -WhatIf</code>
/// <para>Shows, for every function of us-east-1, each public statement that would be removed, with its principal and conditions; nothing is changed.</para>
/// </example>
/// <example>
/// <code>Get-LambdaExposure -Region us-east-1 -ExposureAtLeast CrossAccount | Remove-LambdaPublicPermission -Exposure Public, ServiceUnrestricted -BackupPath ./backup.jsonl -PassThru -Confirm:$false</code>
/// <para>Removes the public and the unpinned service statements without asking, writes the backup to ./backup.jsonl and lists what was removed.</para>
/// </example>
/// <example>
/// <code>Remove-LambdaPublicPermission -FunctionName orders -StatementId FunctionURLAllowPublicAccess -Region eu-west-1</code>
/// <para>Reads the policy of the orders function and removes the named statement, if it is public.</para>
/// </example>
[Cmdlet(VerbsCommon.Remove, "LambdaPublicPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(LambdaPermissionRemoval))]
public sealed class RemoveLambdaPublicPermissionCommand : LambdaSecFunctionChangeCmdlet
{
    private readonly List<FunctionTarget> _targets = [];

    /// <summary>
    /// <para type="description">Remove only these statements (Sids); a named statement outside the levels of -Exposure is still left alone.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByNameSet)]
    [Alias("Sid")]
    public string[]? StatementId { get; set; }

    /// <summary>
    /// <para type="description">The levels to remove: Public (the default), ServiceUnrestricted (a service principal without an account pin: confused deputy) and CrossAccount. Other levels are never removed.</para>
    /// </summary>
    [Parameter]
    [ValidateSet(nameof(ExposureLevel.Public), nameof(ExposureLevel.ServiceUnrestricted), nameof(ExposureLevel.CrossAccount))]
    public ExposureLevel[] Exposure { get; set; } = [ExposureLevel.Public];

    /// <summary>
    /// <para type="description">Accounts you trust, as Get-LambdaExposure -TrustedAccountId and Invoke-LambdaSecAudit -TrustedAccountId judge them: a grant whose accounts are all the owner or trusted accounts is Organization, not CrossAccount, so -Exposure CrossAccount keeps it. Policies are then read again and judged with this list (piped objects keep the trusted accounts they were judged with in any case).</para>
    /// </summary>
    [Parameter]
    [ValidateAccountId]
    public string[]? TrustedAccountId { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is { } exposure)
        {
            var trusted = (TrustedAccountId ?? []).Concat(exposure.TrustedAccounts).Distinct(StringComparer.Ordinal).ToArray();
            // With a trusted list of its own the policy is judged again, as a named function's is: a snapshot judged without it would remove trusted grants.
            _targets.Add(TargetOf(exposure) with { Snapshot = TrustedAccountId is null ? LivePolicy.Of(exposure) : null, TrustedAccounts = trusted });
            return;
        }

        _targets.Add(NamedTarget() with { StatementIds = StatementId, TrustedAccounts = TrustedAccountId });
    }

    protected override void EndProcessing()
    {
        var scope = new RemovalScope(Exposure);
        using var backup = OpenBackup(BackupPath);
        var planned = new List<PlannedRemoval>();
        RunPerRegion(_targets, t => t.Region, t => t.AccountId, t => t.Key, async (session, targets, bridge, token) =>
        {
            var plan = await new PermissionRemover(session, scope, backup, bridge).PlanAsync(targets, token).ConfigureAwait(false);
            lock (planned) planned.AddRange(plan);
        });

        // Confirmation happens here, on the pipeline thread, for exactly the statement content that will be removed.
        var approved = planned
            .OrderBy(p => p.Target.Region).ThenBy(p => p.Target.Key).ThenBy(p => p.Statement.Sid)
            .Where(p => ShouldProcess(Describe(p.Target.FunctionName, p.Target.Qualifier, p.Target.Region), Action(p.Statement)))
            .ToList();
        RunPerRegion(approved, p => p.Target.Region, _ => null, p => p.Target.Key, (session, removals, bridge, token) =>
            new PermissionRemover(session, scope, backup, bridge).RemoveAsync(removals, token));
    }

    private static string Action(StatementExposure statement)
    {
        var conditions = statement.Conditions.Length == 0 ? "no conditions" : "conditions " + string.Join("; ", statement.Conditions);
        return DisplayText.Neutralise($"Remove {statement.Exposure} statement '{statement.Sid}' (principal {string.Join(", ", statement.Principals)}; actions {string.Join(", ", statement.Actions)}; {conditions})");
    }
}
