using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace LambdaSec.Aws.Protocols;

/// <summary>
/// rest-json (Lambda, API Gateway, API Gateway v2): members named in the URI template go into the
/// path, <see cref="AwsOperation.QueryBindings"/> into the query string, the rest into a JSON body.
/// </summary>
public sealed class RestJsonProtocol : IAwsProtocol
{
    public static readonly RestJsonProtocol Instance = new();

    private RestJsonProtocol()
    {
    }

    public AwsWireRequest BuildRequest(AwsOperation operation, IReadOnlyDictionary<string, object?> input, Uri endpoint)
    {
        var used = new HashSet<string>(StringComparer.Ordinal);
        var template = operation.RequestUri;
        var queryStart = template.IndexOf('?');
        var path = queryStart >= 0 ? template.Substring(0, queryStart) : template;
        var query = new List<string>();
        if (queryStart >= 0) query.Add(template.Substring(queryStart + 1));

        foreach (var pair in input)
        {
            if (pair.Value is null) continue;
            var greedy = "{" + pair.Key + "+}";
            var plain = "{" + pair.Key + "}";
            var text = Text(pair.Value);
            if (path.Contains(greedy))
            {
                path = path.Replace(greedy, string.Join("/", text.Split('/').Select(Uri.EscapeDataString)));
                used.Add(pair.Key);
            }
            else if (path.Contains(plain))
            {
                path = path.Replace(plain, Uri.EscapeDataString(text));
                used.Add(pair.Key);
            }
            else if (operation.QueryBindings.TryGetValue(pair.Key, out var name))
            {
                var values = pair.Value is IEnumerable list and not string ? list.Cast<object>().Select(Text) : new[] { text };
                query.AddRange(values.Select(v => Uri.EscapeDataString(name) + "=" + Uri.EscapeDataString(v)));
                used.Add(pair.Key);
            }
        }

        if (path.Contains('{'))
            throw new ArgumentException($"{operation} needs the path parameter in '{operation.RequestUri}'.", nameof(input));

        var builder = new UriBuilder(endpoint)
        {
            Path = endpoint.AbsolutePath.TrimEnd('/') + path,
            Query = string.Join("&", query),
        };
        var bodyMembers = input.Where(p => p.Value is not null && !used.Contains(p.Key)).ToList();
        var body = bodyMembers.Count == 0 ? Array.Empty<byte>() : WriteBody(bodyMembers);
        var request = new AwsWireRequest(operation.HttpMethod, builder.Uri, body, body.Length == 0 ? null : "application/json");
        request.Headers["Accept"] = "application/json";
        return request;
    }

    public AwsNode ReadResult(AwsOperation operation, byte[] body) => JsonRpcProtocol.ParseJson(body);

    public AwsErrorInfo ReadError(int statusCode, Func<string, string?> header, byte[] body) => JsonErrorReader.Read(statusCode, header, body);

    private static string Text(object value) => value switch
    {
        bool b => b ? "true" : "false",
        DateTime t => t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };

    private static byte[] WriteBody(IEnumerable<KeyValuePair<string, object?>> members)
    {
        using var stream = new MemoryStream();
        using (var writer = new Utf8JsonWriter(stream))
        {
            writer.WriteStartObject();
            foreach (var member in members)
            {
                writer.WritePropertyName(member.Key);
                JsonValueWriter.Write(writer, member.Value);
            }
            writer.WriteEndObject();
        }
        return stream.ToArray();
    }

    internal static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);
}
