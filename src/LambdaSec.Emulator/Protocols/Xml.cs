using System.Globalization;
using System.Xml.Linq;

namespace LambdaSec.Emulator.Protocols;

/// <summary>Small builders for query-protocol XML results (namespaces are applied by the protocol).</summary>
public static class Xml
{
    /// <summary>An element; null content items are skipped, so optional members can be passed as null.</summary>
    public static XElement? E(string name, object? value) => value switch
    {
        null => null,
        bool b => new XElement(name, b ? "true" : "false"),
        DateTimeOffset d => new XElement(name, Time(d)),
        int or long or double => new XElement(name, Convert.ToString(value, CultureInfo.InvariantCulture)),
        _ => new XElement(name, value),
    };

    /// <summary>A structure element with child members (null children skipped).</summary>
    public static XElement S(string name, params object?[] children) => new(name, children.Where(c => c is not null));

    /// <summary>A list in the query protocol's shape: &lt;Name&gt;&lt;member&gt;...&lt;/member&gt;&lt;/Name&gt;.</summary>
    public static XElement List(string name, IEnumerable<object?> items) =>
        new(name, items.Where(i => i is not null).Select(i => i is XElement x && x.Name.LocalName == "member" ? x : new XElement("member", i is XElement e ? e.Elements() : i)));

    /// <summary>A member element carrying structure children.</summary>
    public static XElement Member(params object?[] children) => new("member", children.Where(c => c is not null));

    /// <summary>The result body: a throwaway root whose children become the Result members.</summary>
    public static XElement Result(params object?[] children) => new("Result", children.Where(c => c is not null));

    public static string Time(DateTimeOffset d) => d.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string PolicyDoc(string json) => Uri.EscapeDataString(json);
}
