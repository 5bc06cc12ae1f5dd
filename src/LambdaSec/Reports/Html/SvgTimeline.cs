using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace LambdaSec.Reports.Html;

/// <summary>
/// The runtime deprecation timeline as inline SVG: one row per runtime and date, a dot at the date (red once
/// passed, amber ahead) and a dashed line at the report date, so what is already late stands apart from what is next.
/// </summary>
public static class SvgTimeline
{
    public const int MaxRows = 30;

    private const int Width = 960;
    private const int LabelWidth = 180;
    private const int RightMargin = 150;
    private const int AxisHeight = 26;
    private const int RowHeight = 24;

    public static string Render(IReadOnlyList<TimelineEntry> entries, DateTime today)
    {
        var rows = entries.OrderBy(e => e.Date).ThenBy(e => e.Label, StringComparer.Ordinal).Take(MaxRows).ToList();
        var start = Min(rows.Min(e => e.Date), today).AddDays(-45);
        var end = Max(rows.Max(e => e.Date), today).AddDays(45);
        var span = (end - start).TotalDays;
        double X(DateTime date) => LabelWidth + (Width - LabelWidth - RightMargin) * ((date - start).TotalDays / span);
        var height = AxisHeight + rows.Count * RowHeight + 6;

        var svg = new StringBuilder();
        svg.Append($"<svg viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"Runtime deprecation timeline\">");
        foreach (var tick in Ticks(start, end))
        {
            var x = Markup.Number(X(tick.Date));
            svg.Append($"<line class=\"axis\" x1=\"{x}\" x2=\"{x}\" y1=\"{AxisHeight - 6}\" y2=\"{height}\"/>");
            svg.Append($"<text class=\"tick\" x=\"{x}\" y=\"14\" text-anchor=\"middle\">{Markup.Encode(tick.Label)}</text>");
        }

        var todayX = Markup.Number(X(today));
        svg.Append($"<line class=\"today\" x1=\"{todayX}\" x2=\"{todayX}\" y1=\"{AxisHeight - 6}\" y2=\"{height}\"><title>Report date {today:yyyy-MM-dd}</title></line>");

        for (var i = 0; i < rows.Count; i++)
        {
            var row = rows[i];
            var y = AxisHeight + i * RowHeight + RowHeight / 2;
            var x = X(row.Date);
            var date = row.Date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
            var when = row.Date.Date <= today.Date ? "past" : "future";
            svg.Append($"<g data-filter=\"{Markup.Encode(row.Label)}\"><title>{Markup.Encode(row.Label)}: {date}, {row.Count} finding(s)</title>");
            svg.Append($"<text class=\"label\" x=\"0\" y=\"{y + 4}\">{Markup.Encode(Markup.Shorten(row.Label, 24))}</text>");
            svg.Append($"<line class=\"axis\" x1=\"{LabelWidth}\" x2=\"{Width - RightMargin}\" y1=\"{y}\" y2=\"{y}\"/>");
            svg.Append($"<circle class=\"dot {when}\" cx=\"{Markup.Number(x)}\" cy=\"{y}\" r=\"{Markup.Number(Math.Min(10, 4 + Math.Sqrt(row.Count)))}\"/>");
            svg.Append($"<text class=\"count\" x=\"{Markup.Number(x + 14)}\" y=\"{y + 4}\">{date} \u00b7 {row.Count}</text></g>");
        }

        return svg.Append("</svg>").ToString();
    }

    /// <summary>Year ticks; quarter ticks as well when the span is short enough that years alone say little.</summary>
    private static IEnumerable<(DateTime Date, string Label)> Ticks(DateTime start, DateTime end)
    {
        var quarterly = (end - start).TotalDays < 3 * 365;
        for (var month = new DateTime(start.Year, 1, 1); month <= end; month = month.AddMonths(quarterly ? 3 : 12))
        {
            if (month >= start)
            {
                yield return (month, month.Month == 1 ? month.Year.ToString(CultureInfo.InvariantCulture) : month.ToString("MMM", CultureInfo.InvariantCulture));
            }
        }
    }

    private static DateTime Min(DateTime a, DateTime b) => a < b ? a : b;

    private static DateTime Max(DateTime a, DateTime b) => a > b ? a : b;
}
