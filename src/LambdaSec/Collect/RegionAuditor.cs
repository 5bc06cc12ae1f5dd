using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Audit;
using LambdaSec.Analysis.Configuration;
using LambdaSec.Analysis.Cost;
using LambdaSec.Analysis.Events;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Aws.Shapes;
using LambdaSec.Model;

namespace LambdaSec.Collect;

/// <summary>
/// Audits one account and region: lists the functions once, judges their runtimes offline, collects their
/// exposure (policy, URL, entry points) and, for the functions anyone can reach, their concurrency cap.
/// Every result goes to the sink as a finding.
/// </summary>
public sealed class RegionAuditor
{
    private readonly AwsSession _session;
    private readonly FindingSink _sink;
    private readonly AuditSettings _settings;
    private static readonly string[] GrantEventNames = ["AddPermission20150331v2", "AddPermission20150331", "CreateFunctionUrlConfig20211031", "UpdateFunctionUrlConfig20211031"];
    private readonly ConcurrentBag<(LambdaExposure Exposure, IReadOnlyList<FrontDoor> Doors)> _reachable = [];

    /// <summary>An auditor for one account and region; with <paramref name="keepFindings"/> it keeps the region's findings for <see cref="Findings"/> (the checkpoint needs them).</summary>
    public RegionAuditor(AwsSession session, ICollectorSink sink, AuditSettings settings, bool keepFindings)
    {
        _session = session;
        _settings = settings;
        _sink = new FindingSink(sink, Evaluate) { KeepFindings = keepFindings };
    }

    /// <summary>The findings of this region so far, when kept.</summary>
    public IReadOnlyList<LambdaSecFinding> Findings => _sink.Findings;

    public async Task AuditAsync(CancellationToken cancellationToken)
    {
        var lambda = new LambdaApi(_session);
        // Environment variable values are scanned while the listing is in memory; only the hits (names, rules, redacted
        // previews) are kept, so the audit needs no call of its own for LS-SEC-001.
        var (functions, secrets) = await EnvironmentSecrets.ListAsync(lambda, cancellationToken).ConfigureAwait(false);
        // Only the configuration facts the listing gives (plus layer policies, one read per layer version, and the region's
        // log groups and VPC subnets, once per region): the rules
        // needing reads per function (DLQ destinations, code signing) or a regional view (data events) are left to
        // Get-LambdaConfigurationRisk, so the audit keeps its few calls per function; unknown facts skip their rule.
        var configuration = new ConfigurationRiskCollector(_session, _sink);
        await configuration.ReadRegionAsync(functions, cancellationToken).ConfigureAwait(false);
        var sharedRoles = ConfigurationRules.SharedRoles(functions.Select(f => (f.FunctionName, f.Role)));
        foreach (var function in functions)
        {
            _sink.Result(RuntimeStatusEvaluator.Report(_settings.Catalog, Subject(function), _settings.AsOf, _settings.WarningDays));
            _sink.Result(await configuration.ListedFactsAsync(function, sharedRoles.TryGetValue(function.FunctionName, out var sharing) ? sharing : [], cancellationToken).ConfigureAwait(false));
            var subject = new FindingSubject(_session.AccountId, _session.Region, function.FunctionArn, function.FunctionName);
            foreach (var finding in SecretFindings.Evaluate(subject, EnvironmentSecrets.Of(secrets, function)))
            {
                _sink.Result(finding);
            }
        }

        var roles = CheckRolesAsync(functions, cancellationToken);
        var grants = CheckRecentGrantsAsync(cancellationToken);
        var mappings = CheckEventSourceMappingsAsync(functions, cancellationToken);
        var detectors = _settings.CheckDetectors && functions.Count > 0 ? CheckDetectorsAsync(cancellationToken) : Task.CompletedTask;
        await new ExposureCollector(_session, _sink) { UrlsOnlyWhereReachable = true, TrustedAccounts = _settings.TrustedAccounts }.CollectAsync(functions, cancellationToken).ConfigureAwait(false);
        await roles.ConfigureAwait(false);
        await grants.ConfigureAwait(false);
        await mappings.ConfigureAwait(false);
        await detectors.ConfigureAwait(false);
        if (!_reachable.IsEmpty)
        {
            await CheckConcurrencyCapsAsync(lambda, functions, cancellationToken).ConfigureAwait(false);
        }

        if (_settings.Advisories is { } advisories)
        {
            await CheckVulnerableDependenciesAsync(advisories, functions, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// LS-VULN-001 (opt-in): the packages of every zip function and layer version of the region, one question to the
    /// advisory source for the region's distinct packages (advisory records shared by the whole audit).
    /// </summary>
    private async Task CheckVulnerableDependenciesAsync(IAdvisorySource advisories, IReadOnlyList<LambdaFunctionConfiguration> functions, CancellationToken cancellationToken)
    {
        var occurrences = await new FunctionDependencyCollector(_session, _sink, _settings.MaxCodeBytes, cancellationToken).CollectAsync(functions, cancellationToken).ConfigureAwait(false);
        var match = await VulnerabilityMatcher.MatchAsync(advisories, occurrences, cancellationToken).ConfigureAwait(false);
        foreach (var note in match.Notes.Concat(match.Warnings))
        {
            _sink.Note(note);
        }

        if (match.Failure is not null)
        {
            _sink.Problem(advisories.Name, advisories is OsvLocalData ? ErrorIds.OsvDataUnreadable : ErrorIds.OsvQueryFailed, match.Failure);
        }

        foreach (var byFunction in match.Found.GroupBy(v => v.FunctionArn))
        {
            var first = byFunction.First();
            foreach (var finding in VulnerabilityFindings.Evaluate(new FindingSubject(_session.AccountId, _session.Region, first.FunctionArn, first.FunctionName), byFunction))
            {
                _sink.Result(finding);
            }
        }
    }

    /// <summary>
    /// LS-DETECT-* (opt-in): Inspector's Lambda scanning and GuardDuty's Lambda Protection in this account and region, read
    /// only where the region has functions (3 calls at most); a status that cannot be read is LS-DETECT-004, not a failure.
    /// </summary>
    private async Task CheckDetectorsAsync(CancellationToken cancellationToken)
    {
        var inspector = DetectorStatusReader.ReadInspectorAsync(_session, cancellationToken);
        var guardDuty = DetectorStatusReader.ReadGuardDutyAsync(_session, cancellationToken);
        var subject = new FindingSubject(_session.AccountId, _session.Region, null, null);
        foreach (var finding in DetectorFindings.Inspector(subject, await inspector.ConfigureAwait(false)).Concat(DetectorFindings.GuardDuty(subject, await guardDuty.ConfigureAwait(false))))
        {
            _sink.Result(finding);
        }
    }

    /// <summary>
    /// Role findings per function, from one analysis per role for the whole audit. A role that cannot be read is an
    /// error for its functions, and the rest of the audit goes on.
    /// </summary>
    private async Task CheckRolesAsync(IReadOnlyList<LambdaFunctionConfiguration> functions, CancellationToken cancellationToken)
    {
        foreach (var byRole in functions.Where(f => f.Role is not null).GroupBy(f => f.Role!, StringComparer.Ordinal))
        {
            RolePrivilegeReport? report;
            try
            {
                report = await _settings.Roles.ForAsync(_session, byRole.Key, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex)
            {
                // The account's IAM listing failed (e.g. AccessDenied): every role would fail the same way, so say it once.
                _sink.Error($"IAM roles of {_session.AccountId}", ex);
                return;
            }

            foreach (var function in byRole)
            {
                var subject = new FindingSubject(_session.AccountId, _session.Region, function.FunctionArn, function.FunctionName);
                if (report is null)
                {
                    continue;
                }

                var takeovers = await _settings.Roles.TakeoverAsync(_session, function.FunctionArn, byRole.Key, report, cancellationToken).ConfigureAwait(false);
                foreach (var finding in RoleFindings.Evaluate(subject, report).Concat(RoleFindings.Takeover(subject, report, takeovers)))
                {
                    _sink.Result(finding);
                }
            }
        }
    }

    /// <summary>
    /// CloudTrail's event history for the grant events by name: one lookup attribute per call, as LookupEvents
    /// allows, and by name rather than by event source, because the source also matches every read call
    /// (an audit itself makes thousands). Names are versioned by Lambda; these are the ones it records today.
    /// </summary>
    private async Task CheckRecentGrantsAsync(CancellationToken cancellationToken)
    {
        var trail = new CloudTrailApi(_session);
        var start = DateTimeOffset.UtcNow.AddDays(-_settings.EventLookbackDays);
        var changes = new List<LambdaPermissionEvent>();
        foreach (var name in GrantEventNames)
        {
            IReadOnlyList<AwsNode> events;
            try
            {
                events = await trail.LookupEventsAsync(start, null, "EventName", name, cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex)
            {
                _sink.Error($"CloudTrail {_session.AccountId} {_session.Region}", ex);
                return;
            }

            changes.AddRange(events.SelectMany(e => ReadRecords(e.GetString("CloudTrailEvent"))).Select(LambdaPermissionEventReader.Read).Where(e => e is not null).Select(e => e!));
        }

        foreach (var finding in EventFindings.Evaluate(changes))
        {
            _sink.Result(finding);
        }
    }

    /// <summary>The event source mapping rules (LS-ESM-*): one paginated ListEventSourceMappings for the region.</summary>
    private async Task CheckEventSourceMappingsAsync(IReadOnlyList<LambdaFunctionConfiguration> functions, CancellationToken cancellationToken)
    {
        try
        {
            await EventSourceMappingCheck.RunAsync(_session, _sink, new HashSet<string>(functions.Select(f => f.FunctionArn), StringComparer.Ordinal), _settings.TrustedAccounts, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            _sink.Error($"Event source mappings of {_session.AccountId} {_session.Region}", ex);
        }
    }

    /// <summary>A record CloudTrail cannot give back readable is skipped: the rule reports what it can see.</summary>
    private static IReadOnlyList<System.Text.Json.JsonElement> ReadRecords(string? json)
    {
        try
        {
            return CloudTrailRecords.Read(json);
        }
        catch (CloudTrailEventException)
        {
            return [];
        }
    }

    private IEnumerable<LambdaSecFinding> Evaluate(object item)
    {
        switch (item)
        {
            case LambdaRuntimeReport runtime:
                return RuntimeFindings.Evaluate(runtime);
            case FunctionConfigurationFacts configuration:
                return ConfigurationRules.Evaluate(configuration);
            case LambdaExposure exposure:
                var doors = DenialOfWalletFindings.AnonymousDoors(exposure);
                if (doors.Count > 0 && exposure.Qualifier is null)
                {
                    _reachable.Add((exposure, doors));
                }

                return ExposureFindings.Evaluate(exposure);
            default:
                return [];
        }
    }

    /// <summary>Reserved concurrency is read only for the functions anyone can reach: one call each, plus the account settings once.</summary>
    private async Task CheckConcurrencyCapsAsync(LambdaApi lambda, IReadOnlyList<LambdaFunctionConfiguration> functions, CancellationToken cancellationToken)
    {
        var settings = await lambda.GetAccountSettingsAsync(cancellationToken).ConfigureAwait(false);
        var limit = settings.Get("AccountLimit");
        var accountConcurrency = limit?.GetInt("ConcurrentExecutions") ?? 1000;
        var unreserved = limit?.GetInt("UnreservedConcurrentExecutions") ?? accountConcurrency;
        var byName = functions.ToDictionary(f => f.FunctionName, StringComparer.Ordinal);
        await Task.WhenAll(_reachable.Select(async r =>
        {
            var function = byName[r.Exposure.FunctionName];
            try
            {
                var input = new DenialOfWalletInput
                {
                    FunctionName = function.FunctionName,
                    FunctionArn = function.FunctionArn,
                    Region = _session.Region,
                    AccountId = _session.AccountId,
                    MemorySize = function.MemorySize ?? 128,
                    Architecture = function.Architectures.Count > 0 ? function.Architectures[0] : LambdaPriceList.X86,
                    Timeout = function.Timeout ?? 3,
                    ReservedConcurrency = await lambda.GetFunctionConcurrencyAsync(function.FunctionName, cancellationToken).ConfigureAwait(false),
                    UnreservedConcurrency = unreserved,
                    AccountConcurrency = accountConcurrency,
                    FrontDoors = r.Doors,
                };
                foreach (var finding in DenialOfWalletFindings.Evaluate(r.Exposure, input, _settings.Prices))
                {
                    _sink.Result(finding);
                }
            }
            catch (AwsServiceException ex)
            {
                _sink.Error(function.FunctionName, ex);
            }
        })).ConfigureAwait(false);
    }

    private RuntimeSubject Subject(LambdaFunctionConfiguration function) => new()
    {
        Runtime = function.Runtime,
        PackageType = function.PackageType,
        FunctionName = function.FunctionName,
        FunctionArn = function.FunctionArn,
        Region = _session.Region,
        AccountId = _session.AccountId,
    };
}
