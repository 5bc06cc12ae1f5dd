using System.Collections.Concurrent;
using System.Text.Json.Nodes;

namespace LambdaSec.Emulator.Faults;

/// <summary>Per-operation counters, served by GET /_emulator/stats.</summary>
public sealed class EmulatorStats
{
    private sealed class Counters
    {
        public long Calls, Throttled, Faults, Errors;
    }

    private readonly ConcurrentDictionary<string, Counters> ops = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, long> downloads = new(StringComparer.Ordinal);

    private Counters For(string service, string operation) => ops.GetOrAdd($"{service}:{operation}", _ => new Counters());

    public void Call(string service, string operation) => Interlocked.Increment(ref For(service, operation).Calls);
    public void Throttle(string service, string operation) => Interlocked.Increment(ref For(service, operation).Throttled);
    public void Fault(string service, string operation) => Interlocked.Increment(ref For(service, operation).Faults);
    public void Error(string service, string operation) => Interlocked.Increment(ref For(service, operation).Errors);

    /// <summary>A code download (Code.Location of a function, Content.Location of a layer): not an AWS call, counted apart.</summary>
    public void Download(string kind) => downloads.AddOrUpdate(kind, 1, (_, n) => n + 1);

    public void Clear()
    {
        ops.Clear();
        downloads.Clear();
    }

    public JsonObject ToJson()
    {
        var operations = new JsonObject();
        long calls = 0, throttled = 0, faults = 0, errors = 0;
        foreach (var (k, c) in ops.OrderBy(kv => kv.Key, StringComparer.Ordinal))
        {
            operations[k] = new JsonObject { ["calls"] = c.Calls, ["throttled"] = c.Throttled, ["faults"] = c.Faults, ["errors"] = c.Errors };
            calls += c.Calls; throttled += c.Throttled; faults += c.Faults; errors += c.Errors;
        }
        return new JsonObject
        {
            ["totals"] = new JsonObject { ["calls"] = calls, ["throttled"] = throttled, ["faults"] = faults, ["errors"] = errors },
            ["operations"] = operations,
            ["downloads"] = new JsonObject { ["function"] = downloads.GetValueOrDefault("function"), ["layer"] = downloads.GetValueOrDefault("layer") },
        };
    }
}
