using System;
using Amazon.Runtime;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Credentials;
using LambdaSec.Model;

namespace LambdaSec.Aws;

/// <summary>
/// Resolves credentials and region in the order of DESIGN.md §2 (AWS.Tools' order): explicit parameters;
/// the shell defaults Set-AWSCredential/Set-DefaultAWSRegion leave; the environment (AWS_PROFILE, then
/// AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY/AWS_SESSION_TOKEN; AWS_REGION, then AWS_DEFAULT_REGION); the shared
/// config/credentials files' default profile (SSO and role_arn/source_profile profiles resolve through
/// AWSSDK.Core); then web identity, container and instance roles (AWSSDK.Core's default resolver).
/// </summary>
public static class AwsConnectionResolver
{
    private const string HowToCredentials = "Pass -ProfileName or -AccessKey/-SecretKey, run Set-AWSCredential (AWS.Tools), set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or add a [default] profile with 'aws configure'.";
    private const string HowToRegion = "Pass -Region, run Set-DefaultAWSRegion (AWS.Tools), set AWS_REGION, or add 'region = ...' to the profile in ~/.aws/config.";

    public static AwsConnection Resolve(AwsConnectionOptions options)
    {
        var env = options.Environment;
        var chain = new CredentialProfileStoreChain(Blank(options.ProfileLocation));
        CredentialProfile? profile = null;
        var (credentials, source) = ResolveCredentials(options, chain, ref profile);
        var (region, regionSource) = ResolveRegion(options, chain, profile);
        var endpoints = new AwsEndpointResolver(options.EndpointUrl, profile?.EndpointUrl, env)
        {
            AllowInsecureHttp = options.AllowInsecureEndpoint || string.Equals(env("LAMBDASEC_ALLOW_INSECURE_ENDPOINT"), "true", StringComparison.OrdinalIgnoreCase),
        };

        // Every configured endpoint is checked now, so a plain-http one stops the command before any credentials are sent.
        foreach (var service in AwsServices.All) endpoints.Resolve(service, region);
        return new AwsConnection(credentials, source, region, regionSource, endpoints);
    }

    private static (AWSCredentials, string) ResolveCredentials(AwsConnectionOptions options, CredentialProfileStoreChain chain, ref CredentialProfile? profile)
    {
        var env = options.Environment;
        if (options.Credentials is not null) return (options.Credentials, "-Credential");
        if (Blank(options.AccessKey) is { } accessKey)
        {
            var secret = Blank(options.SecretKey) ?? throw new AwsConfigurationException("-AccessKey was given without -SecretKey. Pass both (and -SessionToken for temporary keys).", ErrorIds.NoCredentials);
            return (Keys(accessKey, secret, options.SessionToken), "-AccessKey/-SecretKey");
        }
        if (Blank(options.ProfileName) is { } named) return (FromProfile(chain, named, "-ProfileName", ref profile, required: true)!, $"profile '{named}' (-ProfileName)");

        switch (options.StoredCredentials)
        {
            case AWSCredentials stored: return (stored, "$StoredAWSCredentials");
            case string storedProfile when storedProfile.Length > 0:
                return (FromProfile(chain, storedProfile, "$StoredAWSCredentials", ref profile, required: true)!, $"profile '{storedProfile}' ($StoredAWSCredentials)");
            case { } wrapper when wrapper.GetType().GetProperty("Credentials")?.GetValue(wrapper) is AWSCredentials inner:
                return (inner, "$StoredAWSCredentials");
        }

        if (Blank(env("AWS_PROFILE")) is { } envProfile)
            return (FromProfile(chain, envProfile, "AWS_PROFILE", ref profile, required: true)!, $"profile '{envProfile}' (AWS_PROFILE)");
        if (Blank(env("AWS_ACCESS_KEY_ID")) is { } envKey && Blank(env("AWS_SECRET_ACCESS_KEY")) is { } envSecret)
            return (Keys(envKey, envSecret, env("AWS_SESSION_TOKEN")), "environment AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY");
        if (FromProfile(chain, "default", "the shared files", ref profile, required: false) is { } fromDefault)
            return (fromDefault, "profile 'default'");

        // Web identity, container and instance roles: AWSSDK.Core's own chain (profiles and environment were tried above).
        try
        {
            var fallback = DefaultAWSCredentialsIdentityResolver.GetCredentials(null);
            fallback.GetCredentials();
            return (fallback, "container/instance role");
        }
        catch (AmazonClientException ex)
        {
            throw new AwsConfigurationException("No AWS credentials were found. " + HowToCredentials, ErrorIds.NoCredentials, ex);
        }
    }

    private static (string, string) ResolveRegion(AwsConnectionOptions options, CredentialProfileStoreChain chain, CredentialProfile? profile)
    {
        var env = options.Environment;
        if (Blank(options.Region) is { } explicitRegion) return (explicitRegion, "-Region");
        if (Blank(options.ProfileName) is not null && profile?.Region is { } named) return (named.SystemName, $"profile '{profile.Name}' (-ProfileName)");
        if (Blank(options.StoredRegion) is { } stored) return (stored, "$StoredAWSRegion");
        if (Blank(env("AWS_REGION")) is { } envRegion) return (envRegion, "AWS_REGION");
        if (Blank(env("AWS_DEFAULT_REGION")) is { } envDefault) return (envDefault, "AWS_DEFAULT_REGION");
        if (profile?.Region is { } fromProfile) return (fromProfile.SystemName, $"profile '{profile.Name}'");
        var fileProfile = Blank(env("AWS_PROFILE")) ?? "default";
        if (chain.TryGetProfile(fileProfile, out var other) && other.Region is { } otherRegion) return (otherRegion.SystemName, $"profile '{fileProfile}'");
        if (Blank(options.InputRegion) is { } inputRegion) return (inputRegion, "the function ARN");
        throw new AwsConfigurationException("No AWS region was found. " + HowToRegion, ErrorIds.NoRegion);
    }

    private static AWSCredentials? FromProfile(CredentialProfileStoreChain chain, string name, string origin, ref CredentialProfile? profile, bool required)
    {
        if (!chain.TryGetProfile(name, out var found))
        {
            if (!required) return null;
            throw new AwsConfigurationException($"The AWS profile '{name}' (from {origin}) was not found in {chain.ProfilesLocation ?? "the shared credentials and config files"}. List profiles with Get-AWSCredential -ListProfileDetail or 'aws configure list-profiles'.", ErrorIds.NoCredentials);
        }
        profile = found;
        if (!chain.TryGetAWSCredentials(name, out var credentials))
        {
            if (!required) return null;
            throw new AwsConfigurationException($"The AWS profile '{name}' (from {origin}) has no usable credentials (keys, role_arn/source_profile, sso_* or credential_process).", ErrorIds.NoCredentials);
        }
        return credentials;
    }

    private static AWSCredentials Keys(string accessKey, string secretKey, string? sessionToken) =>
        Blank(sessionToken) is { } token ? new SessionAWSCredentials(accessKey, secretKey, token) : new BasicAWSCredentials(accessKey, secretKey);

    private static string? Blank(string? value) => string.IsNullOrWhiteSpace(value) ? null : value!.Trim();
}
