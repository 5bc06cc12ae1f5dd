using System;
using System.Text.Json;

namespace LambdaSec.Aws.Protocols;

/// <summary>
/// Reads errors of both JSON protocols: the code comes from x-amzn-ErrorType or the body's __type/code
/// (either may carry a namespace before '#' or details after ':'), the message from message/Message.
/// </summary>
internal static class JsonErrorReader
{
    public static AwsErrorInfo Read(int statusCode, Func<string, string?> header, byte[] body)
    {
        string? code = header("x-amzn-ErrorType"), message = null;
        try
        {
            using var document = JsonDocument.Parse(body);
            var root = new AwsNode(document.RootElement);
            if (root.Json.ValueKind == JsonValueKind.Object)
            {
                code ??= Member(root, "__type") ?? Member(root, "code") ?? Member(root, "Code");
                message = Member(root, "message") ?? Member(root, "Message");
            }
        }
        catch (JsonException)
        {
            // Proxies and load balancers answer with HTML; the HTTP status still classifies the error.
        }
        return new AwsErrorInfo(statusCode, Clean(code) ?? "Http" + statusCode, message ?? "HTTP " + statusCode, header("x-amzn-RequestId") ?? header("x-amz-request-id"), AwsErrorInfo.ParseRetryAfter(header));
    }

    /// <summary>A string member, read by <see cref="AwsNode"/> so that text that is not valid Unicode cannot make the error itself throw.</summary>
    private static string? Member(AwsNode root, string name) =>
        root.Get(name) is { Json.ValueKind: JsonValueKind.String } node ? node.AsString() : null;

    private static string? Clean(string? code)
    {
        if (string.IsNullOrEmpty(code)) return null;
        var colon = code!.IndexOf(':');
        if (colon >= 0) code = code.Substring(0, colon);
        var hash = code.LastIndexOf('#');
        return hash >= 0 ? code.Substring(hash + 1) : code;
    }
}
