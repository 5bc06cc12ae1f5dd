using System;
using LambdaSec.Model;

namespace LambdaSec.Aws;

/// <summary>
/// Endpoint per service and region. Order: the explicit URL (-EndpointUrl, for every service the cmdlet
/// calls), then AWS_ENDPOINT_URL_&lt;SERVICE&gt;, then AWS_ENDPOINT_URL, then the profile's endpoint_url, then
/// AWS's public endpoint. AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true skips the environment and profile,
/// as the AWS SDKs do ("Service-specific endpoints", AWS SDKs and Tools reference guide).
/// </summary>
public sealed class AwsEndpointResolver
{
    private readonly string? _explicitUrl;
    private readonly string? _profileUrl;
    private readonly Func<string, string?> _environment;

    public AwsEndpointResolver(string? explicitUrl = null, string? profileUrl = null, Func<string, string?>? environment = null)
    {
        _explicitUrl = Blank(explicitUrl);
        _profileUrl = Blank(profileUrl);
        _environment = environment ?? Environment.GetEnvironmentVariable;
    }

    /// <summary>Allows plain http to a host other than loopback (-AllowInsecureEndpoint); off by default, so credentials never travel in clear.</summary>
    public bool AllowInsecureHttp { get; init; }

    public AwsEndpoint Resolve(AwsService service, string region)
    {
        var signingRegion = service.GlobalRegion is null ? region : GlobalRegionOf(region, service);
        var configured = _explicitUrl;
        if (configured is null && !string.Equals(_environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase))
            configured = Blank(_environment("AWS_ENDPOINT_URL_" + service.EnvironmentName)) ?? Blank(_environment("AWS_ENDPOINT_URL")) ?? _profileUrl;
        if (configured is not null)
        {
            if (!Uri.TryCreate(configured, UriKind.Absolute, out var custom) || (custom.Scheme != Uri.UriSchemeHttp && custom.Scheme != Uri.UriSchemeHttps))
                throw new ArgumentException($"The endpoint URL '{configured}' is not an absolute http(s) URL.");
            if (custom.Scheme == Uri.UriSchemeHttp && !custom.IsLoopback && !AllowInsecureHttp)
                throw new AwsConfigurationException($"The endpoint URL '{configured}' is plain http to {custom.Host}, which is not this computer: the signed requests and any session token would travel in clear. Use https, or pass -AllowInsecureEndpoint (or set LAMBDASEC_ALLOW_INSECURE_ENDPOINT=true) if the network path is trusted.", ErrorIds.InsecureEndpoint);
            return new AwsEndpoint(custom, signingRegion);
        }
        return new AwsEndpoint(new Uri("https://" + PublicHost(service, region) + "/"), signingRegion);
    }

    private static string PublicHost(AwsService service, string region)
    {
        var suffix = region.StartsWith("cn-", StringComparison.Ordinal) ? "amazonaws.com.cn" : "amazonaws.com";
        if (service.SigningName == "iam")
        {
            if (region.StartsWith("us-gov-", StringComparison.Ordinal)) return "iam.us-gov.amazonaws.com";
            return suffix == "amazonaws.com" ? "iam.amazonaws.com" : "iam.cn-north-1." + suffix;
        }
        var hostRegion = service.GlobalRegion is null ? region : GlobalRegionOf(region, service);
        return service.EndpointPrefix + "." + hostRegion + "." + suffix;
    }

    // Global services live in one region per partition (botocore endpoints.json "partitionEndpoint").
    private static string GlobalRegionOf(string region, AwsService service)
    {
        if (region.StartsWith("cn-", StringComparison.Ordinal)) return service.SigningName == "iam" ? "cn-north-1" : "cn-northwest-1";
        if (region.StartsWith("us-gov-", StringComparison.Ordinal)) return "us-gov-west-1";
        return service.GlobalRegion!;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
