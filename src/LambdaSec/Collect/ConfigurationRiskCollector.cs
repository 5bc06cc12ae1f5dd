using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Configuration;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Aws.Shapes;
using LambdaSec.Model;

namespace LambdaSec.Collect;

/// <summary>
/// Reads what the configuration rules (LS-CONFIG-*) need for the functions of one account and region:
/// the configuration (environment, key, layers, dead-letter queue, VPC, tracing), the exposure and function URL
/// (through <see cref="ExposureCollector"/>), per function the event invoke config, code signing config (and each config's policy once) and
/// reserved concurrency, the policy of each layer version used (once per layer version), and the region's
/// trails with their event selectors and its event source mappings, and the functions' log groups and their subnets' zones (once per region). A part that cannot be read stays unknown, so its rule
/// is not evaluated; the findings go to the sink.
/// </summary>
public sealed class ConfigurationRiskCollector
{
    private readonly AwsSession _session;
    private readonly LambdaApi _lambda;
    private readonly ICollectorSink _sink;
    private readonly OncePerKey<string, string?> _layerPolicies = new(StringComparer.Ordinal);
    private readonly OncePerKey<string, string> _signingPolicies = new(StringComparer.Ordinal);
    private IReadOnlyDictionary<string, int?>? _logGroups;
    private IReadOnlyDictionary<string, string>? _subnetZones;

    public ConfigurationRiskCollector(AwsSession session, ICollectorSink sink)
    {
        _session = session;
        _lambda = new LambdaApi(session);
        _sink = sink;
    }

    /// <summary>How many functions of this region are read at once.</summary>
    public int Parallelism { get; init; } = 16;

    /// <summary>Accounts whose queues, streams and clusters count like the owner's own for LS-ESM-001 (-TrustedAccountId).</summary>
    public IReadOnlyCollection<string> TrustedAccounts { get; init; } = [];

    /// <summary>Subnet id to Availability Zone given by the caller (-SubnetZone), for the VPC rule; EC2 DescribeSubnets gives the others.</summary>
    public IReadOnlyDictionary<string, string> SubnetZones { get; init; } = new Dictionary<string, string>();

    /// <summary>Whether to read each function's tags (ListTags, one call per function) for the opt-in tag rule LS-CONFIG-016.</summary>
    public bool ReadTags { get; init; }

    /// <summary>Tag keys every function must carry (LS-CONFIG-016); empty: any tag of its own will do.</summary>
    public IReadOnlyList<string> RequiredTagKeys { get; init; } = [];

    public async Task CollectAsync(IReadOnlyList<FunctionRef>? functions, CancellationToken cancellationToken)
    {
        var trails = TrailSelectorsAsync(cancellationToken);
        var configurations = (await new FunctionLookup(_lambda, _sink).FindAsync(functions, cancellationToken).ConfigureAwait(false)).Select(t => t.Configuration).ToList();
        await ReadRegionAsync(configurations, cancellationToken).ConfigureAwait(false);
        var exposures = new CapturingSink<LambdaExposure>(_sink);
        await new ExposureCollector(_session, exposures).CollectAsync(configurations, cancellationToken).ConfigureAwait(false);
        var byFunction = exposures.Items.Where(e => e.Qualifier is null).ToDictionary(e => e.FunctionArn, StringComparer.Ordinal);
        var mappings = EventSourceMappingsAsync(configurations, cancellationToken);
        var selectors = await trails.ConfigureAwait(false);
        var sharedRoles = ConfigurationRules.SharedRoles(configurations.Select(c => (c.FunctionName, c.Role)));

        var done = 0;
        var activity = $"Get-LambdaConfigurationRisk {_session.AccountId} {_session.Region}";
        using var gate = new SemaphoreSlim(Parallelism);
        await Task.WhenAll(configurations.Select(async function =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                byFunction.TryGetValue(function.FunctionArn, out var exposure);
                var facts = await FactsAsync(function, exposure, selectors, sharedRoles.TryGetValue(function.FunctionName, out var sharing) ? sharing : null, cancellationToken).ConfigureAwait(false);
                foreach (var finding in ConfigurationRules.Evaluate(facts))
                {
                    _sink.Result(finding);
                }
            }
            catch (AwsServiceException ex)
            {
                _sink.Error(function.FunctionName, ex);
            }
            finally
            {
                gate.Release();
                var count = Interlocked.Increment(ref done);
                _sink.Progress(activity, $"{count} of {configurations.Count} functions", count, configurations.Count);
            }
        })).ConfigureAwait(false);
        await mappings.ConfigureAwait(false);
    }

    /// <summary>The event source mapping rules for the functions read; a listing that fails leaves them unevaluated (a note).</summary>
    private async Task EventSourceMappingsAsync(IReadOnlyList<LambdaFunctionConfiguration> functions, CancellationToken cancellationToken)
    {
        try
        {
            await EventSourceMappingCheck.RunAsync(_session, _sink, new HashSet<string>(functions.Select(f => f.FunctionArn), StringComparer.Ordinal), TrustedAccounts, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            _sink.Note($"The event source mappings of {_session.Region} cannot be read ({ex.ErrorCode ?? ex.ErrorId}); the LS-ESM-* rules are not evaluated.");
        }
    }

    private async Task<FunctionConfigurationFacts> FactsAsync(LambdaFunctionConfiguration function, LambdaExposure? exposure, IReadOnlyList<string>? selectors, IReadOnlyList<string>? roleSharedWith, CancellationToken cancellationToken)
    {
        var name = function.FunctionName;
        var onFailure = Optional(name, "event invoke config", async () =>
        {
            var config = await _lambda.GetFunctionEventInvokeConfigAsync(name, null, cancellationToken).ConfigureAwait(false);
            return config.Get("DestinationConfig")?.Get("OnFailure")?.GetString("Destination") ?? string.Empty;
        }, notConfigured: string.Empty);
        var signing = Optional(name, "code signing config", async () => await _lambda.GetFunctionCodeSigningConfigAsync(name, cancellationToken).ConfigureAwait(false) ?? string.Empty, notConfigured: string.Empty);
        var reserved = Optional(name, "reserved concurrency", () => _lambda.GetFunctionConcurrencyAsync(name, cancellationToken), notConfigured: null);
        var tags = ReadTags
            ? Optional<IReadOnlyDictionary<string, string>>(name, "tags", () => _lambda.ListTagsAsync(function.FunctionArn, cancellationToken), notConfigured: null)
            : Task.FromResult<(bool Known, IReadOnlyDictionary<string, string>? Value)>((false, null));
        var signingPolicy = SigningPolicyAsync(name, signing, cancellationToken);
        var listed = ListedFactsAsync(function, roleSharedWith, cancellationToken);
        await Task.WhenAll(listed, onFailure, signingPolicy, reserved, tags).ConfigureAwait(false);

        return listed.Result with
        {
            OnFailureDestination = onFailure.Result.Value,
            UrlAllowOrigins = exposure?.FunctionUrl?.CorsAllowOrigins,
            UrlAllowCredentials = exposure?.FunctionUrl?.CorsAllowCredentials,
            CodeSigningConfigArn = signing.Result.Value,
            CodeSigningPolicy = signingPolicy.Result,
            ReservedConcurrency = reserved.Result.Value,
            ReservedConcurrencyKnown = reserved.Result.Known,
            Exposure = exposure?.Exposure,
            Tags = tags.Result.Value,
            RequiredTagKeys = RequiredTagKeys,
            InvokeDataEventsRecorded = selectors?.Any(json => EventSelectorCoverage.RecordsInvoke(json, function.FunctionArn)),
        };
    }

    /// <summary>
    /// Reads, once for the region, what the listing lacks and <see cref="ListedFactsAsync"/> then adds to each function's
    /// facts: the retention of the functions' log groups (<see cref="LogGroupReader"/>) and the Availability Zones of
    /// their subnets (<see cref="SubnetZoneReader"/>). Call it before ListedFactsAsync.
    /// </summary>
    public async Task ReadRegionAsync(IReadOnlyList<LambdaFunctionConfiguration> functions, CancellationToken cancellationToken)
    {
        var logGroups = LogGroupReader.ReadAsync(_session, functions.Select(LogGroupReader.LogGroupOf), _sink, cancellationToken);
        var zones = SubnetZoneReader.ReadAsync(_session, functions.SelectMany(f => f.SubnetIds), SubnetZones, _sink, cancellationToken);
        _logGroups = await logGroups.ConfigureAwait(false);
        _subnetZones = await zones.ConfigureAwait(false);
    }

    /// <summary>
    /// The facts the function listing gives (encryption, layers, dead-letter queue, VPC and subnets, tracing, role) with the
    /// policies of its layer versions (each read once per run) and the other listed functions that share its role
    /// (<see cref="ConfigurationRules.SharedRoles"/>; null: unknown). The audit stops here; this cmdlet adds the per-function reads.
    /// </summary>
    public async Task<FunctionConfigurationFacts> ListedFactsAsync(LambdaFunctionConfiguration function, IReadOnlyList<string>? roleSharedWith, CancellationToken cancellationToken)
    {
        var logGroup = LogGroupReader.LogGroupOf(function);
        int? retention = null;
        var logGroupExists = _logGroups is null ? (bool?)null : _logGroups.TryGetValue(logGroup, out retention);
        var layerPolicies = await Task.WhenAll(function.Layers.Select(async layer => (Layer: layer, Policy: await LayerPolicyAsync(function.FunctionName, layer, cancellationToken).ConfigureAwait(false)))).ConfigureAwait(false);
        return new FunctionConfigurationFacts
        {
            FunctionName = function.FunctionName,
            FunctionArn = function.FunctionArn,
            Region = _session.Region,
            AccountId = _session.AccountId,
            EnvironmentVariableCount = function.EnvironmentVariableNames.Count,
            KmsKeyArn = function.KmsKeyArn,
            LayerArns = function.Layers,
            LayersKnown = true,
            LayerPolicies = layerPolicies.Where(l => l.Policy.Known).ToDictionary(l => l.Layer, l => l.Policy.Json, StringComparer.Ordinal),
            DeadLetterTargetArn = function.DeadLetterTargetArn,
            SubnetIds = function.SubnetIds,
            InVpc = function.SubnetIds.Count > 0,
            Role = function.Role,
            RoleSharedWith = roleSharedWith,
            SubnetZones = _subnetZones ?? SubnetZones,
            TracingMode = function.TracingMode,
            LogGroupName = logGroup,
            LogGroupExists = logGroupExists,
            LogRetentionDays = retention,
        };
    }

    /// <summary>
    /// A layer version's policy, read once per run for every function that uses it: JSON, or null when it has none
    /// (Known = true); Known = false when it cannot be read (another account's layer usually answers AccessDenied).
    /// </summary>
    private async Task<(bool Known, string? Json)> LayerPolicyAsync(string functionName, string layerVersionArn, CancellationToken cancellationToken)
    {
        var parts = layerVersionArn.Split(':');
        if (parts.Length != 8 || !long.TryParse(parts[7], out var version))
        {
            return (false, null);
        }

        var read = _layerPolicies.GetAsync(layerVersionArn, _ => _lambda.GetLayerVersionPolicyAsync(string.Join(":", parts, 0, 7), version, cancellationToken));
        try
        {
            return (true, await read.ConfigureAwait(false));
        }
        catch (AwsServiceException ex) when (ex.ErrorId == ErrorIds.ResourceNotFound)
        {
            return (true, null);
        }
        catch (AwsServiceException ex)
        {
            _sink.Note($"{functionName}: the policy of layer version {layerVersionArn} cannot be read ({ex.ErrorCode ?? ex.ErrorId}); the public-layer rule is not evaluated for it.");
            return (false, null);
        }
    }

    /// <summary>
    /// The UntrustedArtifactOnDeployment of the function's code signing config (GetCodeSigningConfig, read once per run for
    /// every function attached to the same config); null when the function has none or the config cannot be read (a note).
    /// </summary>
    private async Task<string?> SigningPolicyAsync(string functionName, Task<(bool Known, string? Value)> signing, CancellationToken cancellationToken)
    {
        if ((await signing.ConfigureAwait(false)).Value is not { Length: > 0 } arn)
        {
            return null;
        }

        try
        {
            return await _signingPolicies.GetAsync(arn, _ => _lambda.GetCodeSigningPolicyAsync(arn, cancellationToken)).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            _sink.Note($"{functionName}: code signing config {arn} cannot be read ({ex.ErrorCode ?? ex.ErrorId}); whether it enforces signatures (LS-CONFIG-014) is not evaluated.");
            return null;
        }
    }

    /// <summary>
    /// The trails' GetEventSelectors answers (JSON) for this region: every trail DescribeTrails lists for it, read in
    /// its home region; empty when there is no trail; null (unknown) when the trails cannot be read.
    /// </summary>
    private async Task<IReadOnlyList<string>?> TrailSelectorsAsync(CancellationToken cancellationToken)
    {
        try
        {
            var trails = await new CloudTrailApi(_session).DescribeTrailsAsync(cancellationToken).ConfigureAwait(false);
            var answers = await Task.WhenAll(trails.Select(async trail =>
            {
                var arn = trail.GetString("TrailARN") ?? string.Empty;
                var home = trail.GetString("HomeRegion") ?? _session.Region;
                var selectors = await new CloudTrailApi(_session.ForRegion(home)).GetEventSelectorsAsync(arn, cancellationToken).ConfigureAwait(false);
                return selectors.Json.GetRawText();
            })).ConfigureAwait(false);
            return answers;
        }
        catch (AwsServiceException ex)
        {
            _sink.Note($"CloudTrail trails of {_session.Region} cannot be read ({ex.ErrorCode ?? ex.ErrorId}); the data-event rule (LS-CONFIG-010) is not evaluated.");
            return null;
        }
    }

    /// <summary>
    /// One optional read for one function: ResourceNotFound means "not configured" (<paramref name="notConfigured"/>);
    /// any other failure (AccessDenied, an operation the endpoint lacks) leaves the fact unknown (Known false, a note).
    /// </summary>
    private async Task<(bool Known, T? Value)> Optional<T>(string functionName, string part, Func<Task<T>> read, T? notConfigured)
    {
        try
        {
            return (true, await read().ConfigureAwait(false));
        }
        catch (AwsServiceException ex) when (ex.ErrorId == ErrorIds.ResourceNotFound)
        {
            return (true, notConfigured);
        }
        catch (AwsServiceException ex)
        {
            _sink.Note($"{functionName}: the {part} cannot be read ({ex.ErrorCode ?? ex.ErrorId}); its rule is not evaluated.");
            return (false, default);
        }
    }
}
