namespace LambdaSec.Aws;

/// <summary>
/// One AWS service as the wire sees it: its SigV4 signing name, endpoint prefix, wire protocol and
/// the protocol's version marker (query Version, json-1.1 X-Amz-Target prefix).
/// </summary>
public sealed class AwsService
{
    public AwsService(string signingName, string endpointPrefix, string environmentName, IAwsProtocol protocol, string? apiVersion = null, string? targetPrefix = null, string? globalRegion = null)
    {
        SigningName = signingName;
        EndpointPrefix = endpointPrefix;
        EnvironmentName = environmentName;
        Protocol = protocol;
        ApiVersion = apiVersion;
        TargetPrefix = targetPrefix;
        GlobalRegion = globalRegion;
    }

    /// <summary>The service part of the SigV4 credential scope (e.g. lambda, elasticloadbalancing).</summary>
    public string SigningName { get; }

    /// <summary>The host prefix of the public endpoint (e.g. lambda in lambda.us-east-1.amazonaws.com).</summary>
    public string EndpointPrefix { get; }

    /// <summary>The suffix of AWS_ENDPOINT_URL_&lt;SERVICE&gt;: the botocore service id, upper case, spaces as underscores.</summary>
    public string EnvironmentName { get; }

    public IAwsProtocol Protocol { get; }

    /// <summary>The query protocol's Version form field.</summary>
    public string? ApiVersion { get; }

    /// <summary>The json-1.1 X-Amz-Target prefix (the operation name follows a dot).</summary>
    public string? TargetPrefix { get; }

    /// <summary>For global services (IAM, Organizations): the one region that signs and hosts them in the aws partition.</summary>
    public string? GlobalRegion { get; }

    public override string ToString() => SigningName;
}
