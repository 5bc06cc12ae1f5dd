using System.Text.Json;
using System.Text.Json.Serialization;

namespace LambdaSec.Emulator.Faults;

/// <summary>One rate-limit rule. Operations "*" matches every operation of the service not matched
/// by an earlier rule. Shared = one bucket for all matched operations (Lambda's "remainder of the
/// control plane" quota), else one bucket per operation.</summary>
public sealed class RateLimitRule
{
    [JsonPropertyName("service")] public string Service { get; set; } = "*";
    [JsonPropertyName("operations")] public List<string> Operations { get; set; } = ["*"];
    [JsonPropertyName("rate")] public double Rate { get; set; }
    [JsonPropertyName("burst")] public double? Burst { get; set; }
    [JsonPropertyName("shared")] public bool Shared { get; set; }
    [JsonPropertyName("source")] public string? Source { get; set; }
}

public sealed class RateLimitConfig
{
    [JsonPropertyName("rules")] public List<RateLimitRule> Rules { get; set; } = [];
}

/// <summary>Token buckets per account + region + rule (+ operation unless shared).</summary>
public sealed class RateLimiter
{
    private sealed class Bucket
    {
        private readonly double rate;
        private readonly double burst;
        private double tokens;
        private long last = Environment.TickCount64;

        public Bucket(double rate, double burst)
        {
            this.rate = rate;
            this.burst = burst;
            tokens = burst;
        }

        public bool TryTake(out int retryAfterSeconds)
        {
            lock (this)
            {
                var now = Environment.TickCount64;
                tokens = Math.Min(burst, tokens + (now - last) / 1000.0 * rate);
                last = now;
                if (tokens >= 1)
                {
                    tokens -= 1;
                    retryAfterSeconds = 0;
                    return true;
                }
                retryAfterSeconds = Math.Max(1, (int)Math.Ceiling((1 - tokens) / rate));
                return false;
            }
        }
    }

    private readonly Dictionary<string, Bucket> buckets = new(StringComparer.Ordinal);
    private List<RateLimitRule> rules = [];

    public IReadOnlyList<RateLimitRule> Rules => rules;

    /// <summary>"aws", "off", a JSON file path, or inline JSON.</summary>
    public void Configure(string spec)
    {
        if (spec.Equals("off", StringComparison.OrdinalIgnoreCase)) Set(new RateLimitConfig());
        else if (spec.Equals("aws", StringComparison.OrdinalIgnoreCase)) Set(QuotaDefaults.Aws());
        else if (spec.TrimStart().StartsWith('{')) Set(Parse(spec));
        else if (File.Exists(spec)) Set(Parse(File.ReadAllText(spec)));
        else throw new ArgumentException($"--rate-limits must be aws, off or a JSON file; '{spec}' is none of these.");
    }

    private static readonly JsonSerializerOptions ParseOptions = new() { PropertyNameCaseInsensitive = true };

    public static RateLimitConfig Parse(string json) =>
        JsonSerializer.Deserialize<RateLimitConfig>(json, ParseOptions) ?? new RateLimitConfig();

    public void Set(RateLimitConfig config)
    {
        foreach (var r in config.Rules)
            if (r.Rate <= 0) throw new ArgumentException($"Rate-limit rule for {r.Service} has rate {r.Rate}; it must be > 0.");
        lock (buckets)
        {
            rules = config.Rules;
            buckets.Clear();
        }
    }

    /// <summary>Takes a token; false (and the seconds to wait) when the caller is throttled.</summary>
    public bool TryAcquire(string account, string region, string service, string operation, out int retryAfterSeconds)
    {
        retryAfterSeconds = 0;
        Bucket? bucket = null;
        lock (buckets)
        {
            for (var i = 0; i < rules.Count; i++)
            {
                var r = rules[i];
                if (r.Service != "*" && !r.Service.Equals(service, StringComparison.OrdinalIgnoreCase)) continue;
                if (!r.Operations.Contains("*") && !r.Operations.Contains(operation, StringComparer.Ordinal)) continue;
                var key = $"{account}|{region}|{i}|{(r.Shared ? "" : operation)}";
                if (!buckets.TryGetValue(key, out bucket))
                    buckets[key] = bucket = new Bucket(r.Rate, Math.Max(1, r.Burst ?? r.Rate));
                break;
            }
        }
        return bucket is null || bucket.TryTake(out retryAfterSeconds);
    }
}
