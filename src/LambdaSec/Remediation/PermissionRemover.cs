using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Collect;
using LambdaSec.Model;

namespace LambdaSec.Remediation;

/// <summary>
/// Removes policy statements safely (DESIGN.md §6): each statement is backed up and flushed before its
/// RemovePermission, which names the policy's RevisionId. When the policy changed meanwhile (PreconditionFailed)
/// it is read and classified again, and the removal is retried only if the very statement that was planned (same
/// Sid, same content) is still there and still in scope; a statement added concurrently is never removed unseen.
/// A statement already gone counts as removed, so a second run finds nothing to do.
/// </summary>
public sealed class PermissionRemover
{
    /// <summary>How many concurrent changes to one policy are tolerated before the statement is reported instead.</summary>
    private const int MaxAttempts = 5;

    private readonly AwsSession _session;
    private readonly LambdaApi _lambda;
    private readonly RemovalScope _scope;
    private readonly BackupFile _backup;
    private readonly ICollectorSink _sink;

    public PermissionRemover(AwsSession session, RemovalScope scope, BackupFile backup, ICollectorSink sink)
    {
        _session = session;
        _lambda = new LambdaApi(session);
        _scope = scope;
        _backup = backup;
        _sink = sink;
    }

    /// <summary>The statements in scope, reading the policy of each target that came without one. A target that fails is a non-terminating error.</summary>
    public async Task<IReadOnlyList<PlannedRemoval>> PlanAsync(IReadOnlyList<FunctionTarget> targets, CancellationToken cancellationToken)
    {
        var plans = await PerFunction.RunAsync(targets, t => t.Key, async target =>
        {
            var policy = target.Snapshot ?? await LivePolicy.ReadAsync(_lambda, _session.AccountId, target.FunctionName, target.Qualifier, target.TrustedAccounts, cancellationToken).ConfigureAwait(false);
            foreach (var left in _scope.NamedButOutOfScope(policy.Statements, target))
            {
                _sink.Note($"Statement '{left.Sid}' of {target.Key} is {left.Exposure}, outside the levels in scope; it is left as it is.");
            }

            var read = target with { Snapshot = policy };
            return policy.Statements.Where(s => _scope.Includes(s, target)).Select(s => new PlannedRemoval(read, s)).ToList();
        }, _sink, $"Reading policies ({_session.AccountId} {_session.Region})", cancellationToken).ConfigureAwait(false);
        return plans.SelectMany(p => p).ToList();
    }

    /// <summary>Removes the approved statements; each removed one is a <see cref="LambdaPermissionRemoval"/> result.</summary>
    public async Task RemoveAsync(IReadOnlyList<PlannedRemoval> approved, CancellationToken cancellationToken)
    {
        var byFunction = approved.GroupBy(p => p.Target.Key).ToList();
        await PerFunction.RunAsync(byFunction, g => g.Key, async group =>
        {
            // The first statement can use the revision it was read at; after a removal the revision is new and unknown.
            var known = group.First().Target.Snapshot;
            foreach (var planned in group)
            {
                await RemoveOneAsync(planned, known, cancellationToken).ConfigureAwait(false);
                known = null;
            }

            return 0;
        }, _sink, $"Removing statements ({_session.AccountId} {_session.Region})", cancellationToken).ConfigureAwait(false);
    }

    private async Task RemoveOneAsync(PlannedRemoval planned, LivePolicy? current, CancellationToken cancellationToken)
    {
        var target = planned.Target;
        var sid = planned.Statement.Sid!;
        var attempted = false;
        for (var attempt = 1; attempt <= MaxAttempts; attempt++)
        {
            current ??= await LivePolicy.ReadAsync(_lambda, _session.AccountId, target.FunctionName, target.Qualifier, target.TrustedAccounts, cancellationToken).ConfigureAwait(false);
            var live = current.Find(sid);
            if (live is null)
            {
                // Gone: removed by our own earlier attempt whose answer was lost, or by someone else. Either way it is backed up only if we tried.
                if (attempted) _sink.Result(Record(planned, current.RevisionId));
                else _sink.Note($"Statement '{sid}' of {target.Key} is no longer in the policy; nothing to remove.");
                return;
            }

            if (!StatementJson.AreEquivalent(live.Json, planned.Statement.Json) || !_scope.Includes(live, target))
            {
                _sink.Problem(target.Key, ErrorIds.StatementChanged, $"Statement '{sid}' of {target.Key} changed since it was read (now: {live.Json}); it was left as it is. Read the function again (Get-LambdaExposure) and decide on the new statement.");
                return;
            }

            if (!attempted)
            {
                _backup.Append(Backup(planned, current.RevisionId));
                attempted = true;
            }

            try
            {
                await _lambda.RemovePermissionAsync(target.FunctionName, sid, current.RevisionId, target.Qualifier, cancellationToken).ConfigureAwait(false);
                _sink.Result(Record(planned, current.RevisionId));
                return;
            }
            catch (AwsServiceException ex) when (ex.ErrorId is ErrorIds.PreconditionFailed or ErrorIds.ResourceNotFound)
            {
                // The policy changed (or the statement or function went away): read it again and decide on what is there now.
                _sink.Note($"{target.Key}: {ex.ErrorCode ?? ex.ErrorId} while removing '{sid}'; reading the policy again.");
                current = null;
            }
        }

        _sink.Problem(target.Key, ErrorIds.PreconditionFailed, $"The policy of {target.Key} kept changing while statement '{sid}' was being removed ({MaxAttempts} attempts); it was left as it is. Run the command again.");
    }

    private BackupEntry Backup(PlannedRemoval planned, string? revisionId) => new()
    {
        Kind = BackupEntry.PermissionKind,
        Timestamp = DateTimeOffset.UtcNow,
        AccountId = _session.AccountId,
        Region = _session.Region,
        FunctionName = planned.Target.FunctionName,
        FunctionArn = planned.Target.FunctionArn,
        Qualifier = planned.Target.Qualifier,
        StatementId = planned.Statement.Sid,
        Statement = planned.Statement.Json,
        RevisionId = revisionId,
    };

    private LambdaPermissionRemoval Record(PlannedRemoval planned, string? revisionId) => new()
    {
        AccountId = _session.AccountId,
        Region = _session.Region,
        FunctionName = planned.Target.FunctionName,
        FunctionArn = planned.Target.FunctionArn,
        Qualifier = planned.Target.Qualifier,
        StatementId = planned.Statement.Sid!,
        Exposure = planned.Statement.Exposure,
        Principals = planned.Statement.Principals,
        Conditions = planned.Statement.Conditions,
        Statement = planned.Statement.Json,
        RevisionId = revisionId,
        BackupPath = _backup.Path,
        RemovedAt = DateTimeOffset.UtcNow,
    };
}
