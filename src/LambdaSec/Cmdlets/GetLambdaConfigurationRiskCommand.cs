using System.Collections;
using System.Linq;
using System.Management.Automation;
using LambdaSec.Analysis.Configuration;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Checks Lambda functions' configuration hygiene: encryption of environment variables, layers, failure handling, VPC zones, URL CORS, tracing, code signing, concurrency and CloudTrail data events.</para>
/// <para type="description">Get-LambdaConfigurationRisk evaluates the rules LS-CONFIG-001 to LS-CONFIG-010 (docs/rules.md) on piped function configurations and writes one LambdaSecFinding per failed rule, with severity, evidence, remediation and the matching controls of Security Hub, AWS Config and Prowler. Objects shaped like AWS.Tools' FunctionConfiguration bind by property name (FunctionName, FunctionArn, Environment, KMSKeyArn, Layers, DeadLetterConfig, VpcConfig, TracingConfig); add the facts other calls give as properties or parameters: DestinationConfig (Get-LMFunctionEventInvokeConfig), Cors (Get-LMFunctionUrlConfig), CodeSigningConfigArn, ReservedConcurrentExecutions, Exposure (Get-LambdaExposure) and -EventSelectorJson ('aws cloudtrail get-event-selectors' output).</para>
/// <para type="description">A rule whose facts are not given is not evaluated: nothing unknown is reported as safe or unsafe. The VPC rule needs subnet zones to count Availability Zones; without them it reports a function attached to one subnet only. Layer version policies are classified with the exposure rules of about_LambdaSec_Exposure.</para>
/// </summary>
/// <example>
/// <code>Get-LMFunctionList | Get-LambdaConfigurationRisk | Sort-Object Severity -Descending | Format-Table</code>
/// <para>Checks every function AWS.Tools lists: customer managed key for variables, layers from other accounts, dead-letter queue, VPC zones and tracing, worst first.</para>
/// </example>
/// <example>
/// <code>aws lambda get-function-configuration --function-name orders | ConvertFrom-Json | Get-LambdaConfigurationRisk -EventSelectorJson (aws cloudtrail get-event-selectors --trail-name main | Out-String)</code>
/// <para>Checks one function from the AWS CLI's output, including whether the trail main records its Invoke data events.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "LambdaConfigurationRisk")]
[OutputType(typeof(LambdaSecFinding))]
public sealed class GetLambdaConfigurationRiskCommand : PSCmdlet
{
    /// <summary>
    /// <para type="description">The function's name or ARN; binds by property name (FunctionName or FunctionArn). An ARN gives Region and AccountId.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FunctionArn")]
    [ValidateNotNullOrEmpty]
    public string FunctionName { get; set; } = string.Empty;

    /// <summary>
    /// <para type="description">The function's Environment (an object with Variables); only the number of variables is used.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    public object? Environment { get; set; }

    /// <summary>
    /// <para type="description">The KMS key that encrypts the environment variables; empty means the AWS managed key.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    public string? KMSKeyArn { get; set; }

    /// <summary>
    /// <para type="description">The function's layers (Layer objects with an Arn, or layer version ARNs).</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyCollection]
    public object[]? Layers { get; set; }

    /// <summary>
    /// <para type="description">A hashtable of layer version ARN to its resource policy JSON (GetLayerVersionPolicy), for the public-layer rule.</para>
    /// </summary>
    [Parameter]
    public Hashtable? LayerPolicy { get; set; }

    /// <summary>
    /// <para type="description">The function's DeadLetterConfig (an object with TargetArn, or null).</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    public object? DeadLetterConfig { get; set; }

    /// <summary>
    /// <para type="description">The DestinationConfig of the function's event invoke config (OnFailure.Destination); give it, even empty, for the dead-letter rule.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    public object? DestinationConfig { get; set; }

    /// <summary>
    /// <para type="description">The function's VpcConfig (SubnetIds).</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    public object? VpcConfig { get; set; }

    /// <summary>
    /// <para type="description">A hashtable of subnet id to Availability Zone (from Get-EC2Subnet), so the VPC rule counts zones rather than subnets.</para>
    /// </summary>
    [Parameter]
    public Hashtable? SubnetZone { get; set; }

    /// <summary>
    /// <para type="description">The function URL's Cors settings (AllowOrigins, AllowCredentials).</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    public object? Cors { get; set; }

    /// <summary>
    /// <para type="description">The function's TracingConfig (Mode Active or PassThrough).</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    public object? TracingConfig { get; set; }

    /// <summary>
    /// <para type="description">The function's code signing config ARN; an empty string means it has none.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    [AllowEmptyString]
    public string? CodeSigningConfigArn { get; set; }

    /// <summary>
    /// <para type="description">The function's reserved concurrency; null or absent when none is reserved. Give it (even null) for the concurrency rule.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    public int? ReservedConcurrentExecutions { get; set; }

    /// <summary>
    /// <para type="description">The function's exposure level, as Get-LambdaExposure or Test-LambdaPolicy report it.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [AllowNull]
    public ExposureLevel? Exposure { get; set; }

    /// <summary>
    /// <para type="description">GetEventSelectors answers (JSON) of the trails of the function's region; the function's Invoke data events are recorded when one of them covers it.</para>
    /// </summary>
    [Parameter]
    public string[]? EventSelectorJson { get; set; }

    /// <summary>
    /// <para type="description">The function's region, carried into the findings. Defaults to the region in the ARN.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Region { get; set; }

    /// <summary>
    /// <para type="description">The function's 12-digit account, carried into the findings and used to tell other accounts' layers. Defaults to the account in the ARN.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? AccountId { get; set; }

    protected override void ProcessRecord()
    {
        var bound = MyInvocation.BoundParameters;
        var arn = LambdaFunctionArn.TryParse(FunctionName);
        var functionArn = arn?.Arn;
        var subnets = PipelineShape.Child(VpcConfig, "SubnetIds") is IEnumerable ids and not string
            ? ids.Cast<object?>().Select(i => PipelineShape.Unwrap(i)?.ToString()).Where(i => !string.IsNullOrEmpty(i)).Select(i => i!).ToList()
            : [];
        var origins = PipelineShape.Child(Cors, "AllowOrigins") is IEnumerable o and not string ? o.Cast<object?>().Select(x => PipelineShape.Unwrap(x)?.ToString() ?? string.Empty).ToList() : null;
        var facts = new FunctionConfigurationFacts
        {
            FunctionName = arn?.FunctionName ?? FunctionName,
            FunctionArn = functionArn,
            Region = Region ?? arn?.Region,
            AccountId = AccountId ?? arn?.AccountId,
            EnvironmentVariableCount = bound.ContainsKey(nameof(Environment)) ? PipelineShape.Variables(Environment).Count : null,
            KmsKeyArn = KMSKeyArn,
            LayerArns = PipelineShape.LayerArns(Layers),
            LayerPolicies = (LayerPolicy ?? new Hashtable()).Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString() ?? string.Empty, e => PipelineShape.Unwrap(e.Value)?.ToString()),
            DeadLetterTargetArn = bound.ContainsKey(nameof(DeadLetterConfig)) ? PipelineShape.Property(DeadLetterConfig, "TargetArn") ?? string.Empty : null,
            OnFailureDestination = bound.ContainsKey(nameof(DestinationConfig)) ? PipelineShape.Property(PipelineShape.Child(DestinationConfig, "OnFailure"), "Destination") ?? string.Empty : null,
            SubnetIds = subnets,
            SubnetZones = (SubnetZone ?? new Hashtable()).Cast<DictionaryEntry>().ToDictionary(e => e.Key.ToString() ?? string.Empty, e => PipelineShape.Unwrap(e.Value)?.ToString() ?? string.Empty),
            UrlAllowOrigins = origins,
            UrlAllowCredentials = bool.TryParse(PipelineShape.Property(Cors, "AllowCredentials"), out var credentials) ? credentials : null,
            TracingMode = PipelineShape.Property(TracingConfig, "Mode"),
            CodeSigningConfigArn = bound.ContainsKey(nameof(CodeSigningConfigArn)) ? CodeSigningConfigArn ?? string.Empty : null,
            ReservedConcurrency = ReservedConcurrentExecutions,
            ReservedConcurrencyKnown = bound.ContainsKey(nameof(ReservedConcurrentExecutions)),
            Exposure = Exposure,
            InvokeDataEventsRecorded = EventSelectorJson is { Length: > 0 } && functionArn is not null
                ? EventSelectorJson.Any(json => EventSelectorCoverage.RecordsInvoke(json, functionArn))
                : null,
        };

        foreach (var finding in ConfigurationRules.Evaluate(facts))
        {
            WriteObject(finding);
        }
    }
}
