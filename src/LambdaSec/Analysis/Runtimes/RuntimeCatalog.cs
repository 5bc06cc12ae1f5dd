using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text.Json;

namespace LambdaSec.Analysis.Runtimes;

/// <summary>
/// The runtime catalog: every Lambda runtime identifier with AWS's deprecation and block dates.
/// Parsing is pure (text in, catalog out) so the embedded copy and user files share one validator.
/// </summary>
public sealed class RuntimeCatalog
{
    /// <summary>The catalog format this build reads; a file with another version is refused rather than half-read.</summary>
    public const int SupportedSchemaVersion = 1;

    private const string EmbeddedResourceName = "LambdaSec.Data.runtimes.json";
    private const string DateFormat = "yyyy-MM-dd";

    private static readonly Lazy<RuntimeCatalog> Embedded = new(LoadEmbedded);

    private readonly Dictionary<string, RuntimeCatalogEntry> _byIdentifier;

    private RuntimeCatalog(string origin, int schemaVersion, string? source, DateTime compiled, IReadOnlyList<RuntimeCatalogEntry> entries)
    {
        Origin = origin;
        SchemaVersion = schemaVersion;
        Source = source;
        Compiled = compiled;
        Entries = entries;
        _byIdentifier = entries.ToDictionary(e => e.Identifier, StringComparer.OrdinalIgnoreCase);
    }

    /// <summary>Where the catalog came from: "embedded catalog" or the file path.</summary>
    public string Origin { get; }

    public int SchemaVersion { get; }

    public string? Source { get; }

    /// <summary>The date the catalog's facts were compiled.</summary>
    public DateTime Compiled { get; }

    public IReadOnlyList<RuntimeCatalogEntry> Entries { get; }

    /// <summary>The sentence runtime findings end with (online LS-RT-* and template LS-IAC-020/021): which catalog and how old.</summary>
    public static string Provenance(string origin, DateTime compiled) =>
        $"Catalog: {origin}, dated {compiled.ToString(DateFormat, CultureInfo.InvariantCulture)}.";

    /// <summary>The catalog shipped inside the module.</summary>
    public static RuntimeCatalog Default => Embedded.Value;

    /// <summary>Looks an identifier up case-insensitively (Lambda writes them lower-case, users may not).</summary>
    public RuntimeCatalogEntry? Find(string? identifier) =>
        identifier is not null && _byIdentifier.TryGetValue(identifier.Trim(), out var entry) ? entry : null;

    /// <summary>Parses catalog JSON; <paramref name="origin"/> names it in every error message.</summary>
    public static RuntimeCatalog Parse(string json, string origin)
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
            var root = doc.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                throw Invalid(origin, "the top level must be a JSON object with schemaVersion, compiled and runtimes");
            }

            var schemaVersion = root.TryGetProperty("schemaVersion", out var sv) && sv.ValueKind == JsonValueKind.Number && sv.TryGetInt32(out var v)
                ? v
                : throw Invalid(origin, "schemaVersion is missing or not a number");
            if (schemaVersion != SupportedSchemaVersion)
            {
                throw Invalid(origin, $"schemaVersion {schemaVersion} is not supported by this version of LambdaSec (it reads {SupportedSchemaVersion})");
            }

            var compiled = ReadDate(root, "compiled", "compiled", origin) ?? throw Invalid(origin, $"compiled is missing (expected a {DateFormat} date)");
            var source = ReadString(root, "source");

            if (!root.TryGetProperty("runtimes", out var runtimes) || runtimes.ValueKind != JsonValueKind.Array)
            {
                throw Invalid(origin, "runtimes is missing or not an array");
            }

            var entries = new List<RuntimeCatalogEntry>();
            var seen = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
            var index = 0;
            foreach (var row in runtimes.EnumerateArray())
            {
                var entry = ReadEntry(row, index, origin);
                if (!seen.Add(entry.Identifier))
                {
                    throw Invalid(origin, $"runtimes[{index}] repeats the identifier '{entry.Identifier}'");
                }

                entries.Add(entry);
                index++;
            }

            if (entries.Count == 0)
            {
                throw Invalid(origin, "runtimes is empty");
            }

            return new RuntimeCatalog(origin, schemaVersion, source, compiled, entries);
        }
    }

    private static RuntimeCatalog LoadEmbedded()
    {
        using var stream = typeof(RuntimeCatalog).Assembly.GetManifestResourceStream(EmbeddedResourceName)
            ?? throw new RuntimeCatalogException($"The embedded runtime catalog '{EmbeddedResourceName}' is missing from the LambdaSec assembly; reinstall the module.");
        using var reader = new StreamReader(stream);
        return Parse(reader.ReadToEnd(), "embedded catalog");
    }

    private static RuntimeCatalogEntry ReadEntry(JsonElement row, int index, string origin)
    {
        var where = $"runtimes[{index}]";
        if (row.ValueKind != JsonValueKind.Object)
        {
            throw Invalid(origin, $"{where} is not an object");
        }

        var identifier = ReadString(row, "identifier");
        if (string.IsNullOrWhiteSpace(identifier))
        {
            throw Invalid(origin, $"{where} has no identifier");
        }

        where = $"{where} ({identifier})";
        var family = ReadString(row, "family");
        if (string.IsNullOrWhiteSpace(family))
        {
            throw Invalid(origin, $"{where} has no family");
        }

        Version? version = null;
        var versionText = ReadString(row, "version");
        if (versionText is not null && !TryParseVersion(versionText, out version))
        {
            throw Invalid(origin, $"{where}: version '{versionText}' is not a version number such as 3.14");
        }

        return new RuntimeCatalogEntry
        {
            Identifier = identifier!.Trim(),
            Name = ReadString(row, "name") ?? identifier.Trim(),
            Family = family!.Trim(),
            Version = version,
            OperatingSystem = ReadString(row, "os"),
            DeprecationDate = ReadDate(row, "deprecationDate", where, origin),
            BlockFunctionCreateDate = ReadDate(row, "blockFunctionCreateDate", where, origin),
            BlockFunctionUpdateDate = ReadDate(row, "blockFunctionUpdateDate", where, origin),
            Preview = ReadBool(row, "preview", false, where, origin),
            ContainerOnly = ReadBool(row, "containerOnly", false, where, origin),
            SuccessorFamily = ReadString(row, "successorFamily"),
            Confirmed = ReadBool(row, "confirmed", true, where, origin),
            Notes = ReadString(row, "notes"),
            Sources = ReadStrings(row, "sources", where, origin),
            Checked = ReadDate(row, "checked", where, origin),
        };
    }

    private static bool TryParseVersion(string text, out Version? version)
    {
        // "24" is a valid runtime version but not a System.Version; give it a minor part.
        var normalized = text.IndexOf('.') >= 0 ? text : text + ".0";
        return Version.TryParse(normalized, out version);
    }

    private static string? ReadString(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static string[] ReadStrings(JsonElement element, string name, string where, string origin)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return [];
        }

        return value.ValueKind == JsonValueKind.Array && value.EnumerateArray().All(v => v.ValueKind == JsonValueKind.String)
            ? value.EnumerateArray().Select(v => v.GetString()!).ToArray()
            : throw Invalid(origin, $"{where}: {name} must be an array of strings");
    }

    private static bool ReadBool(JsonElement element, string name, bool fallback, string where, string origin)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return fallback;
        }

        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw Invalid(origin, $"{where}: {name} must be true or false"),
        };
    }

    private static DateTime? ReadDate(JsonElement element, string name, string where, string origin)
    {
        if (!element.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String
            && DateTime.TryParseExact(value.GetString(), DateFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var date))
        {
            return DateTime.SpecifyKind(date, DateTimeKind.Utc);
        }

        var shown = value.ValueKind == JsonValueKind.String ? $"'{value.GetString()}'" : value.GetRawText();
        throw Invalid(origin, where == name ? $"{name} {shown} is not a {DateFormat} date" : $"{where}: {name} {shown} is not a {DateFormat} date (or null when not scheduled)");
    }

    private static RuntimeCatalogException Invalid(string origin, string problem, Exception? inner = null)
    {
        var message = $"The runtime catalog '{origin}' cannot be used: {problem}.";
        return inner is null ? new RuntimeCatalogException(message) : new RuntimeCatalogException(message, inner);
    }
}
