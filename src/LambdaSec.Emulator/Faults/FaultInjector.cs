using System.Text.Json.Serialization;

namespace LambdaSec.Emulator.Faults;

/// <summary>A fault rule. Kind: "5xx" (the service's internal error), "throttle" (the service's
/// throttling error), "drop" (abort the connection without an answer), "slow" (delay then answer
/// normally), "denied" (AccessDenied, as a missing IAM permission gives), "notfound" (ResourceNotFoundException,
/// as a resource deleted meanwhile gives), "unsupported" (HTTP 404 with no AWS error code, as a server without the
/// operation answers, e.g. moto for ListFunctionUrlConfigs), "rewrite" (answer normally, with every Find text of the body
/// replaced by Replace byte for byte: what no JSON serializer writes, such as a lone surrogate escape). Operation "*" matches every operation; Service narrows to one service;
/// Match narrows to requests whose path and query contain it (e.g. a function name).</summary>
public sealed class FaultRule
{
    [JsonPropertyName("service")] public string? Service { get; set; }
    [JsonPropertyName("operation")] public string Operation { get; set; } = "*";
    [JsonPropertyName("kind")] public string Kind { get; set; } = "5xx";
    [JsonPropertyName("probability")] public double Probability { get; set; } = 1.0;
    [JsonPropertyName("delayMs")] public int DelayMs { get; set; } = 2000;
    [JsonPropertyName("match")] public string? Match { get; set; }
    /// <summary>For "rewrite": the text to find in the answer body, and what to put there instead.</summary>
    [JsonPropertyName("find")] public string? Find { get; set; }
    [JsonPropertyName("replace")] public string? Replace { get; set; }
    /// <summary>Stop after this many injections (null = unlimited).</summary>
    [JsonPropertyName("count")] public int? Count { get; set; }
    [JsonPropertyName("injected")] public int Injected { get; set; }
}

public sealed class FaultInjector
{
    private static readonly string[] Kinds = ["5xx", "throttle", "drop", "slow", "denied", "notfound", "unsupported", "rewrite"];
    private readonly List<FaultRule> rules = [];

    /// <summary>Latency added to every AWS call (milliseconds).</summary>
    public int LatencyMs { get; set; }

    public IReadOnlyList<FaultRule> Rules
    {
        get { lock (rules) return rules.ToList(); }
    }

    public void Add(FaultRule rule)
    {
        if (!Kinds.Contains(rule.Kind, StringComparer.OrdinalIgnoreCase))
            throw new ArgumentException($"Fault kind '{rule.Kind}' is unknown; use one of {string.Join(", ", Kinds)}.");
        if (rule.Probability is < 0 or > 1) throw new ArgumentException("probability must be between 0 and 1.");
        if (rule.Kind.Equals("rewrite", StringComparison.OrdinalIgnoreCase) && string.IsNullOrEmpty(rule.Find))
            throw new ArgumentException("A rewrite fault needs a non-empty \"find\" (and a \"replace\").");
        lock (rules) rules.Add(rule);
    }

    /// <summary>Adds the rules of a JSON object or array (inline text or a file path).</summary>
    public void AddFromJson(string spec)
    {
        var text = spec.TrimStart().StartsWith('{') || spec.TrimStart().StartsWith('[') ? spec : File.ReadAllText(spec);
        var node = System.Text.Json.Nodes.JsonNode.Parse(text);
        var list = node is System.Text.Json.Nodes.JsonArray a ? a : new System.Text.Json.Nodes.JsonArray(node?.DeepClone());
        foreach (var item in list)
            Add(System.Text.Json.JsonSerializer.Deserialize<FaultRule>(item?.ToJsonString() ?? "null", ReadOptions) ?? throw new ArgumentException("Empty fault rule."));
    }

    private static readonly System.Text.Json.JsonSerializerOptions ReadOptions = new() { PropertyNameCaseInsensitive = true };

    public void Clear()
    {
        lock (rules) rules.Clear();
    }

    /// <summary>Picks the faults that fire for this call (at most one of each kind); <paramref name="target"/> is the request's path and query.</summary>
    public List<FaultRule> Draw(string service, string operation, string target)
    {
        var fired = new List<FaultRule>();
        lock (rules)
        {
            foreach (var r in rules)
            {
                if (r.Service is not null && !r.Service.Equals(service, StringComparison.OrdinalIgnoreCase)) continue;
                if (r.Operation != "*" && !r.Operation.Equals(operation, StringComparison.Ordinal)) continue;
                if (r.Match is not null && !target.Contains(r.Match, StringComparison.Ordinal)) continue;
                if (r.Count is { } c && r.Injected >= c) continue;
                if (fired.Any(f => f.Kind.Equals(r.Kind, StringComparison.OrdinalIgnoreCase))) continue;
                if (r.Probability < 1 && Random.Shared.NextDouble() >= r.Probability) continue;
                r.Injected++;
                fired.Add(r);
            }
        }
        return fired;
    }
}
