using System.Globalization;
using System.Text.Json.Nodes;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Routing;

/// <summary>One parsed AWS API call: who, where, which operation, and its input.</summary>
public sealed class AwsRequest
{
    public required HttpContext Http { get; init; }
    public required string Service { get; init; }
    public required string Region { get; init; }
    public required CallerIdentity Caller { get; init; }
    public required EmulatorState State { get; init; }
    public string Operation { get; set; } = "";
    public string RequestId { get; } = Guid.NewGuid().ToString();
    /// <summary>False for in-process scenario loading: writes then leave no CloudTrail record.</summary>
    public bool RecordTrail { get; init; } = true;
    /// <summary>Set once the call has its CloudTrail record (a write records its own, with its event name).</summary>
    public bool TrailRecorded { get; set; }
    public byte[] Body { get; init; } = [];
    /// <summary>JSON body of rest-json / json-1.1 calls (empty object when none).</summary>
    public JsonObject Json { get; set; } = new();
    /// <summary>Form parameters of query-protocol calls.</summary>
    public Dictionary<string, string> Form { get; init; } = new(StringComparer.Ordinal);
    /// <summary>Path parameters of rest-json calls.</summary>
    public Dictionary<string, string> PathParams { get; } = new(StringComparer.Ordinal);

    public string AccountId => Caller.AccountId;
    public AccountState Account => State.Account(AccountId);
    public RegionState RegionState => State.Region(AccountId, Region);

    // ---- JSON body accessors -------------------------------------------------------------
    public string? Str(string name) => Json[name] is JsonValue v && v.TryGetValue<string>(out var s) ? s : Json[name]?.ToString();

    public string ReqStr(string name, string code = "ValidationException")
    {
        var s = Str(name);
        if (string.IsNullOrEmpty(s)) throw new AwsException(code, $"1 validation error detected: Value null at '{ToCamel(name)}' failed to satisfy constraint: Member must not be null");
        return s;
    }

    public int? Number(string name)
    {
        var n = Json[name];
        if (n is null) return null;
        if (n is JsonValue v && v.TryGetValue<int>(out var i)) return i;
        return int.TryParse(n.ToString(), NumberStyles.Integer, CultureInfo.InvariantCulture, out var j) ? j : null;
    }

    public bool? Bool(string name)
    {
        var n = Json[name];
        if (n is JsonValue v && v.TryGetValue<bool>(out var b)) return b;
        return n is null ? null : bool.TryParse(n.ToString(), out var c) ? c : null;
    }

    // ---- query string / form accessors ---------------------------------------------------
    public string? Query(string name) => Http.Request.Query.TryGetValue(name, out var v) ? v.ToString() : null;

    public string? P(string name) => Form.TryGetValue(name, out var v) ? v : null;

    public string ReqP(string name, string code = "ValidationError")
    {
        var v = P(name);
        if (string.IsNullOrEmpty(v)) throw new AwsException(code, $"1 validation error detected: Value null at '{ToCamel(name)}' failed to satisfy constraint: Member must not be null");
        return v;
    }

    public int? IntP(string name) => int.TryParse(P(name), NumberStyles.Integer, CultureInfo.InvariantCulture, out var i) ? i : null;

    /// <summary>Values of a query-protocol list: Name.member.1, Name.member.2...</summary>
    public List<string> ListP(string name)
    {
        var list = new List<string>();
        for (var i = 1; Form.TryGetValue($"{name}.member.{i}", out var v); i++) list.Add(v);
        return list;
    }

    /// <summary>Structures of a query-protocol list: Name.member.N.Field.</summary>
    public List<Dictionary<string, string>> StructListP(string name)
    {
        var list = new List<Dictionary<string, string>>();
        for (var i = 1; ; i++)
        {
            var prefix = $"{name}.member.{i}.";
            var item = Form.Where(kv => kv.Key.StartsWith(prefix, StringComparison.Ordinal))
                .ToDictionary(kv => kv.Key[prefix.Length..], kv => kv.Value, StringComparer.Ordinal);
            if (item.Count == 0) return list;
            list.Add(item);
        }
    }

    private static string ToCamel(string s) => s.Length == 0 ? s : char.ToLowerInvariant(s[0]) + s[1..];
}
