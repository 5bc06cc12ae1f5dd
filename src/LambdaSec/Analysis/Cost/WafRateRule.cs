using System.Text.Json;

namespace LambdaSec.Analysis.Cost;

/// <summary>
/// A WAF rate-based rule that caps a denial-of-wallet attack: one that blocks and counts all requests together
/// (AggregateKeyType CONSTANT). Rules keyed by IP, forwarded IP or custom keys allow their limit per key, which a
/// distributed attacker multiplies, so they cap nothing.
/// </summary>
public sealed class WafRateRule
{
    /// <summary>WAF's default evaluation window, in seconds.</summary>
    public const int DefaultWindowSeconds = 300;

    public WafRateRule(string ruleName, long requestLimit, int windowSeconds)
    {
        RuleName = ruleName;
        RequestLimit = requestLimit;
        WindowSeconds = windowSeconds;
    }

    public string RuleName { get; }

    /// <summary>Requests allowed per window.</summary>
    public long RequestLimit { get; }

    public int WindowSeconds { get; }

    public double RequestsPerSecond => RequestLimit / (double)WindowSeconds;

    /// <summary>The most restrictive capping rule of a web ACL (the WebACL member of GetWebACL/GetWebACLForResource), or null.</summary>
    public static WafRateRule? MostRestrictive(JsonElement webAcl)
    {
        if (webAcl.ValueKind != JsonValueKind.Object || !webAcl.TryGetProperty("Rules", out var rules) || rules.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        WafRateRule? best = null;
        foreach (var rule in rules.EnumerateArray())
        {
            if (rule.ValueKind == JsonValueKind.Object
                && rule.TryGetProperty("Action", out var action) && action.ValueKind == JsonValueKind.Object && action.TryGetProperty("Block", out _)
                && rule.TryGetProperty("Statement", out var statement) && statement.ValueKind == JsonValueKind.Object
                && statement.TryGetProperty("RateBasedStatement", out var rate) && rate.ValueKind == JsonValueKind.Object
                && rate.TryGetProperty("AggregateKeyType", out var key) && key.ValueKind == JsonValueKind.String && key.GetString() == "CONSTANT"
                && rate.TryGetProperty("Limit", out var limit) && limit.ValueKind == JsonValueKind.Number && limit.TryGetInt64(out var value) && value > 0)
            {
                var window = rate.TryGetProperty("EvaluationWindowSec", out var w) && w.ValueKind == JsonValueKind.Number && w.TryGetInt32(out var seconds) && seconds > 0 ? seconds : DefaultWindowSeconds;
                var candidate = new WafRateRule(rule.TryGetProperty("Name", out var name) ? name.ToString() : "rate rule", value, window);
                if (best is null || candidate.RequestsPerSecond < best.RequestsPerSecond)
                {
                    best = candidate;
                }
            }
        }

        return best;
    }
}
