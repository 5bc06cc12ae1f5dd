using System.Collections.Generic;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Configuration;

/// <summary>
/// What the configuration rules need to know about one function. A null fact is unknown (not read, or not given
/// offline) and its rule is not evaluated, so an unknown is never reported as either safe or unsafe.
/// </summary>
public sealed record FunctionConfigurationFacts
{
    public string FunctionName { get; init; } = string.Empty;

    public string? FunctionArn { get; init; }

    public string? Region { get; init; }

    public string? AccountId { get; init; }

    public int? EnvironmentVariableCount { get; init; }

    public string? KmsKeyArn { get; init; }

    public IReadOnlyList<string> LayerArns { get; init; } = [];

    /// <summary>Whether <see cref="LayerArns"/> is the function's whole layer list (false offline when no Layers were given).</summary>
    public bool LayersKnown { get; init; }

    /// <summary>Layer version ARN to its resource policy JSON (null: the layer version has no policy); layers not in the map were not read.</summary>
    public IReadOnlyDictionary<string, string?> LayerPolicies { get; init; } = new Dictionary<string, string?>();

    /// <summary>The function's DeadLetterConfig target ARN ("" when it has none); null when unknown.</summary>
    public string? DeadLetterTargetArn { get; init; }

    /// <summary>The event invoke config's on-failure destination ("" when none is configured); null when unknown.</summary>
    public string? OnFailureDestination { get; init; }

    public IReadOnlyList<string> SubnetIds { get; init; } = [];

    /// <summary>Whether the function is attached to a VPC (VpcConfig with subnets); null when unknown.</summary>
    public bool? InVpc { get; init; }

    /// <summary>The execution role ARN; null when unknown.</summary>
    public string? Role { get; init; }

    /// <summary>The other functions of the regions read that run with the same execution role (empty: none); null when unknown.</summary>
    public IReadOnlyList<string>? RoleSharedWith { get; init; }

    /// <summary>Subnet id to availability zone; empty when AZs are unknown (no EC2 DescribeSubnets).</summary>
    public IReadOnlyDictionary<string, string> SubnetZones { get; init; } = new Dictionary<string, string>();

    /// <summary>The function URL's CORS AllowOrigins; null when the function has no URL or it is unknown.</summary>
    public IReadOnlyList<string>? UrlAllowOrigins { get; init; }

    public bool? UrlAllowCredentials { get; init; }

    /// <summary>TracingConfig.Mode: Active or PassThrough.</summary>
    public string? TracingMode { get; init; }

    /// <summary>The code signing config ARN ("" when the function has none); null when unknown.</summary>
    public string? CodeSigningConfigArn { get; init; }

    /// <summary>The attached code signing config's UntrustedArtifactOnDeployment (Warn or Enforce); null when there is none or it is unknown.</summary>
    public string? CodeSigningPolicy { get; init; }

    /// <summary>Reserved concurrency; null when none is reserved or unknown (see <see cref="ReservedConcurrencyKnown"/>).</summary>
    public int? ReservedConcurrency { get; init; }

    public bool ReservedConcurrencyKnown { get; init; }

    /// <summary>The function's exposure (from Get-LambdaExposure or Test-LambdaPolicy); null when unknown.</summary>
    public ExposureLevel? Exposure { get; init; }

    /// <summary>The CloudWatch Logs log group the function writes to (LoggingConfig.LogGroup, default /aws/lambda/&lt;name&gt;); null when unknown.</summary>
    public string? LogGroupName { get; init; }

    /// <summary>Whether <see cref="LogGroupName"/> exists in the function's region; null when unknown (log groups not read).</summary>
    public bool? LogGroupExists { get; init; }

    /// <summary>The log group's retentionInDays; null when it keeps events forever (or does not exist, or is unknown).</summary>
    public int? LogRetentionDays { get; init; }

    /// <summary>The function's tags (ListTags); null when unknown (not read: the tag rule is opt-in).</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>Tag keys the function must carry (LS-CONFIG-016, case-sensitive); empty: any tag of its own will do.</summary>
    public IReadOnlyList<string> RequiredTagKeys { get; init; } = [];

    /// <summary>Whether a trail of the region records this function's Invoke data events; null when unknown.</summary>
    public bool? InvokeDataEventsRecorded { get; init; }
}
