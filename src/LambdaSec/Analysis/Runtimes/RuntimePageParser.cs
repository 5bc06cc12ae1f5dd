using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;

namespace LambdaSec.Analysis.Runtimes;

/// <summary>One row of the supported or deprecated table of AWS's "Lambda runtimes" page.</summary>
public sealed record RuntimePageRow(
    string Name,
    string Identifier,
    string? OperatingSystem,
    DateTime? DeprecationDate,
    DateTime? BlockFunctionCreateDate,
    DateTime? BlockFunctionUpdateDate,
    bool InDeprecatedTable);

/// <summary>
/// Reads the runtime tables of AWS's "Lambda runtimes" page as the docs site serves it in markdown
/// (https://docs.aws.amazon.com/lambda/latest/dg/lambda-runtimes.md). Pure: text in, rows out. A page whose
/// shape is not the one this parser knows (no supported or no deprecated table, other columns, a date it cannot
/// read) is refused with a <see cref="RuntimeCatalogException"/> naming what changed, never half-read.
/// </summary>
public static class RuntimePageParser
{
    /// <summary>The columns the page's runtime tables have, in this order (compared case-insensitively).</summary>
    public static IReadOnlyList<string> ExpectedColumns { get; } =
        ["Name", "Identifier", "Operating system", "Deprecation date", "Block function create", "Block function update"];

    private static readonly string[] DateFormats = ["MMM d, yyyy", "MMMM d, yyyy", "MMM. d, yyyy", "yyyy-MM-dd"];
    private static readonly string[] NotScheduled = ["", "-", "—", "–", "n/a", "na", "not scheduled", "not applicable", "tbd"];
    private static readonly Regex Identifier = new("^[a-z][a-z0-9.\\-]*$", RegexOptions.CultureInvariant);
    private static readonly Regex Link = new("\\[([^\\]]*)\\]\\([^)]*\\)", RegexOptions.CultureInvariant);
    private static readonly Regex Tag = new("<[^>]+>", RegexOptions.CultureInvariant);

    /// <summary>Every row of the page's supported and deprecated runtime tables; <paramref name="origin"/> names the page in errors.</summary>
    public static IReadOnlyList<RuntimePageRow> Parse(string markdown, string origin)
    {
        var rows = new List<RuntimePageRow>();
        var section = Section.None;
        var tables = new HashSet<Section>();
        var lines = markdown.Replace("\r\n", "\n").Split('\n');
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].Trim();
            if (line.StartsWith("#", StringComparison.Ordinal))
            {
                section = SectionOf(line);
                continue;
            }

            if (section == Section.None || !IsTableRow(line) || !IsSeparator(i + 1 < lines.Length ? lines[i + 1].Trim() : string.Empty))
            {
                continue;
            }

            var header = Cells(line);
            if (!header.Any(c => c.Equals("Identifier", StringComparison.OrdinalIgnoreCase)))
            {
                continue;
            }

            if (!header.SequenceEqual(ExpectedColumns, StringComparer.OrdinalIgnoreCase))
            {
                throw Changed(origin, $"the {Describe(section)} table's columns are '{string.Join(" | ", header)}', expected '{string.Join(" | ", ExpectedColumns)}'");
            }

            tables.Add(section);
            for (i += 2; i < lines.Length && IsTableRow(lines[i].Trim()); i++)
            {
                rows.Add(ReadRow(Cells(lines[i].Trim()), section, origin));
            }

            i--;
        }

        foreach (var wanted in new[] { Section.Supported, Section.Deprecated })
        {
            if (!tables.Contains(wanted))
            {
                throw Changed(origin, $"it has no {Describe(wanted)} table (a '## {Describe(wanted)} runtimes' heading followed by a table with the columns {string.Join(", ", ExpectedColumns)})");
            }
        }

        var repeated = rows.GroupBy(r => r.Identifier, StringComparer.OrdinalIgnoreCase).FirstOrDefault(g => g.Count() > 1);
        if (repeated is not null)
        {
            throw Changed(origin, $"the identifier '{repeated.Key}' is listed twice");
        }

        return rows;
    }

    private enum Section
    {
        None,
        Supported,
        Deprecated,
    }

    private static Section SectionOf(string heading)
    {
        var text = heading.TrimStart('#').Trim();
        if (text.IndexOf("Deprecated runtimes", StringComparison.OrdinalIgnoreCase) >= 0)
        {
            return Section.Deprecated;
        }

        return text.IndexOf("Supported runtimes", StringComparison.OrdinalIgnoreCase) >= 0 ? Section.Supported : Section.None;
    }

    private static string Describe(Section section) => section == Section.Deprecated ? "Deprecated" : "Supported";

    private static RuntimePageRow ReadRow(IReadOnlyList<string> cells, Section section, string origin)
    {
        var shown = string.Join(" | ", cells);
        if (cells.Count != ExpectedColumns.Count)
        {
            throw Changed(origin, $"the {Describe(section)} table row '{shown}' has {cells.Count} cells, expected {ExpectedColumns.Count}");
        }

        var identifier = cells[1].ToLowerInvariant();
        if (!Identifier.IsMatch(identifier))
        {
            throw Changed(origin, $"the {Describe(section)} table row '{shown}' has no runtime identifier such as python3.14 in its Identifier cell");
        }

        return new RuntimePageRow(
            cells[0],
            identifier,
            cells[2].Length == 0 ? null : cells[2],
            ReadDate(cells[3], identifier, ExpectedColumns[3], origin),
            ReadDate(cells[4], identifier, ExpectedColumns[4], origin),
            ReadDate(cells[5], identifier, ExpectedColumns[5], origin),
            section == Section.Deprecated);
    }

    private static DateTime? ReadDate(string cell, string identifier, string column, string origin)
    {
        if (NotScheduled.Contains(cell.ToLowerInvariant()))
        {
            return null;
        }

        return DateTime.TryParseExact(cell, DateFormats, CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date)
            ? DateTime.SpecifyKind(date.Date, DateTimeKind.Utc)
            : throw Changed(origin, $"{identifier}: the {column} cell '{cell}' is not a date such as 'Apr 30, 2028' (or 'Not scheduled')");
    }

    private static bool IsTableRow(string line) => line.StartsWith("|", StringComparison.Ordinal) && line.Length > 1;

    private static bool IsSeparator(string line) => IsTableRow(line) && line.Trim('|', ' ', '-', ':').Length == 0 && line.Contains("-");

    /// <summary>A table row's cells as text: markdown escapes, code marks, links and tags removed, spaces collapsed.</summary>
    private static List<string> Cells(string line)
    {
        var inner = line.Trim().Trim('|');
        return inner.Split('|').Select(Clean).ToList();
    }

    private static string Clean(string cell)
    {
        var text = Link.Replace(cell, "$1");
        text = Tag.Replace(text, " ").Replace("\\", string.Empty).Replace("`", string.Empty).Replace("*", string.Empty);
        return Regex.Replace(text, "\\s+", " ").Trim();
    }

    private static RuntimeCatalogException Changed(string origin, string problem) =>
        new($"The Lambda runtimes page '{origin}' does not have the shape LambdaSec reads: {problem}. AWS may have changed the page; the runtime catalog in use is left as it is.");
}
