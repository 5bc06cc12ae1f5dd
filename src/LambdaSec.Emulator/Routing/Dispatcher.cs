using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaSec.Emulator.Faults;
using LambdaSec.Emulator.Protocols;
using LambdaSec.Emulator.Services;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Routing;

/// <summary>The HTTP entry point: admin API, routing, identity, faults, quotas, then the operation.</summary>
public sealed class Dispatcher
{
    private static readonly string[] GlobalServices = ["iam", "organizations"];
    private readonly StateStore store;
    private readonly RateLimiter limiter;
    private readonly FaultInjector faults;
    private readonly EmulatorStats stats;
    private readonly AdminApi admin;

    public Dispatcher(StateStore store, RateLimiter limiter, FaultInjector faults, EmulatorStats stats, ServiceRegistry registry)
    {
        this.store = store;
        this.limiter = limiter;
        this.faults = faults;
        this.stats = stats;
        Registry = registry;
        admin = new AdminApi(store, limiter, faults, stats, registry);
    }

    public ServiceRegistry Registry { get; }

    /// <summary>Record every call that reaches its operation in CloudTrail (reads and failures too), not only the writes.</summary>
    public bool RecordReadEvents { get; init; }

    public async Task HandleAsync(HttpContext http)
    {
        var path = http.Request.Path.Value ?? "/";
        if (path.StartsWith("/_emulator", StringComparison.Ordinal))
        {
            await admin.HandleAsync(http);
            return;
        }

        var body = await ReadBodyAsync(http.Request);
        var form = ParseForm(http.Request, body);
        var route = ServiceRouter.Resolve(http.Request, form);
        var service = Registry.Find(route.Service);
        if (service is null)
        {
            http.Response.StatusCode = 400;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(new JsonObject
            {
                ["__type"] = "UnknownServiceException",
                ["message"] = $"LambdaSec.Emulator does not emulate service '{route.Service}' ({http.Request.Method} {path}).",
            }.ToJsonString(JsonOut.Options));
            return;
        }

        AwsRequest request;
        lock (store.Gate)
        {
            var state = store.Current;
            request = new AwsRequest
            {
                Http = http,
                Service = service.Name,
                Region = route.Region,
                Caller = ResolveCaller(state, route.AccessKeyId),
                State = state,
                Body = body,
                Form = form,
            };
        }

        OperationHandler handler;
        try
        {
            if (body.Length > 0 && form.Count == 0 && service.Protocol is not QueryXmlProtocol)
            {
                try
                {
                    request.Json = JsonNode.Parse(body) as JsonObject ?? new JsonObject();
                }
                catch (JsonException)
                {
                    throw new AwsException("SerializationException", "Could not parse the request body as JSON.");
                }
            }
            handler = service.Resolve(request);
        }
        catch (AwsException e)
        {
            stats.Error(service.Name, request.Operation.Length > 0 ? request.Operation : "Unknown");
            await service.Protocol.WriteErrorAsync(http, request.RequestId, e);
            return;
        }

        var op = request.Operation;
        stats.Call(service.Name, op);
        if (faults.LatencyMs > 0) await Task.Delay(faults.LatencyMs);

        FaultRule? rewrite = null;
        foreach (var fault in faults.Draw(service.Name, op, Uri.UnescapeDataString(http.Request.Path.Value + http.Request.QueryString.Value)))
        {
            stats.Fault(service.Name, op);
            switch (fault.Kind.ToLowerInvariant())
            {
                case "rewrite":
                    rewrite = fault;
                    break;
                case "drop":
                    http.Abort();
                    return;
                case "slow":
                    await Task.Delay(fault.DelayMs);
                    break;
                case "throttle":
                    await service.Protocol.WriteErrorAsync(http, request.RequestId, service.Throttled(1));
                    return;
                case "denied":
                    // Query services (IAM, STS, ELB) name it AccessDenied, EC2 UnauthorizedOperation; the JSON ones AccessDeniedException.
                    await service.Protocol.WriteErrorAsync(http, request.RequestId, new AwsException(
                        service.Name switch { "iam" or "sts" or "elasticloadbalancing" => "AccessDenied", "ec2" => "UnauthorizedOperation", _ => "AccessDeniedException" },
                        $"User: {request.Caller.Arn} is not authorized to perform: {service.Name}:{op} because no identity-based policy allows the {service.Name}:{op} action", 403));
                    return;
                case "notfound":
                    await service.Protocol.WriteErrorAsync(http, request.RequestId, new AwsException("ResourceNotFoundException", $"Function not found: {http.Request.Path.Value}", 404));
                    return;
                case "unsupported":
                    http.Response.StatusCode = 404;
                    http.Response.ContentType = "text/html";
                    await http.Response.WriteAsync("<!doctype html><title>404 Not Found</title><h1>Not Found</h1>");
                    return;
                default:
                    await service.Protocol.WriteErrorAsync(http, request.RequestId, service.InternalError());
                    return;
            }
        }

        var limitRegion = GlobalServices.Contains(service.Name) ? "global" : request.Region;
        if (!limiter.TryAcquire(request.AccountId, limitRegion, service.Name, op, out var retryAfter))
        {
            stats.Throttle(service.Name, op);
            await service.Protocol.WriteErrorAsync(http, request.RequestId, service.Throttled(retryAfter));
            return;
        }

        ApiResult result;
        try
        {
            lock (store.Gate)
            {
                result = handler(request);
                if (RecordReadEvents) TrailRecorder.RecordCall(request, null);
            }
        }
        catch (AwsException e)
        {
            stats.Error(service.Name, op);
            if (RecordReadEvents)
            {
                lock (store.Gate) TrailRecorder.RecordCall(request, e.Code);
            }
            await service.Protocol.WriteErrorAsync(http, request.RequestId, e);
            return;
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            stats.Error(service.Name, op);
            Console.Error.WriteLine($"LambdaSec.Emulator: {service.Name}:{op} failed: {e}");
            await service.Protocol.WriteErrorAsync(http, request.RequestId, service.InternalError());
            return;
        }
        if (rewrite is null) await service.Protocol.WriteResultAsync(http, request.RequestId, op, result);
        else await WriteRewrittenAsync(http, service.Protocol, request.RequestId, op, result, rewrite);
    }

    /// <summary>Writes the answer with the rule's Find text replaced by its Replace text (a "rewrite" fault).</summary>
    private static async Task WriteRewrittenAsync(HttpContext http, IProtocol protocol, string requestId, string op, ApiResult result, FaultRule rule)
    {
        var original = http.Response.Body;
        using var buffer = new MemoryStream();
        http.Response.Body = buffer;
        try
        {
            await protocol.WriteResultAsync(http, requestId, op, result);
        }
        finally
        {
            http.Response.Body = original;
        }
        await http.Response.WriteAsync(Encoding.UTF8.GetString(buffer.ToArray()).Replace(rule.Find!, rule.Replace ?? ""));
    }

    /// <summary>Account from the access key: temporary (AssumeRole) keys map back to their account;
    /// a 12-digit key is the account; anything else is the default account.</summary>
    public static CallerIdentity ResolveCaller(EmulatorState state, string accessKeyId)
    {
        if (state.TemporaryCredentials.TryGetValue(accessKeyId, out var temp))
            return new CallerIdentity(temp.AccountId, temp.AssumedRoleArn, $"{temp.RoleId}:{temp.SessionName}",
                accessKeyId, "AssumedRole", temp.SessionName, temp.RoleArn);
        var account = CallerIdentity.IsAccountId(accessKeyId) ? accessKeyId : CallerIdentity.DefaultAccount;
        return CallerIdentity.ForAccount(account, accessKeyId);
    }

    private static async Task<byte[]> ReadBodyAsync(HttpRequest request)
    {
        using var ms = new MemoryStream();
        await request.Body.CopyToAsync(ms);
        return ms.ToArray();
    }

    private static Dictionary<string, string> ParseForm(HttpRequest request, byte[] body)
    {
        var form = new Dictionary<string, string>(StringComparer.Ordinal);
        var isForm = request.ContentType?.StartsWith("application/x-www-form-urlencoded", StringComparison.OrdinalIgnoreCase) == true;
        if (isForm && body.Length > 0)
        {
            foreach (var (k, v) in Microsoft.AspNetCore.WebUtilities.QueryHelpers.ParseQuery(Encoding.UTF8.GetString(body)))
                form[k] = v.ToString();
        }
        else if (request.Query.ContainsKey("Action"))
        {
            foreach (var (k, v) in request.Query) form[k] = v.ToString();
        }
        return form;
    }
}
