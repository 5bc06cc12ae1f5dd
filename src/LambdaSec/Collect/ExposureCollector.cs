using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.EntryPoints;
using LambdaSec.Analysis.Exposure;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Aws.Shapes;
using LambdaSec.Model;

namespace LambdaSec.Collect;

/// <summary>
/// Collects the exposure of the functions of one account and region: one ListFunctions pass (or one
/// GetFunctionConfiguration per named function), then per function its aliases, its and their policies, and its
/// URL configs (with <see cref="UrlsOnlyWhereReachable"/> only where a policy lets someone outside in), while the region's API Gateway and load balancer facts are read once and
/// joined in memory. Functions run concurrently; the access layer's rate limiter keeps calls under quota.
/// </summary>
public sealed class ExposureCollector
{
    private readonly AwsSession _session;
    private readonly LambdaApi _lambda;
    private readonly ICollectorSink _sink;

    public ExposureCollector(AwsSession session, ICollectorSink sink)
    {
        _session = session;
        _lambda = new LambdaApi(session);
        _sink = sink;
    }

    /// <summary>Also read each published version's policy (one more call per version).</summary>
    public bool IncludeVersions { get; init; }

    /// <summary>
    /// The verdict-only plan (the audit's): function URL configs are read only for functions whose own or aliases'
    /// policy admits someone outside the account (<see cref="FunctionExposureAnalyzer.UrlCanMatter"/>); the others
    /// come out without FunctionUrl, since no one outside the account can call their URL. Saves one call per function.
    /// </summary>
    public bool UrlsOnlyWhereReachable { get; init; }

    /// <summary>Accounts whose grants count like the owner's organization (-TrustedAccountId).</summary>
    public IReadOnlyCollection<string> TrustedAccounts { get; init; } = [];

    /// <summary>How many functions of this region are read at once.</summary>
    public int Parallelism { get; init; } = 16;

    public async Task CollectAsync(IReadOnlyList<FunctionRef>? functions, CancellationToken cancellationToken)
    {
        var entryTask = EntryPointsAsync(cancellationToken);
        var targets = await new FunctionLookup(_lambda, _sink).FindAsync(functions, cancellationToken).ConfigureAwait(false);
        await CollectAsync(targets, entryTask, cancellationToken).ConfigureAwait(false);
    }

    /// <summary>For callers that listed the functions already (the audit lists once and runs several checks).</summary>
    public Task CollectAsync(IReadOnlyList<LambdaFunctionConfiguration> functions, CancellationToken cancellationToken) =>
        CollectAsync(functions.Select(f => (f, (string?)null)).ToList(), EntryPointsAsync(cancellationToken), cancellationToken);

    private async Task<(ILookup<string, EntryPoint> Lookup, List<string> Unknowns)> EntryPointsAsync(CancellationToken cancellationToken)
    {
        var collector = new EntryPointCollector(_session);
        var facts = await collector.CollectAsync(cancellationToken).ConfigureAwait(false);
        return (EntryPointResolver.Resolve(facts, _session.Region), collector.Unknowns.Select(u => "EntryPoints: " + u).ToList());
    }

    private async Task CollectAsync(IReadOnlyList<(LambdaFunctionConfiguration Configuration, string? Qualifier)> targets, Task<(ILookup<string, EntryPoint> Lookup, List<string> Unknowns)> entryTask, CancellationToken cancellationToken)
    {
        var activity = $"Get-LambdaExposure {_session.AccountId} {_session.Region}";
        var (entryPoints, regionUnknowns) = await entryTask.ConfigureAwait(false);
        var done = 0;
        using var gate = new SemaphoreSlim(Parallelism);
        await Task.WhenAll(targets.Select(async target =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await CollectFunctionAsync(target.Configuration, target.Qualifier, entryPoints, regionUnknowns, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex)
            {
                _sink.Error(target.Configuration.FunctionName, ex);
            }
            finally
            {
                gate.Release();
                var count = Interlocked.Increment(ref done);
                _sink.Progress(activity, $"{count} of {targets.Count} functions", count, targets.Count);
            }
        })).ConfigureAwait(false);
    }

    private async Task CollectFunctionAsync(LambdaFunctionConfiguration function, string? onlyQualifier, ILookup<string, EntryPoint> entryPoints, List<string> regionUnknowns, CancellationToken cancellationToken)
    {
        var name = function.FunctionName;
        var unknowns = new List<string>(regionUnknowns);
        // The alias listing also tells whether the function still exists: ResourceNotFound there means it was deleted mid-run.
        IEnumerable<string?> qualifiers = onlyQualifier is null ? (await QualifiersAsync(name, unknowns, cancellationToken).ConfigureAwait(false)).Prepend(null) : [onlyQualifier];
        var policies = new List<(string? Qualifier, LambdaFunctionPolicy? Policy)>();
        foreach (var qualifier in qualifiers)
        {
            // No policy (ResourceNotFound) is null; a deleted function was caught by the alias listing.
            policies.Add((qualifier, await _lambda.GetPolicyOrNullAsync(name, qualifier, cancellationToken).ConfigureAwait(false)));
        }

        var readUrls = !UrlsOnlyWhereReachable || policies.Any(p => FunctionExposureAnalyzer.UrlCanMatter(p.Policy?.Policy, _session.AccountId, name));
        IReadOnlyList<LambdaFunctionUrlConfig>? urls = readUrls ? await UrlConfigsAsync(name, unknowns, cancellationToken).ConfigureAwait(false) : [];
        foreach (var (qualifier, policy) in policies)
        {
            if (qualifier is not null && policy is null && onlyQualifier is null)
            {
                // An alias or version without a policy of its own is covered by the function's object.
                continue;
            }

            var arn = qualifier is null ? function.FunctionArn : $"{function.FunctionArn}:{qualifier}";
            var url = urls?.FirstOrDefault(u => string.Equals(EntryPointResolver.SplitQualifier(u.FunctionArn).Qualifier, qualifier, StringComparison.Ordinal));
            var facts = new FunctionFacts
            {
                AccountId = _session.AccountId,
                Region = _session.Region,
                FunctionName = name,
                FunctionArn = arn,
                Qualifier = qualifier,
                PolicyJson = policy?.Policy,
                RevisionId = policy?.RevisionId,
                Url = url is null ? null : new FunctionUrlFacts(url.FunctionUrl, url.AuthType, url.AllowOrigins, url.AllowCredentials == true),
                VpcId = function.VpcId,
                SubnetIds = function.SubnetIds,
                SecurityGroupIds = function.SecurityGroupIds,
                TrustedAccounts = TrustedAccounts,
                Unknowns = unknowns,
            };
            var exposure = FunctionExposureAnalyzer.Analyze(facts, EntryPointResolver.For(entryPoints, function.FunctionArn, qualifier));
            ReportUnreadable(exposure);
            _sink.Result(exposure);
        }
    }

    /// <summary>
    /// All URL configs (function and aliases) in one call; where the server lacks ListFunctionUrlConfigs, the
    /// function's own URL through GetFunctionUrlConfig, and the aliases' URLs are recorded as unknown.
    /// </summary>
    private async Task<IReadOnlyList<LambdaFunctionUrlConfig>?> UrlConfigsAsync(string name, List<string> unknowns, CancellationToken cancellationToken)
    {
        try
        {
            return await _lambda.ListFunctionUrlConfigsAsync(name, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (ex.ErrorId == ErrorIds.OperationNotSupported)
        {
            var single = await _lambda.GetFunctionUrlConfigAsync(name, null, cancellationToken).ContinueWith(t => Optional(t, "FunctionUrl", unknowns, allowMissing: true), TaskScheduler.Default).ConfigureAwait(false);
            lock (unknowns)
            {
                unknowns.Add("FunctionUrl of aliases: ListFunctionUrlConfigs is not supported by this endpoint");
            }

            return single is null ? [] : [single];
        }
        catch (AwsServiceException ex) when (ex.ErrorId != ErrorIds.ResourceNotFound)
        {
            lock (unknowns)
            {
                unknowns.Add($"FunctionUrl: {ex.ErrorCode ?? ex.ErrorId} ({ex.Message})");
            }

            return null;
        }
    }

    private async Task<IEnumerable<string?>> QualifiersAsync(string name, List<string> unknowns, CancellationToken cancellationToken)
    {
        var aliases = await _lambda.ListAliasesAsync(name, cancellationToken).ContinueWith(t => Optional(t, "Aliases", unknowns), TaskScheduler.Default).ConfigureAwait(false);
        var names = aliases?.Select(a => a.GetString("Name")).Where(n => n is not null).Select(n => n!) ?? [];
        if (!IncludeVersions)
        {
            return names.ToList();
        }

        var versions = await _lambda.ListVersionsByFunctionAsync(name, cancellationToken).ContinueWith(t => Optional(t, "Versions", unknowns), TaskScheduler.Default).ConfigureAwait(false);
        return names.Concat(versions?.Select(v => v.Version).Where(v => v is not null && v != "$LATEST").Select(v => v!) ?? []).ToList();
    }

    /// <summary>
    /// The result of an optional read: a deleted function (ResourceNotFound) fails the function unless the
    /// resource may simply be missing (<paramref name="allowMissing"/>), anything else
    /// (AccessDenied, an operation the server lacks) makes that part unknown and the rest goes on.
    /// </summary>
    private static T? Optional<T>(Task<T> task, string part, List<string> unknowns, bool allowMissing = false)
        where T : class
    {
        if (task.Exception?.GetBaseException() is AwsServiceException ex)
        {
            if (ex.ErrorId == ErrorIds.ResourceNotFound)
            {
                return allowMissing ? null : throw ex;
            }

            lock (unknowns)
            {
                unknowns.Add($"{part}: {ex.ErrorCode ?? ex.ErrorId} ({ex.Message})");
            }

            return null;
        }

        return task.GetAwaiter().GetResult();
    }

    private void ReportUnreadable(LambdaExposure exposure)
    {
        var target = exposure.Qualifier is null ? exposure.FunctionName : $"{exposure.FunctionName}:{exposure.Qualifier}";
        foreach (var problem in exposure.Unknowns.Where(u => u.StartsWith("Policy:", StringComparison.Ordinal)))
        {
            _sink.Problem(target, ErrorIds.PolicyParseError, $"The resource policy of {target} cannot be read: {problem.Substring(8)} Its exposure is reported as Unknown.");
        }

        foreach (var statement in exposure.Statements.Where(s => s.ParseError is not null))
        {
            _sink.Problem(target, ErrorIds.PolicyParseError, $"Statement '{statement.Sid}' of {target} cannot be read: {statement.ParseError} It is reported as Unknown.");
        }
    }
}
