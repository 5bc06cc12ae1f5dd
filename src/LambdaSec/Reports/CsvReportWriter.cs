using System.IO;
using System.Linq;
using System.Text;
using LambdaSec.Model;

namespace LambdaSec.Reports;

/// <summary>
/// CSV (RFC 4180: every field quoted, quotes doubled, CRLF rows), one row per finding. Cells that a spreadsheet
/// would run as a formula are prefixed with a quote, since evidence comes from AWS data an attacker can name.
/// </summary>
public sealed class CsvReportWriter : IReportWriter
{
    /// <summary>Leading characters that make Excel, LibreOffice and Sheets evaluate a cell (OWASP CSV injection).</summary>
    public static readonly char[] FormulaTriggers = ['=', '+', '-', '@', '\t', '\r'];

    public int Write(ReportDocument report, Stream output)
    {
        using var writer = new StreamWriter(output, new UTF8Encoding(false), 4096, leaveOpen: true) { NewLine = "\r\n" };
        WriteRow(writer, FindingColumns.Names);
        foreach (var finding in report.Findings)
        {
            WriteRow(writer, FindingColumns.Values(finding).Select(v => Defuse(DisplayText.Neutralise(v))));
        }

        return report.Findings.Count;
    }

    private static string Defuse(string cell) =>
        cell.Length > 0 && FormulaTriggers.Contains(cell[0]) ? "'" + cell : cell;

    private static void WriteRow(TextWriter writer, System.Collections.Generic.IEnumerable<string> cells) =>
        writer.WriteLine(string.Join(",", cells.Select(c => "\"" + c.Replace("\"", "\"\"") + "\"")));
}
