using System.Globalization;
using System.Net;

namespace LambdaSec.Reports.Html;

/// <summary>Helpers the HTML page and its inline SVG charts share: encoding every text and formatting coordinates invariantly.</summary>
public static class Markup
{
    public static string Encode(string? text) => WebUtility.HtmlEncode(text ?? string.Empty);

    public static string Number(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <summary>Shortens a label to fit its column; the full text stays in a title element for the tooltip.</summary>
    public static string Shorten(string label, int max) =>
        label.Length <= max ? label : label.Substring(0, max - 1) + "\u2026";
}
