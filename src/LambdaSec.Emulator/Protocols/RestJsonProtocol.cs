using System.Text.Json.Nodes;
using LambdaSec.Emulator.Routing;

namespace LambdaSec.Emulator.Protocols;

/// <summary>
/// rest-json (Lambda, API Gateway). Errors carry the code in x-amzn-ErrorType and a JSON body;
/// Lambda adds "Type" (User/Service) and capitalised "Message" like the real service.
/// </summary>
public sealed class RestJsonProtocol(bool lambdaStyleErrors) : IProtocol
{
    public async Task WriteResultAsync(HttpContext http, string requestId, string operation, ApiResult result)
    {
        http.Response.StatusCode = result.Status;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        if (result.Body is JsonNode node)
        {
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(node.ToJsonString(JsonOut.Options));
        }
    }

    public async Task WriteErrorAsync(HttpContext http, string requestId, AwsException error)
    {
        http.Response.StatusCode = error.Status;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        http.Response.Headers["x-amzn-ErrorType"] = error.Code;
        foreach (var (k, v) in error.Headers) http.Response.Headers[k] = v;
        http.Response.ContentType = "application/json";
        var body = new JsonObject();
        if (lambdaStyleErrors)
        {
            body["Type"] = error.SenderFault ? "User" : "Service";
            body["Message"] = error.Message;
        }
        else
        {
            body["message"] = error.Message;
        }
        foreach (var (k, v) in error.Fields) body[k] = v;
        await http.Response.WriteAsync(body.ToJsonString(JsonOut.Options));
    }
}
