using System;
using Amazon.Runtime;

namespace LambdaSec.Aws;

/// <summary>What the caller gave (the AWS.Tools common parameters) and what the shell holds ($StoredAWSCredentials, $StoredAWSRegion).</summary>
public sealed class AwsConnectionOptions
{
    public string? ProfileName { get; set; }
    public string? ProfileLocation { get; set; }
    public AWSCredentials? Credentials { get; set; }
    public string? AccessKey { get; set; }
    public string? SecretKey { get; set; }
    public string? SessionToken { get; set; }
    public string? Region { get; set; }

    /// <summary>The region the input names (a function ARN's), used only when nothing else names a region.</summary>
    public string? InputRegion { get; set; }
    public string? EndpointUrl { get; set; }

    /// <summary>Allows plain http endpoints on hosts other than loopback (-AllowInsecureEndpoint).</summary>
    public bool AllowInsecureEndpoint { get; set; }

    /// <summary>The value of $StoredAWSCredentials: AWSCredentials, an AWS.Tools AWSPSCredentials (its Credentials property), or a profile name.</summary>
    public object? StoredCredentials { get; set; }

    /// <summary>The value of $StoredAWSRegion (a region name).</summary>
    public string? StoredRegion { get; set; }

    /// <summary>Reads environment variables; tests replace it.</summary>
    public Func<string, string?> Environment { get; set; } = System.Environment.GetEnvironmentVariable;
}
