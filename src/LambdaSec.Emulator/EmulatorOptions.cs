namespace LambdaSec.Emulator;

/// <summary>Command-line options of the emulator.</summary>
public sealed class EmulatorOptions
{
    public int Port { get; set; }
    public string? ScenarioPath { get; set; }
    public string? Generate { get; set; }
    /// <summary>"aws" (documented quotas), "off", or a path to a JSON rate-limit file.</summary>
    public string RateLimits { get; set; } = "aws";
    public int LatencyMs { get; set; }
    /// <summary>Fault rules at start: inline JSON (an object or an array) or a JSON file.</summary>
    public string? Faults { get; set; }
    /// <summary>Also record read-only calls (and failed calls) as CloudTrail management events, as CloudTrail does; off by default.</summary>
    public bool TrailReads { get; set; }

    public static EmulatorOptions Parse(string[] args)
    {
        var o = new EmulatorOptions();
        for (var i = 0; i < args.Length; i++)
        {
            var a = args[i];
            string Next() => i + 1 < args.Length ? args[++i] : throw new ArgumentException($"Option {a} needs a value.");
            switch (a.ToLowerInvariant())
            {
                case "--port": o.Port = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--scenario": o.ScenarioPath = Next(); break;
                case "--generate": o.Generate = Next(); break;
                case "--rate-limits": o.RateLimits = Next(); break;
                case "--latency-ms": o.LatencyMs = int.Parse(Next(), System.Globalization.CultureInfo.InvariantCulture); break;
                case "--faults": o.Faults = Next(); break;
                case "--trail-reads": o.TrailReads = true; break;
                case "--help":
                case "-h":
                    throw new ArgumentException("usage: LambdaSec.Emulator [--port <n>] [--scenario <file.json>] [--generate functions=N,regions=N,accounts=N,seed=N] [--rate-limits aws|off|<file.json>] [--latency-ms <n>] [--faults <rules.json>|<json>] [--trail-reads]");
                default: throw new ArgumentException($"Unknown option '{a}'. Use --help.");
            }
        }
        return o;
    }
}
