using System;
using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using LambdaSec.Analysis.Configuration;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Collect;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Checks Lambda functions' configuration hygiene: encryption of environment variables, layers, failure handling, VPC zones, URL CORS, tracing, code signing, concurrency and CloudTrail data events.</para>
/// <para type="description">Get-LambdaConfigurationRisk evaluates the rules LS-CONFIG-001 to LS-CONFIG-016 (docs/rules.md; the opt-in LS-CONFIG-011 and LS-CONFIG-016 only with -Rule, LS-CONFIG-016 also with -RequiredTag) and writes one LambdaSecFinding per failed rule, with severity, evidence, remediation and the matching controls of Security Hub, AWS Config and Prowler.</para>
/// <para type="description">By default it reads what the rules need from AWS, for the functions named (or piped by FunctionName/FunctionArn) or every function of -Region (-AllRegions for the partition): the configuration (GetFunctionConfiguration or ListFunctions), the exposure and function URL as Get-LambdaExposure reads them, per function GetFunctionEventInvokeConfig, GetFunctionCodeSigningConfig and GetFunctionConcurrency, GetCodeSigningConfig once per code signing config attached, GetLayerVersionPolicy once per layer version used, the region's trails (DescribeTrails, GetEventSelectors in each trail's home region) and its event source mappings (ListEventSourceMappings once per region, for LS-ESM-001/002). A part that cannot be read (AccessDenied, another account's layer policy) is left unknown, said with -Verbose, and its rule is not evaluated. Once per region it also reads the functions' log groups (CloudWatch Logs DescribeLogGroups) and the Availability Zones of their subnets (EC2 DescribeSubnets; -SubnetZone wins where given); with the opt-in tag rule (-Rule LS-CONFIG-016 or -RequiredTag), ListTags per function.</para>
/// <para type="description">With -Offline no AWS call is made and the facts come from the piped objects. Objects shaped like AWS.Tools' FunctionConfiguration bind by property name (FunctionName, FunctionArn, Environment, KMSKeyArn, Layers, DeadLetterConfig, VpcConfig, TracingConfig); add the facts other calls give as properties or parameters: DestinationConfig (Get-LMFunctionEventInvokeConfig), Cors (Get-LMFunctionUrlConfig), CodeSigningConfigArn and CodeSigningPolicies, ReservedConcurrentExecutions, Exposure (Get-LambdaExposure) and -EventSelectorJson ('aws cloudtrail get-event-selectors' output).</para>
/// <para type="description">A rule whose facts are not given is not evaluated: nothing unknown is reported as safe or unsafe. The VPC rule needs subnet zones to count Availability Zones; without them it reports a function attached to one subnet only. Layer version policies are classified with the exposure rules of about_LambdaSec_Exposure.</para>
/// </summary>
/// <example>
/// <code>Get-LambdaConfigurationRisk -Region us-east-1, eu-west-1 | Sort-Object Severity -Descending | Format-Table</code>
/// <para>Reads every function of two regions from AWS and checks all ten rules, worst first.</para>
/// </example>
/// <example>
/// <code>Get-LMFunctionList | Get-LambdaConfigurationRisk -Offline | Format-Table</code>
/// <para>Checks, without further AWS calls, what the configurations AWS.Tools lists already say: customer managed key for variables, layers from other accounts, dead-letter queue, VPC subnets and tracing.</para>
/// </example>
/// <example>
/// <code>aws lambda get-function-configuration --function-name orders | ConvertFrom-Json | Get-LambdaConfigurationRisk -Offline -EventSelectorJson (aws cloudtrail get-event-selectors --trail-name main | Out-String)</code>
/// <para>Checks one function from the AWS CLI's output, including whether the trail main records its Invoke data events.</para>
/// </example>
/// <example>
/// <code>Get-LambdaConfigurationRisk -Region us-east-1 -RequiredTag Owner, DataClass</code>
/// <para>Adds the opt-in tag rule (Security Hub Lambda.6): every function must carry the tag keys Owner and DataClass.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "LambdaConfigurationRisk", DefaultParameterSetName = LookupSet)]
[OutputType(typeof(LambdaSecFinding))]
public sealed class GetLambdaConfigurationRiskCommand : LambdaSecAwsCmdlet, IDisposable
{
    private const string LookupSet = "Lookup";
    private const string AllRegionsSet = "AllRegions";
    private const string OfflineSet = nameof(Offline);

    private readonly List<FunctionRef> _functions = [];
    private readonly CancellationTokenSource _cancel = new();
    private RuleSelection _rules = new(null);

    /// <summary>
    /// <para type="description">The function's name (or ARN); binds by property name. Looking functions up, leave it out to check every function of the regions.</para>
    /// </summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    public string? FunctionName { get; set; }

    /// <summary>
    /// <para type="description">The function's ARN; binds by property name and wins over FunctionName when an object carries both (AWS.Tools FunctionConfiguration), since it gives Region and AccountId.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? FunctionArn { get; set; }

    /// <summary>
    /// <para type="description">Make no AWS call: evaluate the facts given by the piped objects and the parameters.</para>
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = OfflineSet)]
    public SwitchParameter Offline { get; set; }

    /// <summary>
    /// <para type="description">Looking functions up: check every region of the partition; regions not enabled for the account are skipped.</para>
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = AllRegionsSet)]
    public SwitchParameter AllRegions { get; set; }

    /// <summary>
    /// <para type="description">The function's Environment (an object with Variables); only the number of variables is used.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [AllowNull]
    public object? Environment { get; set; }

    /// <summary>
    /// <para type="description">The KMS key that encrypts the environment variables; empty means the AWS managed key.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [AllowNull]
    [AllowEmptyString]
    public string? KMSKeyArn { get; set; }

    /// <summary>
    /// <para type="description">The function's layers (Layer objects with an Arn, or layer version ARNs).</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [AllowNull]
    [AllowEmptyCollection]
    public object[]? Layers { get; set; }

    /// <summary>
    /// <para type="description">A hashtable of layer version ARN to its resource policy JSON (GetLayerVersionPolicy), for the public-layer rule.</para>
    /// </summary>
    [Parameter(ParameterSetName = OfflineSet)]
    public Hashtable? LayerPolicy { get; set; }

    /// <summary>
    /// <para type="description">The function's DeadLetterConfig (an object with TargetArn, or null).</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [AllowNull]
    public object? DeadLetterConfig { get; set; }

    /// <summary>
    /// <para type="description">The DestinationConfig of the function's event invoke config (OnFailure.Destination); give it, even empty, for the dead-letter rule.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [AllowNull]
    public object? DestinationConfig { get; set; }

    /// <summary>
    /// <para type="description">The function's VpcConfig (SubnetIds).</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [AllowNull]
    public object? VpcConfig { get; set; }

    /// <summary>
    /// <para type="description">A hashtable of subnet id to Availability Zone (from Get-EC2Subnet), so the VPC rule counts zones rather than subnets offline; online EC2 DescribeSubnets gives the zones of the other subnets.</para>
    /// </summary>
    [Parameter]
    public Hashtable? SubnetZone { get; set; }

    /// <summary>
    /// <para type="description">The function's tags (a hashtable, or the Tags of 'aws lambda get-function' / Get-LMResourceTag as a dictionary); give it for the tag rule LS-CONFIG-016.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [AllowNull]
    public object? Tags { get; set; }

    /// <summary>
    /// <para type="description">Tag keys every function must carry (case-sensitive), as Security Hub Lambda.6's requiredTagKeys. Giving it turns on the opt-in tag rule LS-CONFIG-016 (without -RequiredTag, -Rule LS-CONFIG-016 asks only for at least one tag); online it costs a ListTags per function.</para>
    /// </summary>
    [Parameter]
    public string[]? RequiredTag { get; set; }

    /// <summary>
    /// <para type="description">The function URL's Cors settings (AllowOrigins, AllowCredentials).</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [AllowNull]
    public object? Cors { get; set; }

    /// <summary>
    /// <para type="description">The function's TracingConfig (Mode Active or PassThrough).</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [AllowNull]
    public object? TracingConfig { get; set; }

    /// <summary>
    /// <para type="description">The function's code signing config ARN; an empty string means it has none.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [AllowNull]
    [AllowEmptyString]
    public string? CodeSigningConfigArn { get; set; }

    /// <summary>
    /// <para type="description">The code signing config's CodeSigningPolicies (UntrustedArtifactOnDeployment Warn or Enforce), as Get-LMCodeSigningConfig or 'aws lambda get-code-signing-config' show it; with a CodeSigningConfigArn, Warn is reported (LS-CONFIG-014).</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [AllowNull]
    public object? CodeSigningPolicies { get; set; }

    /// <summary>
    /// <para type="description">The function's reserved concurrency; null or absent when none is reserved. Give it (even null) for the concurrency rule.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [AllowNull]
    public int? ReservedConcurrentExecutions { get; set; }

    /// <summary>
    /// <para type="description">The function's exposure level, as Get-LambdaExposure or Test-LambdaPolicy report it.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [AllowNull]
    public ExposureLevel? Exposure { get; set; }

    /// <summary>
    /// <para type="description">GetEventSelectors answers (JSON) of the trails of the function's region; the function's Invoke data events are recorded when one of them covers it.</para>
    /// </summary>
    [Parameter(ParameterSetName = OfflineSet)]
    public string[]? EventSelectorJson { get; set; }

    /// <summary>
    /// <para type="description">Looking functions up: the regions to read (default: the region of the shell, environment or profile). Offline: the function's region, carried into the findings (default: the region in the ARN).</para>
    /// </summary>
    [Parameter(ParameterSetName = LookupSet)]
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    public string[]? Region { get; set; }

    /// <summary>
    /// <para type="description">The function's 12-digit account, carried into the findings and used to tell other accounts' layers. Defaults to the account in the ARN.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    public string? AccountId { get; set; }

    /// <summary>
    /// <para type="description">Looking functions up: accounts (yours, your organization's) whose queues, streams and Kafka clusters may feed your functions; an event source mapping from one of them is not reported as a source in another account (LS-ESM-001).</para>
    /// </summary>
    [Parameter(ParameterSetName = LookupSet)]
    [Parameter(ParameterSetName = AllRegionsSet)]
    [ValidateAccountId]
    public string[]? TrustedAccountId { get; set; }

    /// <summary>
    /// <para type="description">Emit only findings of these rule ids (wildcards allowed, e.g. LS-CONFIG-01*). Opt-in rules (LS-CONFIG-011, function not in a VPC) are reported only when a pattern here matches them, e.g. -Rule * or -Rule LS-CONFIG-011.</para>
    /// </summary>
    [Parameter]
    public string[]? Rule { get; set; }

    protected override void BeginProcessing() => _rules = new RuleSelection(Rule, RequiredTag);

    protected override void ProcessRecord()
    {
        // Arn wins over the plain name when an object carries both (AWS.Tools FunctionConfiguration), since it names region and account.
        var function = string.IsNullOrWhiteSpace(FunctionArn) ? FunctionName : FunctionArn;
        if (!Offline)
        {
            // Looked up at the end, all at once: trails and layer policies are read once per region, not per function.
            if (!string.IsNullOrWhiteSpace(function))
            {
                _functions.Add(new FunctionRef(function!));
            }

            return;
        }

        if (string.IsNullOrWhiteSpace(function))
        {
            WriteError(new ErrorRecord(
                new PSArgumentException("An input object has neither FunctionName nor FunctionArn, so its findings could not name the function; give one of them (Get-LMFunctionConfiguration and aws lambda get-function-configuration output both carry them)."),
                ErrorIds.FunctionNotGiven,
                ErrorCategory.InvalidArgument,
                null));
            return;
        }

        var bound = MyInvocation.BoundParameters;
        var arn = LambdaFunctionArn.TryParse(function);
        var functionArn = arn?.Arn;
        var subnets = PipelineShape.Child(VpcConfig, "SubnetIds") is IEnumerable ids and not string
            ? ids.Cast<object?>().Select(i => PipelineShape.Unwrap(i)?.ToString()).Where(i => !string.IsNullOrEmpty(i)).Select(i => i!).ToList()
            : [];
        var origins = PipelineShape.Child(Cors, "AllowOrigins") is IEnumerable o and not string ? o.Cast<object?>().Select(x => PipelineShape.Unwrap(x)?.ToString() ?? string.Empty).ToList() : null;
        var facts = new FunctionConfigurationFacts
        {
            FunctionName = arn?.FunctionName ?? function!,
            FunctionArn = functionArn,
            Region = Region?.FirstOrDefault() ?? arn?.Region,
            AccountId = AccountId ?? arn?.AccountId,
            EnvironmentVariableCount = bound.ContainsKey(nameof(Environment)) ? PipelineShape.Variables(Environment).Count : null,
            KmsKeyArn = KMSKeyArn,
            LayerArns = PipelineShape.LayerArns(Layers),
            LayersKnown = bound.ContainsKey(nameof(Layers)),
            LayerPolicies = (LayerPolicy ?? new Hashtable()).Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString() ?? string.Empty, e => PipelineShape.Unwrap(e.Value)?.ToString()),
            DeadLetterTargetArn = bound.ContainsKey(nameof(DeadLetterConfig)) ? PipelineShape.Property(DeadLetterConfig, "TargetArn") ?? string.Empty : null,
            OnFailureDestination = bound.ContainsKey(nameof(DestinationConfig)) ? PipelineShape.Property(PipelineShape.Child(DestinationConfig, "OnFailure"), "Destination") ?? string.Empty : null,
            SubnetIds = subnets,
            InVpc = bound.ContainsKey(nameof(VpcConfig)) ? subnets.Count > 0 : null,
            SubnetZones = SubnetZones(),
            Tags = bound.ContainsKey(nameof(Tags)) ? PipelineShape.Variables(Tags).GroupBy(t => t.Key, StringComparer.Ordinal).ToDictionary(g => g.Key, g => g.First().Value ?? string.Empty, StringComparer.Ordinal) : null,
            RequiredTagKeys = RequiredTag ?? [],
            UrlAllowOrigins = origins,
            UrlAllowCredentials = bool.TryParse(PipelineShape.Property(Cors, "AllowCredentials"), out var credentials) ? credentials : null,
            TracingMode = PipelineShape.Property(TracingConfig, "Mode"),
            CodeSigningConfigArn = bound.ContainsKey(nameof(CodeSigningConfigArn)) ? CodeSigningConfigArn ?? string.Empty : null,
            CodeSigningPolicy = PipelineShape.Property(CodeSigningPolicies, "UntrustedArtifactOnDeployment"),
            ReservedConcurrency = ReservedConcurrentExecutions,
            ReservedConcurrencyKnown = bound.ContainsKey(nameof(ReservedConcurrentExecutions)),
            Exposure = Exposure,
            InvokeDataEventsRecorded = EventSelectorJson is { Length: > 0 } && functionArn is not null
                ? EventSelectorJson.Any(json => EventSelectorCoverage.RecordsInvoke(json, functionArn))
                : null,
        };

        foreach (var finding in ConfigurationRules.Evaluate(facts))
        {
            WriteCollected(finding);
        }
    }

    protected override void EndProcessing()
    {
        if (Offline)
        {
            return;
        }

        var connection = ResolveConnection(Region?.FirstOrDefault(), FunctionPlan.FirstRegion(_functions));
        var session = connection.CreateSession();
        var regions = AwsRegions.Select(AllRegions, Region, connection.Region);
        var zones = SubnetZones();
        var trusted = new HashSet<string>(TrustedAccountId ?? [], StringComparer.Ordinal);
        using var bridge = new PipelineBridge();
        RunCollectors(
            bridge,
            token => RegionFanOut.RunAsync(session, regions, _functions, AllRegions, bridge, (regional, functions) => new ConfigurationRiskCollector(regional, bridge) { SubnetZones = zones, ReadTags = Wanted(ConfigurationRules.MissingTags), RequiredTagKeys = RequiredTag ?? [], TrustedAccounts = trusted }.CollectAsync(functions, token), token),
            _cancel.Token);
    }

    protected override void StopProcessing() => _cancel.Cancel();

    internal override void WriteCollected(object item)
    {
        if (item is not LambdaSecFinding finding || Wanted(finding.RuleId))
        {
            WriteObject(item);
        }
    }

    public void Dispose() => _cancel.Dispose();

    /// <summary>-Rule's selection; without -Rule, -RequiredTag also turns on the opt-in tag rule.</summary>
    private bool Wanted(string ruleId) => _rules.Includes(ruleId);

    private Dictionary<string, string> SubnetZones() =>
        (SubnetZone ?? new Hashtable()).Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString() ?? string.Empty, e => PipelineShape.Unwrap(e.Value)?.ToString() ?? string.Empty);
}
