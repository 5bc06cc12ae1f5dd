using System;
using System.Collections.Generic;

namespace LambdaSec.Aws;

/// <summary>An unsigned HTTP request as a protocol builds it; the session signs and sends it.</summary>
public sealed class AwsWireRequest
{
    public AwsWireRequest(string method, Uri uri, byte[] body, string? contentType)
    {
        Method = method;
        Uri = uri;
        Body = body;
        ContentType = contentType;
    }

    public string Method { get; }

    public Uri Uri { get; }

    public byte[] Body { get; }

    public string? ContentType { get; }

    /// <summary>Extra headers to send and sign (X-Amz-Target, Accept).</summary>
    public IDictionary<string, string> Headers { get; } = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
}
