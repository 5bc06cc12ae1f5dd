using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using LambdaSec.Emulator.Routing;

namespace LambdaSec.Emulator.Services;

/// <summary>Opaque NextToken paging for json-1.1 and rest-json list operations.</summary>
public static class JsonPaging
{
    public static string Token(int index) => Convert.ToBase64String(Encoding.UTF8.GetBytes("p:" + index.ToString(CultureInfo.InvariantCulture)));

    public static int Start(string? token, string errorCode)
    {
        if (string.IsNullOrEmpty(token)) return 0;
        try
        {
            var s = Encoding.UTF8.GetString(Convert.FromBase64String(token));
            if (s.StartsWith("p:", StringComparison.Ordinal) && int.TryParse(s[2..], NumberStyles.None, CultureInfo.InvariantCulture, out var i)) return i;
        }
        catch (FormatException)
        {
            // fall through to the service's invalid-token error
        }
        throw new AwsException(errorCode, "Invalid NextToken: " + token);
    }

    /// <summary>Writes one page of <paramref name="all"/> into <paramref name="result"/>.</summary>
    public static JsonObject Page(JsonObject result, string listName, IReadOnlyList<JsonNode> all, int start, int max, string tokenName = "NextToken")
    {
        result[listName] = new JsonArray(all.Skip(start).Take(max).Select(n => n.DeepClone()).ToArray());
        if (start + max < all.Count) result[tokenName] = Token(start + max);
        return result;
    }
}
