using System;

namespace LambdaSec.Aws.Shapes;

/// <summary>IAM returns policy documents URL-encoded (RFC 3986) in its query-protocol answers.</summary>
public static class IamDocument
{
    public static string? Decode(string? document) =>
        document is null ? null : document.TrimStart().StartsWith("{", StringComparison.Ordinal) ? document : Uri.UnescapeDataString(document);
}
