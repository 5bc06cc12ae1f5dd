using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;

namespace LambdaSec.Reports.Html;

/// <summary>A horizontal bar chart as inline SVG, drawn here so the report needs no script library or network.</summary>
public static class SvgBarChart
{
    /// <summary>Bars beyond this are summed into one "others" bar, so a big estate still gives a readable chart.</summary>
    public const int MaxBars = 12;

    private const int Width = 480;
    private const int LabelWidth = 170;
    private const int CountWidth = 50;
    private const int RowHeight = 22;
    private const int LabelChars = 26;

    public static string Render(string ariaLabel, IReadOnlyList<ChartBar> bars)
    {
        var shown = bars.Count <= MaxBars
            ? bars
            : bars.Take(MaxBars - 1).Append(new ChartBar($"{bars.Count - MaxBars + 1} others", bars.Skip(MaxBars - 1).Sum(b => b.Value), null, null)).ToList();
        var max = Math.Max(1, shown.Count == 0 ? 1 : shown.Max(b => b.Value));
        var barSpace = Width - LabelWidth - CountWidth;
        var height = Math.Max(1, shown.Count) * RowHeight + 4;

        var svg = new StringBuilder();
        svg.Append($"<svg viewBox=\"0 0 {Width} {height}\" width=\"{Width}\" height=\"{height}\" role=\"img\" aria-label=\"{Markup.Encode(ariaLabel)}\">");
        if (shown.Count == 0)
        {
            svg.Append($"<text class=\"count\" x=\"0\" y=\"16\">No findings</text>");
        }

        for (var i = 0; i < shown.Count; i++)
        {
            var bar = shown[i];
            var y = i * RowHeight;
            var length = bar.Value == 0 ? 0 : Math.Max(2, barSpace * bar.Value / (double)max);
            var filter = bar.Filter is null ? string.Empty : $" data-filter=\"{Markup.Encode(bar.Filter)}\"";
            svg.Append($"<g{filter}><title>{Markup.Encode(bar.Label)}: {bar.Value}</title>");
            svg.Append($"<text class=\"label\" x=\"0\" y=\"{y + 15}\">{Markup.Encode(Markup.Shorten(bar.Label, LabelChars))}</text>");
            svg.Append($"<rect class=\"bar {Markup.Encode(bar.CssClass)}\" x=\"{LabelWidth}\" y=\"{y + 4}\" width=\"{Markup.Number(length)}\" height=\"{RowHeight - 8}\" rx=\"2\"/>");
            svg.Append($"<text class=\"count\" x=\"{Markup.Number(LabelWidth + length + 6)}\" y=\"{y + 15}\">{bar.Value}</text></g>");
        }

        return svg.Append("</svg>").ToString();
    }
}
