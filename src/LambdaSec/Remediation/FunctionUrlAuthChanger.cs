using System;
using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Collect;
using LambdaSec.Model;

namespace LambdaSec.Remediation;

/// <summary>
/// Sets the AuthType of function URLs, backing up the previous value (kind FunctionUrl) and flushing it before
/// UpdateFunctionUrlConfig. A URL that already has the AuthType is left alone, so a second run changes nothing.
/// </summary>
public sealed class FunctionUrlAuthChanger
{
    private readonly AwsSession _session;
    private readonly LambdaApi _lambda;
    private readonly BackupFile _backup;
    private readonly ICollectorSink _sink;

    public FunctionUrlAuthChanger(AwsSession session, BackupFile backup, ICollectorSink sink)
    {
        _session = session;
        _lambda = new LambdaApi(session);
        _backup = backup;
        _sink = sink;
    }

    /// <summary>Each change is a <see cref="LambdaFunctionUrlAuthChange"/> result.</summary>
    public Task ChangeAsync(IReadOnlyList<FunctionTarget> targets, string authType, CancellationToken cancellationToken) =>
        PerFunction.RunAsync(targets, t => t.Key, async target =>
        {
            var current = await _lambda.GetFunctionUrlConfigAsync(target.FunctionName, target.Qualifier, cancellationToken).ConfigureAwait(false);
            if (string.Equals(current.AuthType, authType, StringComparison.Ordinal))
            {
                _sink.Note($"The function URL of {target.Key} already has AuthType {authType}; nothing to change.");
                return 0;
            }

            _backup.Append(new BackupEntry
            {
                Kind = BackupEntry.FunctionUrlKind,
                Timestamp = DateTimeOffset.UtcNow,
                AccountId = _session.AccountId,
                Region = _session.Region,
                FunctionName = target.FunctionName,
                FunctionArn = target.FunctionArn,
                Qualifier = target.Qualifier,
                AuthType = current.AuthType,
                Url = current.FunctionUrl,
            });
            var updated = await _lambda.UpdateFunctionUrlConfigAsync(target.FunctionName, new Dictionary<string, object?> { ["AuthType"] = authType }, target.Qualifier, cancellationToken).ConfigureAwait(false);
            _sink.Result(new LambdaFunctionUrlAuthChange
            {
                AccountId = _session.AccountId,
                Region = _session.Region,
                FunctionName = target.FunctionName,
                Qualifier = target.Qualifier,
                Url = current.FunctionUrl,
                PreviousAuthType = current.AuthType,
                AuthType = updated.AuthType,
                BackupPath = _backup.Path,
                ChangedAt = DateTimeOffset.UtcNow,
            });
            return 0;
        }, _sink, $"Setting function URL auth ({_session.AccountId} {_session.Region})", cancellationToken);
}
