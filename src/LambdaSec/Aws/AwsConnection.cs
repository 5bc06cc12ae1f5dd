using Amazon.Runtime;

namespace LambdaSec.Aws;

/// <summary>Resolved credentials, region and endpoints, each with where it came from (for -Verbose and for tests).</summary>
public sealed class AwsConnection
{
    public AwsConnection(AWSCredentials credentials, string credentialSource, string region, string regionSource, AwsEndpointResolver endpoints)
    {
        Credentials = credentials;
        CredentialSource = credentialSource;
        Region = region;
        RegionSource = regionSource;
        Endpoints = endpoints;
    }

    public AWSCredentials Credentials { get; }

    /// <summary>e.g. "-AccessKey/-SecretKey", "$StoredAWSCredentials", "environment AWS_PROFILE 'x'", "profile 'default'".</summary>
    public string CredentialSource { get; }

    public string Region { get; }

    public string RegionSource { get; }

    public AwsEndpointResolver Endpoints { get; }

    public AwsSession CreateSession(string? region = null, AwsTransport? transport = null) =>
        new(Credentials, region ?? Region, Endpoints, transport);
}
