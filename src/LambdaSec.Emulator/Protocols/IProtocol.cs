using LambdaSec.Emulator.Routing;

namespace LambdaSec.Emulator.Protocols;

/// <summary>Result of an operation handler: HTTP status and a protocol-specific body
/// (a JsonNode for rest-json/json-1.1, an XElement for query).</summary>
public sealed record ApiResult(int Status, object? Body)
{
    public static ApiResult Ok(object? body) => new(200, body);
    public static ApiResult Created(object? body) => new(201, body);
    public static readonly ApiResult NoContent = new(204, null);
}

/// <summary>Serializes results and errors in one AWS wire protocol.</summary>
public interface IProtocol
{
    Task WriteResultAsync(HttpContext http, string requestId, string operation, ApiResult result);
    Task WriteErrorAsync(HttpContext http, string requestId, AwsException error);
}
