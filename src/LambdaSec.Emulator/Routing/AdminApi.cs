using LambdaSec.Emulator.Protocols;
using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaSec.Emulator.Faults;
using LambdaSec.Emulator.Scenario;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Routing;

/// <summary>
/// The emulator's own control API under /_emulator/ (documented in README.md). A web page the user visits must not be
/// able to reset or rewrite it: calls are accepted only with a loopback Host (a DNS-rebinding page sends its own host
/// name), and calls that change something only with Content-Type application/json, which a cross-site page cannot
/// send without a CORS preflight the emulator never grants.
/// </summary>
public sealed class AdminApi(StateStore store, RateLimiter limiter, FaultInjector faults, EmulatorStats stats, ServiceRegistry registry)
{
    public async Task HandleAsync(HttpContext http)
    {
        if (Refusal(http.Request) is { } refusal)
        {
            http.Response.StatusCode = refusal.Status;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(new JsonObject { ["error"] = refusal.Message }.ToJsonString(JsonOut.Options));
            return;
        }

        if (CodeDownloads.Matches(http))
        {
            await CodeDownloads.ServeAsync(http, store, stats);
            return;
        }

        var path = (http.Request.Path.Value ?? "").TrimEnd('/');
        var method = http.Request.Method.ToUpperInvariant();
        string body;
        using (var reader = new StreamReader(http.Request.Body)) body = await reader.ReadToEndAsync();
        try
        {
            JsonNode? answer = (method, path) switch
            {
                ("GET", "/_emulator/health") => new JsonObject { ["status"] = "ok" },
                ("GET", "/_emulator/stats") => stats.ToJson(),
                ("DELETE", "/_emulator/stats") => Do(stats.Clear),
                ("GET", "/_emulator/faults") => JsonSerializer.SerializeToNode(faults.Rules),
                ("POST", "/_emulator/faults") => AddFaults(body),
                ("DELETE", "/_emulator/faults") => Do(faults.Clear),
                ("POST", "/_emulator/latency") => SetLatency(body),
                ("GET", "/_emulator/ratelimits") => JsonSerializer.SerializeToNode(new RateLimitConfig { Rules = limiter.Rules.ToList() }),
                ("POST", "/_emulator/ratelimits") => SetRateLimits(body),
                ("POST", "/_emulator/reset") => Reset(),
                ("POST", "/_emulator/scenario") => LoadScenario(body, http.Request.Query["replace"] == "true"),
                ("GET", "/_emulator/accounts") => Accounts(),
                _ => throw new KeyNotFoundException($"No admin endpoint {method} {path}. See src/LambdaSec.Emulator/README.md."),
            };
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync((answer ?? new JsonObject()).ToJsonString(JsonOut.Options));
        }
        catch (Exception e) when (e is ArgumentException or JsonException or KeyNotFoundException or InvalidOperationException or Routing.AwsException)
        {
            http.Response.StatusCode = e is KeyNotFoundException ? 404 : 400;
            http.Response.ContentType = "application/json";
            await http.Response.WriteAsync(new JsonObject { ["error"] = e.Message }.ToJsonString(JsonOut.Options));
        }
    }

    private static (int Status, string Message)? Refusal(HttpRequest request)
    {
        var host = request.Host.Host.Trim('[', ']');
        var loopback = string.Equals(host, "localhost", StringComparison.OrdinalIgnoreCase) || (System.Net.IPAddress.TryParse(host, out var address) && System.Net.IPAddress.IsLoopback(address));
        if (!loopback)
        {
            return (403, $"Admin calls are accepted only with a loopback Host (127.0.0.1, localhost, [::1]), not '{request.Host}'.");
        }

        var changes = !HttpMethods.IsGet(request.Method) && !HttpMethods.IsHead(request.Method);
        var json = request.ContentType?.StartsWith("application/json", StringComparison.OrdinalIgnoreCase) == true;
        return changes && !json ? (415, "Admin calls that change the emulator need Content-Type: application/json.") : null;
    }

    private static JsonNode Do(Action action)
    {
        action();
        return new JsonObject { ["ok"] = true };
    }

    private JsonNode AddFaults(string body)
    {
        faults.AddFromJson(body.Length == 0 ? "{}" : body);
        return JsonSerializer.SerializeToNode(faults.Rules)!;
    }

    private JsonNode SetLatency(string body)
    {
        var ms = JsonNode.Parse(body)?["ms"]?.GetValue<int>() ?? throw new ArgumentException("Body must be {\"ms\": <n>}.");
        faults.LatencyMs = Math.Max(0, ms);
        return new JsonObject { ["ms"] = faults.LatencyMs };
    }

    private JsonNode SetRateLimits(string body)
    {
        var node = JsonNode.Parse(body) as JsonObject ?? throw new ArgumentException("Body must be a JSON object.");
        if (node["preset"] is JsonNode preset) limiter.Configure(preset.GetValue<string>());
        else limiter.Set(RateLimiter.Parse(body));
        return JsonSerializer.SerializeToNode(new RateLimitConfig { Rules = limiter.Rules.ToList() })!;
    }

    private JsonNode Reset()
    {
        store.Reset();
        faults.Clear();
        faults.LatencyMs = 0;
        stats.Clear();
        limiter.Set(new RateLimitConfig { Rules = limiter.Rules.ToList() });
        return new JsonObject { ["ok"] = true };
    }

    private JsonNode LoadScenario(string body, bool replace)
    {
        if (replace) store.Reset();
        var summary = ScenarioLoader.Load(store, registry, body);
        return summary;
    }

    private JsonNode Accounts()
    {
        var result = new JsonArray();
        lock (store.Gate)
        {
            foreach (var (id, acct) in store.Current.Accounts)
            {
                var regions = new JsonObject();
                foreach (var (name, r) in acct.Regions)
                    regions[name] = new JsonObject { ["functions"] = r.Functions.Count, ["events"] = r.Events.Count };
                result.Add(new JsonObject { ["accountId"] = id, ["roles"] = acct.Roles.Count, ["policies"] = acct.Policies.Count, ["regions"] = regions });
            }
        }
        return result;
    }
}
