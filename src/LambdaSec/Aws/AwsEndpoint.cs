using System;

namespace LambdaSec.Aws;

/// <summary>Where to send a service's calls and which region signs them.</summary>
public sealed class AwsEndpoint
{
    public AwsEndpoint(Uri uri, string signingRegion)
    {
        Uri = uri;
        SigningRegion = signingRegion;
        _display = uri + " (" + signingRegion + ")";
    }

    private readonly string _display;

    public Uri Uri { get; }

    public string SigningRegion { get; }

    /// <summary>The URL and signing region, which is also what the access layer keys what it learns about the endpoint by.</summary>
    public override string ToString() => _display;
}
