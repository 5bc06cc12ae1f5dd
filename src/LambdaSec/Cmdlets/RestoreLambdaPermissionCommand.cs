using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using LambdaSec.Analysis.Exposure;
using LambdaSec.Model;
using LambdaSec.Remediation;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Puts back the policy statements and function URL auth types that Remove-LambdaPublicPermission and Set-LambdaFunctionUrlAuth backed up.</para>
/// <para type="description">Restore-LambdaPermission reads a backup file (or the records those cmdlets emit with -PassThru) and re-creates each statement with AddPermission, mapping the statement back to its parameters: the principal (service, account or *), SourceArn (ArnLike/ArnEquals AWS:SourceArn), SourceAccount, PrincipalOrgID, FunctionUrlAuthType, EventSourceToken, the action, the qualifier and the statement id. Function URL entries get their previous AuthType back. One cmdlet restores both kinds, as one backup file can hold both; -Kind limits it to one.</para>
/// <para type="description">A statement already in the policy with the same Sid and content is skipped (Status AlreadyPresent), so a restore can be run again. A different statement under the same Sid is reported (LambdaSec.StatementConflict) and left alone. A statement that AddPermission cannot write (NotPrincipal, a Federated principal, several principals or actions, a condition such as aws:SourceIp) is reported as LambdaSec.StatementNotRestorable with its JSON, never approximated.</para>
/// </summary>
/// <example>
/// <code>Restore-LambdaPermission -BackupPath ~/.local/share/LambdaSec/backups/lambdasec-20260101-120000-000.jsonl -WhatIf</code>
/// <para>Shows every statement and URL setting the backup would put back.</para>
/// </example>
/// <example>
/// <code>Get-LambdaExposure -Region us-east-1 | Remove-LambdaPublicPermission -PassThru -Confirm:$false | Where-Object FunctionName -eq orders | Restore-LambdaPermission -Confirm:$false</code>
/// <para>Removes the public statements, then puts back those of the orders function from the removal records.</para>
/// </example>
/// <example>
/// <code>Restore-LambdaPermission -BackupPath ./backup.jsonl -FunctionName orders, billing -Kind Permission</code>
/// <para>Restores only the statements of two functions from a backup file.</para>
/// </example>
[Cmdlet(VerbsData.Restore, "LambdaPermission", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = PathSet)]
[OutputType(typeof(LambdaRestoreResult))]
public sealed class RestoreLambdaPermissionCommand : LambdaSecRemediationCmdlet
{
    private const string PathSet = nameof(BackupPath);
    private const string InputObjectSet = nameof(InputObject);

    private readonly List<BackupEntry> _entries = [];

    /// <summary>
    /// <para type="description">The JSON-lines backup file written by Remove-LambdaPublicPermission or Set-LambdaFunctionUrlAuth.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ParameterSetName = PathSet)]
    public string BackupPath { get; set; } = string.Empty;

    /// <summary>
    /// <para type="description">Records emitted by Remove-LambdaPublicPermission -PassThru or Set-LambdaFunctionUrlAuth -PassThru.</para>
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public PSObject[] InputObject { get; set; } = [];

    /// <summary>
    /// <para type="description">Restore only the entries of these functions (names; wildcards allowed).</para>
    /// </summary>
    [Parameter(ParameterSetName = PathSet)]
    public string[]? FunctionName { get; set; }

    /// <summary>
    /// <para type="description">Restore only policy statements (Permission) or only function URL auth types (FunctionUrl); both by default.</para>
    /// </summary>
    [Parameter]
    [ValidateSet(BackupEntry.PermissionKind, BackupEntry.FunctionUrlKind)]
    public string[] Kind { get; set; } = [BackupEntry.PermissionKind, BackupEntry.FunctionUrlKind];

    /// <summary>
    /// <para type="description">Restores grants that open a function to anyone (a Public statement, a function URL back to AuthType NONE) without asking. Without it each such grant asks for confirmation (ShouldContinue), even with -Confirm:$false, since a backup may come from someone else.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter Force { get; set; }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == PathSet)
        {
            _entries.AddRange(ReadBackup().Where(e => FunctionName is null || FunctionName.Any(n => new WildcardPattern(n, WildcardOptions.IgnoreCase).IsMatch(e.FunctionName))));
            return;
        }

        foreach (var record in InputObject)
        {
            if (FromRecord(record.BaseObject) is { } entry)
            {
                _entries.Add(entry);
            }
            else
            {
                WriteError(new ErrorRecord(new ArgumentException($"'{record}' is not a record of Remove-LambdaPublicPermission or Set-LambdaFunctionUrlAuth; it was skipped. Pipe their -PassThru output, or use -BackupPath."), ErrorIds.InvalidBackupRecord, ErrorCategory.InvalidArgument, record));
            }
        }
    }

    protected override void EndProcessing()
    {
        var approved = _entries.Where(e => Kind.Contains(e.Kind, StringComparer.Ordinal) && IsConsistent(e) && IsRestorable(e) && ShouldProcess(Describe(e.FunctionName, e.Qualifier, e.Region), Action(e)) && MayOpen(e)).ToList();
        var source = ParameterSetName == PathSet ? GetUnresolvedProviderPathFromPSPath(BackupPath) : null;
        RunPerRegion(approved, BackupEntryCheck.RegionOf, BackupEntryCheck.AccountOf, e => e.Target, (session, entries, bridge, token) =>
            new PermissionRestorer(session, bridge, source).RestoreAsync(entries, token));
    }

    private IReadOnlyList<BackupEntry> ReadBackup()
    {
        var path = GetUnresolvedProviderPathFromPSPath(BackupPath);
        try
        {
            return BackupFile.Read(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            ThrowTerminatingError(new ErrorRecord(new IOException($"The backup '{path}' cannot be read: {ex.Message} Give the file that Remove-LambdaPublicPermission or Set-LambdaFunctionUrlAuth wrote (their records carry it as BackupPath).", ex), ErrorIds.BackupInvalid, ex is FileNotFoundException or DirectoryNotFoundException ? ErrorCategory.ObjectNotFound : ErrorCategory.InvalidData, path));
            throw;
        }
    }

    private bool IsConsistent(BackupEntry entry)
    {
        if (BackupEntryCheck.Inconsistency(entry) is not { } reason)
        {
            return true;
        }

        WriteError(new ErrorRecord(new InvalidDataException(DisplayText.Neutralise($"The backup line for {entry.Target} was not restored: {reason}. A backup that contradicts itself may have been altered; check where it came from.")), ErrorIds.InvalidBackupRecord, ErrorCategory.InvalidData, entry.Target));
        return false;
    }

    private bool MayOpen(BackupEntry entry) =>
        Force || BackupEntryCheck.OpensToAnyone(entry) is not { } opens
        || ShouldContinue(DisplayText.Neutralise($"Restoring {entry.Target} {opens}. Restore it?"), "Restore a grant to anyone");

    private bool IsRestorable(BackupEntry entry)
    {
        if (entry.Kind != BackupEntry.PermissionKind || AddPermissionParameters.From(entry.Statement!, out var reason) is not null)
        {
            return true;
        }

        WriteError(new ErrorRecord(new InvalidOperationException(DisplayText.Neutralise($"Statement '{entry.StatementId}' of {entry.Target} cannot be re-created with AddPermission: {reason} Re-create it by hand from its JSON: {entry.Statement}")), ErrorIds.StatementNotRestorable, ErrorCategory.InvalidData, entry.Target));
        return false;
    }

    // A backup may come from someone else: what the prompt shows is neutralised (DisplayText).
    private static string Action(BackupEntry entry) => DisplayText.Neutralise(entry.Kind == BackupEntry.FunctionUrlKind
        ? $"Set the function URL's AuthType back to {entry.AuthType}"
        : $"Re-add statement '{entry.StatementId}' {entry.Statement}");

    private static BackupEntry? FromRecord(object record) => record switch
    {
        LambdaPermissionRemoval removal => new BackupEntry
        {
            Kind = BackupEntry.PermissionKind,
            AccountId = removal.AccountId,
            Region = removal.Region,
            FunctionName = removal.FunctionName,
            FunctionArn = removal.FunctionArn,
            Qualifier = removal.Qualifier,
            StatementId = removal.StatementId,
            Statement = removal.Statement,
            RevisionId = removal.RevisionId,
            Timestamp = removal.RemovedAt,
        },
        LambdaFunctionUrlAuthChange change => new BackupEntry
        {
            Kind = BackupEntry.FunctionUrlKind,
            AccountId = change.AccountId,
            Region = change.Region,
            FunctionName = change.FunctionName,
            Qualifier = change.Qualifier,
            AuthType = change.PreviousAuthType,
            Url = change.Url,
            Timestamp = change.ChangedAt,
        },
        _ => null,
    };
}
