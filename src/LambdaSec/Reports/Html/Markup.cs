using System.Globalization;
using System.Net;
using LambdaSec.Model;

namespace LambdaSec.Reports.Html;

/// <summary>Helpers the HTML page and its inline SVG charts share: encoding every text and formatting coordinates invariantly.</summary>
public static class Markup
{
    /// <summary>HTML-encoded, with control and direction characters made visible (<see cref="DisplayText"/>).</summary>
    public static string Encode(string? text) => WebUtility.HtmlEncode(DisplayText.Neutralise(text));

    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Shortens a label to fit its column; the full text stays in a title element for the tooltip.</summary>
    public static string Shorten(string label, int max) =>
        label.Length <= max ? label : label.Substring(0, max - 1) + "\u2026";
}
