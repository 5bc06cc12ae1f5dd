using System.Text.Json.Nodes;
using LambdaSec.Emulator.Routing;

namespace LambdaSec.Emulator.Protocols;

/// <summary>awsJson1_1 (CloudTrail, Organizations, WAFv2): POST /, X-Amz-Target, {"__type","message"} errors.</summary>
public sealed class JsonRpcProtocol : IProtocol
{
    private const string ContentType = "application/x-amz-json-1.1";

    public async Task WriteResultAsync(HttpContext http, string requestId, string operation, ApiResult result)
    {
        http.Response.StatusCode = result.Status;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        http.Response.ContentType = ContentType;
        await http.Response.WriteAsync((result.Body as JsonNode ?? new JsonObject()).ToJsonString(JsonOut.Options));
    }

    public async Task WriteErrorAsync(HttpContext http, string requestId, AwsException error)
    {
        http.Response.StatusCode = error.Status;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        foreach (var (k, v) in error.Headers) http.Response.Headers[k] = v;
        http.Response.ContentType = ContentType;
        var body = new JsonObject { ["__type"] = error.Code, ["message"] = error.Message };
        foreach (var (k, v) in error.Fields) body[k] = v;
        await http.Response.WriteAsync(body.ToJsonString(JsonOut.Options));
    }
}
