using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Exposure;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Collect;
using LambdaSec.Model;

namespace LambdaSec.Remediation;

/// <summary>
/// Puts back what a backup holds: each statement through AddPermission (the parameters read back from the statement
/// JSON), each function URL's AuthType through UpdateFunctionUrlConfig. What is already in place is skipped, so a
/// restore can run again; a statement whose Sid now holds something else is reported, never overwritten.
/// </summary>
public sealed class PermissionRestorer
{
    /// <summary>How many concurrent changes to one policy are tolerated before the statement is reported instead.</summary>
    private const int MaxAttempts = 5;

    private readonly AwsSession _session;
    private readonly LambdaApi _lambda;
    private readonly ICollectorSink _sink;
    private readonly string? _backupPath;

    public PermissionRestorer(AwsSession session, ICollectorSink sink, string? backupPath)
    {
        _session = session;
        _lambda = new LambdaApi(session);
        _sink = sink;
        _backupPath = backupPath;
    }

    /// <summary>Restores the entries (checked beforehand with <see cref="AddPermissionParameters.From"/>); entries of one function go in order.</summary>
    public Task RestoreAsync(IReadOnlyList<BackupEntry> entries, CancellationToken cancellationToken) =>
        PerFunction.RunAsync(entries.GroupBy(e => e.Target).ToList(), g => g.Key, async group =>
        {
            foreach (var entry in group)
            {
                if (entry.Kind == BackupEntry.FunctionUrlKind)
                {
                    await RestoreUrlAsync(entry, cancellationToken).ConfigureAwait(false);
                }
                else
                {
                    await RestoreStatementAsync(entry, cancellationToken).ConfigureAwait(false);
                }
            }

            return 0;
        }, _sink, $"Restoring ({_session.AccountId} {_session.Region})", cancellationToken);

    private async Task RestoreStatementAsync(BackupEntry entry, CancellationToken cancellationToken)
    {
        var parameters = AddPermissionParameters.From(entry.Statement!, out _)!.ToDictionary(p => p.Key, p => p.Value);
        var sid = (string)parameters["StatementId"]!;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            var current = await LivePolicy.ReadAsync(_lambda, _session.AccountId, entry.FunctionName, entry.Qualifier, null, cancellationToken).ConfigureAwait(false);
            if (current.Find(sid) is { } existing)
            {
                if (StatementJson.AreEquivalent(existing.Json, entry.Statement))
                {
                    _sink.Result(Result(entry, sid, "AlreadyPresent", existing.Json));
                }
                else
                {
                    _sink.Problem(entry.Target, ErrorIds.StatementConflict, $"{entry.Target} already has a statement '{sid}' that differs from the backup ({existing.Json}); it was left as it is. Remove it (Remove-LMPermission) and restore again to put the backed-up one back.");
                }

                return;
            }

            parameters["RevisionId"] = current.RevisionId;
            try
            {
                var added = await _lambda.AddPermissionAsync(entry.FunctionName, parameters, entry.Qualifier, cancellationToken).ConfigureAwait(false);
                _sink.Result(Result(entry, sid, "Restored", added ?? entry.Statement!));
                return;
            }
            catch (AwsServiceException ex) when (ex.ErrorId == ErrorIds.PreconditionFailed || ex.ErrorCode == "ResourceConflictException")
            {
                // The policy changed, or an earlier attempt whose answer was lost already added it: read again and decide.
                _sink.Note($"{entry.Target}: {ex.ErrorCode ?? ex.ErrorId} while restoring '{sid}'; reading the policy again.");
            }
        }

        _sink.Problem(entry.Target, ErrorIds.PreconditionFailed, $"The policy of {entry.Target} kept changing while statement '{sid}' was being restored ({MaxAttempts} attempts). Run the command again.");
    }

    private async Task RestoreUrlAsync(BackupEntry entry, CancellationToken cancellationToken)
    {
        var current = await _lambda.GetFunctionUrlConfigAsync(entry.FunctionName, entry.Qualifier, cancellationToken).ConfigureAwait(false);
        if (string.Equals(current.AuthType, entry.AuthType, StringComparison.Ordinal))
        {
            _sink.Result(Result(entry, null, "AlreadyPresent", current.AuthType));
            return;
        }

        var updated = await _lambda.UpdateFunctionUrlConfigAsync(entry.FunctionName, new Dictionary<string, object?> { ["AuthType"] = entry.AuthType }, entry.Qualifier, cancellationToken).ConfigureAwait(false);
        _sink.Result(Result(entry, null, "Restored", updated.AuthType));
    }

    private LambdaRestoreResult Result(BackupEntry entry, string? statementId, string status, string restored) => new()
    {
        AccountId = _session.AccountId,
        Region = _session.Region,
        FunctionName = entry.FunctionName,
        Qualifier = entry.Qualifier,
        Kind = entry.Kind,
        StatementId = statementId,
        Status = status,
        Restored = restored,
        BackupPath = _backupPath,
    };
}
