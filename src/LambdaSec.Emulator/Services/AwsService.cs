using System.Text.Json.Nodes;
using System.Xml.Linq;
using LambdaSec.Emulator.Protocols;
using LambdaSec.Emulator.Routing;

namespace LambdaSec.Emulator.Services;

public delegate ApiResult OperationHandler(AwsRequest request);

/// <summary>One AWS service: its wire protocol, its operations and its standard error answers.</summary>
public abstract class AwsService(string name, IProtocol protocol)
{
    /// <summary>SigV4 signing name (apigatewayv2 is its own entry here).</summary>
    public string Name { get; } = name;
    public IProtocol Protocol { get; } = protocol;

    /// <summary>Finds the operation of a request, sets <see cref="AwsRequest.Operation"/>, returns its handler.</summary>
    public abstract OperationHandler Resolve(AwsRequest request);

    /// <summary>Names of every operation the emulator implements for this service.</summary>
    public abstract IEnumerable<string> Operations { get; }

    /// <summary>The service's own throttling answer.</summary>
    public abstract AwsException Throttled(int retryAfterSeconds);

    /// <summary>The service's own internal (5xx) error answer.</summary>
    public abstract AwsException InternalError();

    protected static AwsException WithRetryAfter(AwsException e, int seconds)
    {
        e.Headers["Retry-After"] = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return e;
    }
}

/// <summary>rest-json services: operations matched by HTTP method and URI template.</summary>
public abstract class RestJsonService(string name, bool lambdaStyleErrors) : AwsService(name, new RestJsonProtocol(lambdaStyleErrors))
{
    private sealed record RouteEntry(string Method, string[] Segments, string Operation, OperationHandler Handler);

    private readonly List<RouteEntry> routes = [];

    protected void Map(string method, string template, string operation, OperationHandler handler) =>
        routes.Add(new RouteEntry(method, template.Trim('/').Split('/'), operation, handler));

    public override IEnumerable<string> Operations => routes.Select(r => r.Operation);

    public override OperationHandler Resolve(AwsRequest request)
    {
        var path = (request.Http.Request.Path.Value ?? "/").Trim('/');
        var segments = path.Length == 0 ? [] : path.Split('/');
        var method = request.Http.Request.Method;
        var pathMatched = false;
        foreach (var route in routes)
        {
            if (route.Segments.Length != segments.Length) continue;
            var values = new Dictionary<string, string>(StringComparer.Ordinal);
            var ok = true;
            for (var i = 0; i < segments.Length && ok; i++)
            {
                var t = route.Segments[i];
                if (t.StartsWith('{')) values[t.Trim('{', '}')] = Uri.UnescapeDataString(segments[i]);
                else ok = string.Equals(t, segments[i], StringComparison.Ordinal);
            }
            if (!ok) continue;
            pathMatched = true;
            if (!string.Equals(route.Method, method, StringComparison.OrdinalIgnoreCase)) continue;
            foreach (var (k, v) in values) request.PathParams[k] = v;
            request.Operation = route.Operation;
            return route.Handler;
        }
        throw pathMatched
            ? new AwsException("MethodNotAllowedException", $"Method {method} not allowed on /{path}", 405)
            : new AwsException("UnknownOperationException", $"No {Name} operation at {method} /{path}", 404);
    }

    protected string PathParam(AwsRequest r, string name) => r.PathParams[name];
}

/// <summary>awsJson1_1 services: operation = X-Amz-Target after the last dot.</summary>
public abstract class JsonRpcService(string name) : AwsService(name, new JsonRpcProtocol())
{
    private readonly Dictionary<string, Func<AwsRequest, JsonNode?>> handlers = new(StringComparer.Ordinal);

    protected void Map(string operation, Func<AwsRequest, JsonNode?> handler) => handlers[operation] = handler;

    public override IEnumerable<string> Operations => handlers.Keys;

    public override OperationHandler Resolve(AwsRequest request)
    {
        var target = request.Http.Request.Headers["X-Amz-Target"].ToString();
        var op = target[(target.LastIndexOf('.') + 1)..];
        if (!handlers.TryGetValue(op, out var h))
            throw new AwsException("UnknownOperationException", $"Operation {op} is not supported by the {Name} emulator.");
        request.Operation = op;
        return r => ApiResult.Ok(h(r) ?? new JsonObject());
    }

    public override AwsException Throttled(int retryAfterSeconds) =>
        WithRetryAfter(new AwsException("ThrottlingException", "Rate exceeded"), retryAfterSeconds);

    public override AwsException InternalError() =>
        new("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500, false);
}

/// <summary>awsQuery and ec2 services: operation = the Action form parameter; XML results.</summary>
public abstract class QueryService(string name, QueryXmlProtocol protocol) : AwsService(name, protocol)
{
    private readonly Dictionary<string, Func<AwsRequest, XElement?>> handlers = new(StringComparer.Ordinal);

    protected void Map(string action, Func<AwsRequest, XElement?> handler) => handlers[action] = handler;

    public override IEnumerable<string> Operations => handlers.Keys;

    public override OperationHandler Resolve(AwsRequest request)
    {
        var action = request.P("Action") ?? "";
        if (!handlers.TryGetValue(action, out var h))
            throw new AwsException("InvalidAction", $"Could not find operation {action} for version {request.P("Version")}");
        request.Operation = action;
        return r => ApiResult.Ok(h(r));
    }

    public override AwsException Throttled(int retryAfterSeconds) =>
        WithRetryAfter(new AwsException("Throttling", "Rate exceeded"), retryAfterSeconds);

    public override AwsException InternalError() =>
        new("InternalFailure", "The request processing has failed because of an unknown error, exception or failure.", 500, false);
}
