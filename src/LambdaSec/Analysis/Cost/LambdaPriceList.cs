using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace LambdaSec.Analysis.Cost;

/// <summary>
/// The prices the denial-of-wallet model uses: Lambda requests and duration (per architecture, per region
/// where they differ), API Gateway requests and the ALB LCU. Parsing is pure so that the embedded
/// Data/prices.json and a -PriceFile share one validator.
/// </summary>
public sealed class LambdaPriceList
{
    public const int SupportedSchemaVersion = 1;

    public const string X86 = "x86_64";
    public const string Arm64 = "arm64";

    private const string EmbeddedResourceName = "LambdaSec.Data.prices.json";
    private const double Million = 1_000_000;

    private static readonly Lazy<LambdaPriceList> Embedded = new(LoadEmbedded);

    private readonly Dictionary<string, TieredPrice> _compute;
    private readonly Dictionary<string, Dictionary<string, TieredPrice>> _regionalCompute;

    private LambdaPriceList(string origin, string currency, DateTime compiled, Dictionary<string, TieredPrice> compute, Dictionary<string, Dictionary<string, TieredPrice>> regionalCompute)
    {
        Origin = origin;
        Currency = currency;
        Compiled = compiled;
        _compute = compute;
        _regionalCompute = regionalCompute;
    }

    /// <summary>"embedded price list" or the file path.</summary>
    public string Origin { get; }

    public string Currency { get; }

    public DateTime Compiled { get; }

    public IReadOnlyList<string> Sources { get; private init; } = [];

    public double LambdaRequestPrice { get; private init; }

    /// <summary>API Gateway REST API price per request, tiered by monthly requests.</summary>
    public TieredPrice RestApiRequestPrice { get; private init; } = null!;

    /// <summary>API Gateway HTTP API price per request, tiered by monthly requests.</summary>
    public TieredPrice HttpApiRequestPrice { get; private init; } = null!;

    /// <summary>
    /// ALB charge per request when every request opens a new connection: one LCU covers 25 new connections
    /// per second for an hour, so a request costs LCU-hour / (25 × 3600).
    /// </summary>
    public double AlbRequestPrice { get; private init; }

    public static LambdaPriceList Default => Embedded.Value;

    public static IReadOnlyList<string> Architectures { get; } = [X86, Arm64];

    /// <summary>The duration price (per GB-second) of an architecture in a region; the default table where the region has no own prices.</summary>
    public TieredPrice ComputePrice(string? region, string architecture) =>
        region is not null && _regionalCompute.TryGetValue(region, out var regional) && regional.TryGetValue(architecture, out var price)
            ? price
            : _compute[architecture];

    public static LambdaPriceList Parse(string json, string origin)
    {
        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json);
        }
        catch (JsonException ex)
        {
            throw Invalid(origin, $"it is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1})", ex);
        }

        using (doc)
        {
            var root = Object(doc.RootElement, "the top level", origin);
            var version = Property(root, "schemaVersion", origin);
            if (version.ValueKind != JsonValueKind.Number || !version.TryGetInt32(out var v) || v != SupportedSchemaVersion)
            {
                throw Invalid(origin, $"schemaVersion must be {SupportedSchemaVersion}");
            }

            var currencyElement = Property(root, "currency", origin);
            var currency = currencyElement.ValueKind == JsonValueKind.String && currencyElement.GetString() is { Length: > 0 } c ? c : throw Invalid(origin, "currency must be a non-empty string such as USD");
            var compiledText = Property(root, "compiled", origin).ToString();
            if (!DateTime.TryParseExact(compiledText, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var compiled))
            {
                throw Invalid(origin, $"compiled '{compiledText}' is not a yyyy-MM-dd date");
            }

            var lambda = Object(Property(root, "lambda", origin), "lambda", origin);
            var compute = ReadArchitectures(Object(Property(lambda, "computePerGbSecond", origin, "lambda"), "lambda.computePerGbSecond", origin), "lambda.computePerGbSecond", origin, requireAll: true);
            var regional = new Dictionary<string, Dictionary<string, TieredPrice>>(StringComparer.OrdinalIgnoreCase);
            if (lambda.TryGetProperty("regions", out var regions))
            {
                foreach (var region in Object(regions, "lambda.regions", origin).EnumerateObject())
                {
                    regional[region.Name] = ReadArchitectures(Object(region.Value, $"lambda.regions.{region.Name}", origin), $"lambda.regions.{region.Name}", origin, requireAll: false);
                }
            }

            var apiGateway = Object(Property(root, "apiGateway", origin), "apiGateway", origin);
            var alb = Object(Property(root, "applicationLoadBalancer", origin), "applicationLoadBalancer", origin);
            var lcuHour = Number(Property(alb, "lcuHour", origin, "applicationLoadBalancer"), "applicationLoadBalancer.lcuHour", origin);
            var connectionsPerLcu = Number(Property(alb, "newConnectionsPerSecondPerLcu", origin, "applicationLoadBalancer"), "applicationLoadBalancer.newConnectionsPerSecondPerLcu", origin);
            if (connectionsPerLcu <= 0)
            {
                throw Invalid(origin, "applicationLoadBalancer.newConnectionsPerSecondPerLcu must be greater than 0");
            }

            return new LambdaPriceList(origin, currency, compiled, compute, regional)
            {
                Sources = root.TryGetProperty("sources", out var sources) && sources.ValueKind == JsonValueKind.Array
                    ? sources.EnumerateArray().Select(s => s.ValueKind == JsonValueKind.Object && s.TryGetProperty("url", out var url) ? url.ToString() : s.ToString()).ToArray()
                    : [],
                LambdaRequestPrice = Number(Property(lambda, "requestPerMillion", origin, "lambda"), "lambda.requestPerMillion", origin) / Million,
                RestApiRequestPrice = Tiers(Property(apiGateway, "restApiPerMillion", origin, "apiGateway"), "apiGateway.restApiPerMillion", origin, Million),
                HttpApiRequestPrice = Tiers(Property(apiGateway, "httpApiPerMillion", origin, "apiGateway"), "apiGateway.httpApiPerMillion", origin, Million),
                AlbRequestPrice = lcuHour / (connectionsPerLcu * 3600),
            };
        }
    }

    private static LambdaPriceList LoadEmbedded()
    {
        using var stream = typeof(LambdaPriceList).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new PriceListException($"The embedded price list '{EmbeddedResourceName}' is missing from the LambdaSec assembly; reinstall the module.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "embedded price list");
    }

    private static Dictionary<string, TieredPrice> ReadArchitectures(JsonElement element, string where, string origin, bool requireAll)
    {
        var result = new Dictionary<string, TieredPrice>(StringComparer.OrdinalIgnoreCase);
        foreach (var architecture in Architectures)
        {
            if (element.TryGetProperty(architecture, out var tiers))
            {
                result[architecture] = Tiers(tiers, $"{where}.{architecture}", origin, 1);
            }
            else if (requireAll)
            {
                throw Invalid(origin, $"{where}.{architecture} is missing");
            }
        }

        return result;
    }

    /// <summary>Reads tiers ordered by their upper bound, the last one open; <paramref name="unitsPerPrice"/> turns a per-million price into a per-unit one.</summary>
    private static TieredPrice Tiers(JsonElement element, string where, string origin, double unitsPerPrice)
    {
        if (element.ValueKind != JsonValueKind.Array || element.GetArrayLength() == 0)
        {
            throw Invalid(origin, $"{where} must be a non-empty array of {{ \"upTo\": <units>, \"price\": <number> }} tiers");
        }

        var tiers = new List<PriceTier>();
        var index = 0;
        foreach (var row in element.EnumerateArray())
        {
            var at = $"{where}[{index}]";
            var tier = Object(row, at, origin);
            var price = Number(Property(tier, "price", origin, at), $"{at}.price", origin);
            double? upTo = tier.TryGetProperty("upTo", out var u) && u.ValueKind != JsonValueKind.Null ? Number(u, $"{at}.upTo", origin) : null;
            var isLast = index == element.GetArrayLength() - 1;
            if (isLast != (upTo is null))
            {
                throw Invalid(origin, $"{at}: only the last tier has no upTo");
            }

            if (upTo is not null && tiers.Count > 0 && upTo <= tiers[tiers.Count - 1].UpTo)
            {
                throw Invalid(origin, $"{at}: upTo must grow from tier to tier");
            }

            tiers.Add(new PriceTier(upTo, price / unitsPerPrice));
            index++;
        }

        return new TieredPrice(tiers);
    }

    private static JsonElement Object(JsonElement element, string where, string origin) =>
        element.ValueKind == JsonValueKind.Object ? element : throw Invalid(origin, $"{where} must be a JSON object");

    private static JsonElement Property(JsonElement element, string name, string origin, string? where = null) =>
        element.TryGetProperty(name, out var value) && value.ValueKind != JsonValueKind.Null
            ? value
            : throw Invalid(origin, $"{(where is null ? string.Empty : where + ".")}{name} is missing");

    private static double Number(JsonElement element, string where, string origin) =>
        element.ValueKind == JsonValueKind.Number && element.GetDouble() is var n && n >= 0
            ? n
            : throw Invalid(origin, $"{where} must be a number not below 0, not {element.GetRawText()}");

    private static PriceListException Invalid(string origin, string problem, Exception? inner = null)
    {
        var message = $"The price list '{origin}' cannot be used: {problem}.";
        return inner is null ? new PriceListException(message) : new PriceListException(message, inner);
    }
}
