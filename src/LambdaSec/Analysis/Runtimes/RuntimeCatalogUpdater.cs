using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Runtimes;

/// <summary>A validated catalog built from AWS's page: its JSON text, the parsed catalog and the differences from the catalog in use.</summary>
public sealed record RuntimeCatalogUpdate(string Json, RuntimeCatalog Catalog, IReadOnlyList<LambdaRuntimeCatalogChange> Changes);

/// <summary>
/// Turns the rows of AWS's "Lambda runtimes" page into a new runtime catalog and checks it before anything is
/// written (docs/runtimes.md). Pure: rows, catalogs and dates in; JSON and differences out. A page that would make
/// the catalog worse is refused with a <see cref="RuntimeCatalogException"/>: one older than the catalog in use,
/// one that lost more than a quarter of the known runtimes, or one with block dates before the deprecation date
/// that the catalog in use does not already have (AWS's table has a few such rows for its oldest runtimes).
/// </summary>
public static class RuntimeCatalogUpdater
{
    /// <summary>The key the page has in a written catalog's sources.</summary>
    public const string PageSourceKey = "aws-lambda-runtimes-page";

    private const string DateFormat = "yyyy-MM-dd";
    private static readonly Regex FamilyAndVersion = new("^([a-z]+)(\\d+(?:\\.\\d+)?)", RegexOptions.CultureInvariant);

    /// <param name="rows">The page's rows (<see cref="RuntimePageParser"/>).</param>
    /// <param name="inUse">The catalog the cmdlets use now; differences are counted against it.</param>
    /// <param name="bundled">The catalog shipped in the module: its identifiers must stay known too.</param>
    /// <param name="pageDate">The date the page was read (the new catalog's compiled date).</param>
    /// <param name="pageSource">The page's URL or file, recorded in the catalog.</param>
    /// <param name="targetPath">Where the catalog is to be written: its origin and the changes' CatalogPath.</param>
    /// <param name="allowOlder">Accept a page dated before the catalog in use.</param>
    public static RuntimeCatalogUpdate Build(IReadOnlyList<RuntimePageRow> rows, RuntimeCatalog inUse, RuntimeCatalog bundled, DateTime pageDate, string pageSource, string targetPath, bool allowOlder)
    {
        var day = RuntimeStatusEvaluator.ToUtcDate(pageDate);
        if (day < inUse.Compiled && !allowOlder)
        {
            throw Rejected(pageSource, $"it is dated {Date(day)}, before the catalog in use ({inUse.Origin}, dated {Date(inUse.Compiled)}); pass -Force to use it anyway");
        }

        var known = inUse.Entries.Concat(bundled.Entries.Where(b => inUse.Find(b.Identifier) is null)).ToList();
        var onPage = new HashSet<string>(rows.Select(r => r.Identifier), StringComparer.OrdinalIgnoreCase);
        var dropped = known.Where(k => !onPage.Contains(k.Identifier)).ToList();
        if (dropped.Count * 4 > known.Count)
        {
            throw Rejected(pageSource, $"it lists only {known.Count - dropped.Count} of the {known.Count} runtimes the catalog knows (missing: {string.Join(", ", dropped.Take(10).Select(d => d.Identifier))}...), so it is probably incomplete");
        }

        var inverted = rows.Where(r => HasInvertedDates(r) && !SameDates(r, inUse.Find(r.Identifier) ?? bundled.Find(r.Identifier))).Select(r => r.Identifier).ToList();
        if (inverted.Count > 0)
        {
            throw Rejected(pageSource, $"block dates come before the deprecation date (or block update before block create) for {string.Join(", ", inverted)}, and the catalog in use does not have those dates");
        }

        var changes = new List<LambdaRuntimeCatalogChange>();
        var json = Write(writer =>
        {
            writer.WriteStartObject();
            writer.WriteNumber("schemaVersion", RuntimeCatalog.SupportedSchemaVersion);
            writer.WriteString("source", $"AWS Lambda 'Lambda runtimes' page ({pageSource}), read by Update-LambdaRuntimeCatalog");
            writer.WriteString("compiled", Date(day));
            writer.WriteString("notes", "Written by Update-LambdaRuntimeCatalog. Dates are UTC calendar dates (yyyy-MM-dd); null means AWS's page gives no date. Runtimes the page no longer lists are kept from the previous catalog.");
            writer.WriteStartObject("sources");
            writer.WriteStartObject(PageSourceKey);
            writer.WriteString("url", pageSource);
            writer.WriteString("read", Date(day));
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteStartArray("runtimes");
            foreach (var row in rows)
            {
                var previous = inUse.Find(row.Identifier) ?? bundled.Find(row.Identifier);
                var change = Compare(row, previous, inUse.Origin, targetPath);
                if (change is not null)
                {
                    changes.Add(change);
                }

                WriteRow(writer, FromPage(row, previous, day, change is not null));
            }

            foreach (var entry in dropped)
            {
                changes.Add(Change(entry.Identifier, RuntimeCatalogChangeKind.Dropped, entry.Name, entry, null, inUse.Origin, targetPath));
                WriteRow(writer, Kept(entry, day));
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
        });

        return new RuntimeCatalogUpdate(json, RuntimeCatalog.Parse(json, targetPath), changes);
    }

    private static bool HasInvertedDates(RuntimePageRow row) =>
        Before(row.BlockFunctionCreateDate, row.DeprecationDate) || Before(row.BlockFunctionUpdateDate, row.DeprecationDate) || Before(row.BlockFunctionUpdateDate, row.BlockFunctionCreateDate);

    private static bool Before(DateTime? date, DateTime? limit) => date is { } d && limit is { } l && d < l;

    private static bool SameDates(RuntimePageRow row, RuntimeCatalogEntry? entry) =>
        entry is not null && entry.DeprecationDate == row.DeprecationDate && entry.BlockFunctionCreateDate == row.BlockFunctionCreateDate && entry.BlockFunctionUpdateDate == row.BlockFunctionUpdateDate;

    private static LambdaRuntimeCatalogChange? Compare(RuntimePageRow row, RuntimeCatalogEntry? previous, string previousCatalog, string targetPath)
    {
        if (previous is null)
        {
            return Change(row.Identifier, RuntimeCatalogChangeKind.Added, row.Name, null, row, previousCatalog, targetPath);
        }

        return SameDates(row, previous) ? null : Change(row.Identifier, RuntimeCatalogChangeKind.Changed, row.Name, previous, row, previousCatalog, targetPath);
    }

    private static LambdaRuntimeCatalogChange Change(string runtime, RuntimeCatalogChangeKind kind, string name, RuntimeCatalogEntry? old, RuntimePageRow? row, string previousCatalog, string targetPath) => new()
    {
        Runtime = runtime,
        Change = kind,
        Name = name,
        OldDeprecationDate = old?.DeprecationDate,
        OldBlockFunctionCreateDate = old?.BlockFunctionCreateDate,
        OldBlockFunctionUpdateDate = old?.BlockFunctionUpdateDate,
        NewDeprecationDate = row?.DeprecationDate,
        NewBlockFunctionCreateDate = row?.BlockFunctionCreateDate,
        NewBlockFunctionUpdateDate = row?.BlockFunctionUpdateDate,
        PreviousCatalog = previousCatalog,
        CatalogPath = targetPath,
    };

    private static RuntimeCatalogEntry FromPage(RuntimePageRow row, RuntimeCatalogEntry? previous, DateTime day, bool changed)
    {
        var match = FamilyAndVersion.Match(row.Identifier);
        return new RuntimeCatalogEntry
        {
            Identifier = row.Identifier,
            Name = row.Name,
            Family = previous?.Family ?? (match.Success ? match.Groups[1].Value : row.Identifier),
            Version = previous?.Version ?? (match.Success ? Version.Parse(match.Groups[2].Value.IndexOf('.') >= 0 ? match.Groups[2].Value : match.Groups[2].Value + ".0") : null),
            OperatingSystem = row.OperatingSystem ?? previous?.OperatingSystem,
            DeprecationDate = row.DeprecationDate,
            BlockFunctionCreateDate = row.BlockFunctionCreateDate,
            BlockFunctionUpdateDate = row.BlockFunctionUpdateDate,
            Preview = previous?.Preview ?? row.Name.IndexOf("preview", StringComparison.OrdinalIgnoreCase) >= 0,
            ContainerOnly = previous?.ContainerOnly ?? row.Name.IndexOf("container only", StringComparison.OrdinalIgnoreCase) >= 0,
            SuccessorFamily = previous?.SuccessorFamily,
            Sources = [PageSourceKey],
            Checked = day,
            Notes = previous is null ? $"New on AWS's page of {Date(day)}."
                : changed ? $"AWS's page of {Date(day)} changed the dates from {Date(previous.DeprecationDate)}/{Date(previous.BlockFunctionCreateDate)}/{Date(previous.BlockFunctionUpdateDate)} (deprecation/block create/block update)."
                : previous.Notes,
        };
    }

    private static RuntimeCatalogEntry Kept(RuntimeCatalogEntry entry, DateTime day) => new()
    {
        Identifier = entry.Identifier,
        Name = entry.Name,
        Family = entry.Family,
        Version = entry.Version,
        OperatingSystem = entry.OperatingSystem,
        DeprecationDate = entry.DeprecationDate,
        BlockFunctionCreateDate = entry.BlockFunctionCreateDate,
        BlockFunctionUpdateDate = entry.BlockFunctionUpdateDate,
        Preview = entry.Preview,
        ContainerOnly = entry.ContainerOnly,
        SuccessorFamily = entry.SuccessorFamily,
        Sources = entry.Sources,
        Checked = entry.Checked,
        Notes = $"Not on AWS's page of {Date(day)}; kept from the previous catalog. {entry.Notes}".Trim(),
    };

    private static void WriteRow(Utf8JsonWriter writer, RuntimeCatalogEntry e)
    {
        writer.WriteStartObject();
        writer.WriteString("identifier", e.Identifier);
        writer.WriteString("name", e.Name);
        writer.WriteString("family", e.Family);
        WriteOptional(writer, "version", e.Version?.ToString());
        WriteOptional(writer, "os", e.OperatingSystem);
        WriteOptional(writer, "deprecationDate", Nullable(e.DeprecationDate), always: true);
        WriteOptional(writer, "blockFunctionCreateDate", Nullable(e.BlockFunctionCreateDate), always: true);
        WriteOptional(writer, "blockFunctionUpdateDate", Nullable(e.BlockFunctionUpdateDate), always: true);
        if (e.Preview)
        {
            writer.WriteBoolean("preview", true);
        }

        if (e.ContainerOnly)
        {
            writer.WriteBoolean("containerOnly", true);
        }

        WriteOptional(writer, "successorFamily", e.SuccessorFamily);
        writer.WriteStartArray("sources");
        foreach (var source in e.Sources)
        {
            writer.WriteStringValue(source);
        }

        writer.WriteEndArray();
        WriteOptional(writer, "checked", Nullable(e.Checked));
        WriteOptional(writer, "notes", e.Notes);
        writer.WriteEndObject();
    }

    private static void WriteOptional(Utf8JsonWriter writer, string name, string? value, bool always = false)
    {
        if (value is not null)
        {
            writer.WriteString(name, value);
        }
        else if (always)
        {
            writer.WriteNull(name);
        }
    }

    private static string Write(Action<Utf8JsonWriter> body)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = true }))
        {
            body(writer);
        }

        return Encoding.UTF8.GetString(stream.ToArray()) + "\n";
    }

    private static string? Nullable(DateTime? date) => date?.ToString(DateFormat, CultureInfo.InvariantCulture);

    private static string Date(DateTime? date) => Nullable(date) ?? "none";

    private static RuntimeCatalogException Rejected(string origin, string problem) =>
        new($"The Lambda runtimes page '{origin}' was read but not used: {problem}. The runtime catalog in use is left as it is.");
}
