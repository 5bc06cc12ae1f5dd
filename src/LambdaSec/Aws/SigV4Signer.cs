using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using Amazon.Runtime;
using Amazon.Runtime.Internal.Auth;

namespace LambdaSec.Aws;

/// <summary>
/// Signs requests with SigV4. The key derivation, HMAC and Authorization header come from AWSSDK.Core's
/// <see cref="AWS4Signer"/> static APIs (ComputeSignature, ComputeHash, FormatDateTime), which are the same in
/// 4.0.x and 4.1.x; only the canonical request is built here, because AWS4Signer.SignRequest needs an
/// IClientConfig (whose only constructor takes an internal provider) and an IRequest (whose members changed in 4.1).
/// </summary>
public static class SigV4Signer
{
    private const string DateTimeFormat = "yyyyMMddTHHmmssZ";

    /// <summary>Returns the headers to add (X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-SHA256 is not needed outside S3, Authorization).</summary>
    public static IReadOnlyDictionary<string, string> Sign(AwsWireRequest request, ImmutableCredentials credentials, string region, string service, DateTime utcNow)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = request.Uri.IsDefaultPort ? request.Uri.Host : request.Uri.Host + ":" + request.Uri.Port,
            ["x-amz-date"] = AWS4Signer.FormatDateTime(utcNow, DateTimeFormat),
        };
        if (credentials.UseToken) headers["x-amz-security-token"] = credentials.Token;
        if (request.ContentType is not null) headers["content-type"] = request.ContentType;
        foreach (var header in request.Headers) headers[header.Key.ToLowerInvariant()] = header.Value.Trim();

        var signedHeaders = string.Join(";", headers.Keys);
        var canonical = new StringBuilder()
            .Append(request.Method).Append('\n')
            .Append(CanonicalPath(request.Uri)).Append('\n')
            .Append(CanonicalQuery(request.Uri)).Append('\n');
        foreach (var header in headers) canonical.Append(header.Key).Append(':').Append(header.Value).Append('\n');
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Hex(AWS4Signer.ComputeHash(request.Body)));

        var result = AWS4Signer.ComputeSignature(credentials, region, utcNow, service, signedHeaders, canonical.ToString());
        var added = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-Amz-Date"] = headers["x-amz-date"],
            ["Authorization"] = result.ForAuthorizationHeader,
        };
        if (credentials.UseToken) added["X-Amz-Security-Token"] = credentials.Token;
        return added;
    }

    // Services other than S3 encode each path segment twice: once in the URI, once in the canonical form.
    private static string CanonicalPath(Uri uri)
    {
        var path = uri.AbsolutePath;
        return path.Length == 0 ? "/" : string.Join("/", path.Split('/').Select(Uri.EscapeDataString));
    }

    private static string CanonicalQuery(Uri uri)
    {
        var query = uri.Query.TrimStart('?');
        if (query.Length == 0) return string.Empty;
        return string.Join("&", query.Split('&')
            .Where(p => p.Length > 0)
            .Select(p =>
            {
                var eq = p.IndexOf('=');
                var key = Uri.UnescapeDataString(eq < 0 ? p : p.Substring(0, eq));
                var value = eq < 0 ? string.Empty : Uri.UnescapeDataString(p.Substring(eq + 1));
                return (Key: Uri.EscapeDataString(key), Value: Uri.EscapeDataString(value));
            })
            .OrderBy(p => p.Key, StringComparer.Ordinal)
            .ThenBy(p => p.Value, StringComparer.Ordinal)
            .Select(p => p.Key + "=" + p.Value));
    }

    private static string Hex(byte[] bytes)
    {
        var builder = new StringBuilder(bytes.Length * 2);
        foreach (var b in bytes) builder.Append(b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture));
        return builder.ToString();
    }
}
