using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.Json;
using System.Xml.Linq;

namespace LambdaSec.Aws;

/// <summary>
/// A read-only view of one answer (or a part of it) that looks the same whether the wire was JSON or
/// query XML, so shapes and the pager map members by name without caring about the protocol.
/// Query lists are &lt;Name&gt;&lt;member&gt;..., JSON lists are arrays; both come back from <see cref="GetList"/>.
/// </summary>
public sealed class AwsNode
{
    private readonly JsonElement _json;
    private readonly XElement? _xml;

    public AwsNode(JsonElement json) => _json = json.Clone();

    public AwsNode(XElement xml) => _xml = xml;

    /// <summary>The JSON behind this node (undefined for query answers).</summary>
    public JsonElement Json => _json;

    /// <summary>The XML behind this node (null for JSON answers).</summary>
    public XElement? Xml => _xml;

    public AwsNode? Get(string member)
    {
        if (_xml is not null)
        {
            var child = _xml.Elements().FirstOrDefault(e => e.Name.LocalName == member);
            return child is null ? null : new AwsNode(child);
        }
        return _json.ValueKind == JsonValueKind.Object && Find(member) is { ValueKind: not JsonValueKind.Null } value
            ? new AwsNode(value)
            : null;
    }

    /// <summary>
    /// The member's value (the last one when a name repeats, as the runtime's lookup does). A member name that is not
    /// valid Unicode can make that lookup throw while it compares names, and such a name (asked for as
    /// <see cref="MemberNames"/> gave it, escaped) is never found by it: the names are then compared one by one as
    /// <see cref="ReadName"/> reads them.
    /// </summary>
    private JsonElement? Find(string member)
    {
        try
        {
            if (_json.TryGetProperty(member, out var value)) return value;
            if (member.IndexOf('\\') < 0) return null;
        }
        catch (InvalidOperationException)
        {
            // Compared one by one below.
        }

        JsonElement? found = null;
        foreach (var property in _json.EnumerateObject())
        {
            if (ReadName(property) == member) found = property.Value;
        }

        return found;
    }

    public string? GetString(string member) => Get(member)?.AsString();

    public int? GetInt(string member) =>
        int.TryParse(GetString(member), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;

    public long? GetLong(string member) =>
        long.TryParse(GetString(member), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;

    public double? GetDouble(string member) =>
        double.TryParse(GetString(member), NumberStyles.Float, CultureInfo.InvariantCulture, out var d) ? d : null;

    public bool? GetBool(string member) =>
        bool.TryParse(GetString(member), out var b) ? b : null;

    /// <summary>A timestamp member: ISO 8601 text (query, rest-json) or epoch seconds (json-1.1).</summary>
    public DateTimeOffset? GetTime(string member)
    {
        var text = GetString(member);
        if (text is null) return null;
        if (double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var epoch))
            return DateTimeOffset.FromUnixTimeMilliseconds((long)(epoch * 1000));
        return DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time) ? time : null;
    }

    public IReadOnlyList<AwsNode> GetList(string member)
    {
        var node = Get(member);
        if (node is null) return Array.Empty<AwsNode>();
        if (node._xml is not null) return node._xml.Elements().Select(e => new AwsNode(e)).ToList();
        return node._json.ValueKind == JsonValueKind.Array ? node._json.EnumerateArray().Select(e => new AwsNode(e)).ToList() : Array.Empty<AwsNode>();
    }

    public IReadOnlyList<string> GetStrings(string member) =>
        GetList(member).Select(n => n.AsString()).Where(s => s is not null).Select(s => s!).ToList();

    /// <summary>The member names of a JSON object, or the child element names of an XML structure.</summary>
    public IReadOnlyList<string> MemberNames() =>
        _xml is not null
            ? _xml.Elements().Select(e => e.Name.LocalName).ToList()
            : _json.ValueKind == JsonValueKind.Object ? _json.EnumerateObject().Select(ReadName).ToList() : Array.Empty<string>();

    public string? AsString()
    {
        if (_xml is not null) return _xml.HasElements ? _xml.ToString(SaveOptions.DisableFormatting) : _xml.Value;
        return _json.ValueKind switch
        {
            JsonValueKind.String => ReadString(_json),
            JsonValueKind.Undefined or JsonValueKind.Null => null,
            _ => _json.GetRawText(),
        };
    }

    /// <summary>
    /// A string with a lone surrogate escape (<c>"\ud800"</c>) is not valid Unicode and cannot be decoded; an endpoint
    /// that sends one gets its escaped text back, so the value stays visible and a policy inside it reads as
    /// malformed (Unknown), instead of the whole run ending on a raw exception.
    /// </summary>
    private static string ReadString(JsonElement json)
    {
        try
        {
            return json.GetString()!;
        }
        catch (InvalidOperationException)
        {
            var raw = json.GetRawText();
            return raw.Substring(1, raw.Length - 2);
        }
    }

    /// <summary>A member name read as <see cref="ReadString"/> reads values: one that is not valid Unicode comes back as its escaped text.</summary>
    private static string ReadName(JsonProperty property)
    {
        try
        {
            return property.Name;
        }
        catch (InvalidOperationException)
        {
            // The property's raw text starts with its name as sent, in quotes: keep it up to the first unescaped quote.
            var raw = property.ToString();
            var end = 1;
            while (raw[end] != '"') end += raw[end] == '\\' ? 2 : 1;
            return raw.Substring(1, end - 1);
        }
    }

    public override string ToString() => AsString() ?? string.Empty;
}
