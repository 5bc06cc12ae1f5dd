using System;
using System.Collections.Generic;
using System.IO;
using System.Text.Json;

namespace LambdaSec.Aws.Protocols;

/// <summary>json-1.1 (CloudTrail, WAFv2, Organizations): POST / with X-Amz-Target = prefix.Operation and the input as a JSON body.</summary>
public sealed class JsonRpcProtocol : IAwsProtocol
{
    public static readonly JsonRpcProtocol Instance = new();

    private JsonRpcProtocol()
    {
    }

    public AwsWireRequest BuildRequest(AwsOperation operation, IReadOnlyDictionary<string, object?> input, Uri endpoint)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var member in input)
            {
                if (member.Value is null) continue;
                writer.WritePropertyName(member.Key);
                JsonValueWriter.Write(writer, member.Value);
            }
            writer.WriteEndObject();
        }
        var request = new AwsWireRequest("POST", endpoint, stream.ToArray(), "application/x-amz-json-1.1");
        request.Headers["X-Amz-Target"] = operation.Service.TargetPrefix + "." + operation.Name;
        return request;
    }

    public AwsNode ReadResult(AwsOperation operation, byte[] body) => ParseJson(body);

    public AwsErrorInfo ReadError(int statusCode, Func<string, string?> header, byte[] body) => JsonErrorReader.Read(statusCode, header, body);

    /// <summary>An empty body (204, DELETE) reads as an empty object so callers need no special case.</summary>
    internal static AwsNode ParseJson(byte[] body)
    {
        using var document = JsonDocument.Parse(body.Length == 0 ? RestJsonProtocol.Utf8("{}") : body);
        return new AwsNode(document.RootElement);
    }
}
