using System;

namespace LambdaSec.Aws;

/// <summary>Where to send a service's calls and which region signs them.</summary>
public sealed class AwsEndpoint
{
    public AwsEndpoint(Uri uri, string signingRegion)
    {
        Uri = uri;
        SigningRegion = signingRegion;
    }

    public Uri Uri { get; }

    public string SigningRegion { get; }

    public override string ToString() => Uri + " (" + SigningRegion + ")";
}
