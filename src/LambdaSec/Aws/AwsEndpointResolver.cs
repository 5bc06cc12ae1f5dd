using System;
using LambdaSec.Model;

namespace LambdaSec.Aws;

/// <summary>
/// Endpoint per service and region. Order: the explicit URL (-EndpointUrl, for every service the cmdlet
/// calls), then AWS_ENDPOINT_URL_&lt;SERVICE&gt;, then AWS_ENDPOINT_URL, then the profile's endpoint_url, then
/// AWS's public endpoint in the region's partition (<see cref="AwsPartitions"/>, from botocore's data).
/// AWS_IGNORE_CONFIGURED_ENDPOINT_URLS=true skips the environment and profile, as the AWS SDKs do
/// ("Service-specific endpoints", AWS SDKs and Tools reference guide).
/// </summary>
public sealed class AwsEndpointResolver
{
    private readonly string? _explicitUrl;
    private readonly string? _profileUrl;
    private readonly Func<string, string?> _environment;
    private readonly System.Collections.Concurrent.ConcurrentDictionary<(AwsService Service, string Region), AwsEndpoint> _resolved = new();

    public AwsEndpointResolver(string? explicitUrl = null, string? profileUrl = null, Func<string, string?>? environment = null)
    {
        _explicitUrl = Blank(explicitUrl);
        _profileUrl = Blank(profileUrl);
        _environment = environment ?? Environment.GetEnvironmentVariable;
        // Checked now, so a bad URL is one clear error before any call (the service-specific variables are checked when used).
        if (_explicitUrl is not null) ParseUrl(_explicitUrl, "-EndpointUrl");
        else if (!IgnoreConfigured)
        {
            if (Blank(_environment("AWS_ENDPOINT_URL")) is { } shared) ParseUrl(shared, "AWS_ENDPOINT_URL");
            if (_profileUrl is not null) ParseUrl(_profileUrl, "the profile's endpoint_url");
        }
    }

    /// <summary>Allows plain http to a host other than loopback (-AllowInsecureEndpoint); off by default, so credentials never travel in clear.</summary>
    public bool AllowInsecureHttp { get; init; }

    /// <summary>
    /// The endpoint of a service in a region, resolved once per resolver (one cmdlet run): the access layer asks on
    /// every call, and parsing the URL and reading the environment each time cost more than signing. A failure
    /// (an unknown region, a bad URL) is not kept, so it is raised again on every call.
    /// </summary>
    public AwsEndpoint Resolve(AwsService service, string region) =>
        _resolved.TryGetValue((service, region), out var known) ? known : _resolved.GetOrAdd((service, region), ResolveNew(service, region));

    private AwsEndpoint ResolveNew(AwsService service, string region)
    {
        if (_explicitUrl is not null) return new AwsEndpoint(Configured(_explicitUrl, "-EndpointUrl"), ConfiguredSigningRegion(service, region));
        if (!IgnoreConfigured)
        {
            var variable = "AWS_ENDPOINT_URL_" + service.EnvironmentName;
            var configured = Blank(_environment(variable)) is { } specific ? (specific, variable)
                : Blank(_environment("AWS_ENDPOINT_URL")) is { } shared ? (shared, "AWS_ENDPOINT_URL")
                : _profileUrl is not null ? (_profileUrl, "the profile's endpoint_url")
                : default;
            if (configured.Item1 is not null) return new AwsEndpoint(Configured(configured.Item1, configured.Item2), ConfiguredSigningRegion(service, region));
        }

        // AWS's public endpoint, as botocore resolves it: {prefix}.{region}.{partition DNS suffix}, or the partition's
        // single endpoint for IAM and Organizations where it has one.
        var partition = AwsPartitions.Of(region);
        if (service.GlobalRegion is not null && AwsPartitions.GlobalEndpoint(service.SigningName, partition) is { } global)
            return new AwsEndpoint(new Uri("https://" + global.Host + "/"), global.SigningRegion);
        return new AwsEndpoint(new Uri("https://" + service.EndpointPrefix + "." + region + "." + partition.DnsSuffix + "/"), region);
    }

    /// <summary>An endpoint URL, or a clear error naming where it came from.</summary>
    public static Uri ParseUrl(string value, string source) =>
        Uri.TryCreate(value, UriKind.Absolute, out var uri) && (uri.Scheme == Uri.UriSchemeHttp || uri.Scheme == Uri.UriSchemeHttps) && uri.Host.Length > 0
            ? uri
            : throw new AwsConfigurationException($"The endpoint URL '{value}' ({source}) is not an absolute http or https URL, such as https://lambda.us-east-1.amazonaws.com or http://127.0.0.1:4566.", ErrorIds.InvalidEndpointUrl);

    // A configured URL, refused when it is plain http to a host other than loopback (unless allowed).
    private Uri Configured(string value, string source)
    {
        var custom = ParseUrl(value, source);
        if (custom.Scheme == Uri.UriSchemeHttp && !custom.IsLoopback && !AllowInsecureHttp)
            throw new AwsConfigurationException($"The endpoint URL '{value}' is plain http to {custom.Host}, which is not this computer: the signed requests and any session token would travel in clear. Use https, or pass -AllowInsecureEndpoint (or set LAMBDASEC_ALLOW_INSECURE_ENDPOINT=true) if the network path is trusted.", ErrorIds.InsecureEndpoint);
        return custom;
    }

    private bool IgnoreConfigured => string.Equals(_environment("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase);

    // A configured endpoint (an emulator, LocalStack) may serve any region name; IAM and Organizations are still
    // signed in their partition's region, as AWS expects.
    private static string ConfiguredSigningRegion(AwsService service, string region)
    {
        if (service.GlobalRegion is null) return region;
        return AwsPartitions.Find(region) is { } partition ? AwsPartitions.GlobalEndpoint(service.SigningName, partition)?.SigningRegion ?? region : service.GlobalRegion;
    }

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
