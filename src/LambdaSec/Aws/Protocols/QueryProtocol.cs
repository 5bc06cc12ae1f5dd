using System;
using System.Collections;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using System.Xml.Linq;

namespace LambdaSec.Aws.Protocols;

/// <summary>
/// query (IAM, ELBv2, STS): form-encoded Action, Version and members (lists as Name.member.N, structures
/// as Name.Member); the answer is &lt;OpResponse&gt;&lt;OpResult&gt;, errors &lt;ErrorResponse&gt;&lt;Error&gt;.
/// ec2 (botocore's "ec2" protocol) is the same form with lists as Name.N (callers give the wire names, e.g. Filter,
/// SubnetId); the answer is &lt;OpResponse&gt; itself (lists of &lt;item&gt;), errors &lt;Response&gt;&lt;Errors&gt;&lt;Error&gt;.
/// </summary>
public sealed class QueryProtocol : IAwsProtocol
{
    public static readonly QueryProtocol Instance = new(ec2: false);

    /// <summary>The ec2 protocol (EC2 only).</summary>
    public static readonly QueryProtocol Ec2 = new(ec2: true);

    private readonly bool _ec2;

    private QueryProtocol(bool ec2) => _ec2 = ec2;

    public AwsWireRequest BuildRequest(AwsOperation operation, IReadOnlyDictionary<string, object?> input, Uri endpoint)
    {
        var fields = new List<KeyValuePair<string, string>>
        {
            new("Action", operation.Name),
            new("Version", operation.Service.ApiVersion ?? throw new InvalidOperationException($"{operation.Service} has no API version.")),
        };
        foreach (var member in input) Flatten(member.Key, member.Value, fields);
        var form = string.Join("&", fields.Select(f => Uri.EscapeDataString(f.Key) + "=" + Uri.EscapeDataString(f.Value)));
        return new AwsWireRequest("POST", endpoint, Encoding.UTF8.GetBytes(form), "application/x-www-form-urlencoded; charset=utf-8");
    }

    public AwsNode ReadResult(AwsOperation operation, byte[] body)
    {
        var root = Parse(body) ?? throw new FormatException($"{operation} answered with a body that is not XML.");
        if (_ec2)
        {
            return new AwsNode(root);
        }

        var result = root.Elements().FirstOrDefault(e => e.Name.LocalName == operation.Name + "Result");
        return new AwsNode(result ?? new XElement(operation.Name + "Result"));
    }

    public AwsErrorInfo ReadError(int statusCode, Func<string, string?> header, byte[] body)
    {
        var root = Parse(body);
        var error = root?.DescendantsAndSelf().FirstOrDefault(e => e.Name.LocalName == "Error");
        string? Value(XElement? parent, string name) => parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;
        var requestId = Value(root, "RequestId") ?? Value(root, "RequestID") ?? Value(error, "RequestId") ?? header("x-amzn-RequestId");
        return new AwsErrorInfo(statusCode, Value(error, "Code") ?? "Http" + statusCode, Value(error, "Message") ?? "HTTP " + statusCode, requestId, AwsErrorInfo.ParseRetryAfter(header));
    }

    private static XElement? Parse(byte[] body)
    {
        try
        {
            using var reader = new StreamReader(new MemoryStream(body), Encoding.UTF8);
            return XDocument.Load(reader).Root;
        }
        catch (XmlException)
        {
            return null;
        }
    }

    private void Flatten(string prefix, object? value, List<KeyValuePair<string, string>> fields)
    {
        switch (value)
        {
            case null: return;
            case string s: fields.Add(new(prefix, s)); return;
            case bool b: fields.Add(new(prefix, b ? "true" : "false")); return;
            case DateTime t: fields.Add(new(prefix, t.ToUniversalTime().ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture))); return;
            case IDictionary map:
                foreach (DictionaryEntry entry in map) Flatten(prefix + "." + entry.Key, entry.Value, fields);
                return;
            case IEnumerable list:
                var index = 0;
                foreach (var item in list) Flatten(prefix + (_ec2 ? "." : ".member.") + (++index).ToString(CultureInfo.InvariantCulture), item, fields);
                return;
            default: fields.Add(new(prefix, Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty)); return;
        }
    }
}
