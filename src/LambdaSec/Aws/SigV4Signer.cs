using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;
using Amazon.Runtime;

namespace LambdaSec.Aws;

/// <summary>
/// Signs requests with SigV4 ("Create a signed AWS API request", AWS IAM user guide): canonical request, string to
/// sign, HMAC-SHA256 with the key derived from the secret, date, region and service. The derived key is kept per
/// secret, day, region and service, since deriving it takes four HMACs and it was the largest part of the client's
/// CPU per call we could change (docs/scale.md). AWSSDK.Core's AWS4Signer.SignRequest is not used because it needs
/// an IClientConfig (whose only constructor takes an internal provider) and an IRequest (whose members changed in 4.1);
/// tests check the result against AWS4Signer.ComputeSignature.
/// </summary>
public static class SigV4Signer
{
    private const string DateTimeFormat = "yyyyMMddTHHmmssZ";
    private const string Algorithm = "AWS4-HMAC-SHA256";
    private const int MaxKeys = 4096;
    private static readonly ConcurrentDictionary<string, byte[]> SigningKeys = new(StringComparer.Ordinal);

    /// <summary>Returns the headers to add (X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-SHA256 is not needed outside S3, Authorization).</summary>
    public static IReadOnlyDictionary<string, string> Sign(AwsWireRequest request, ImmutableCredentials credentials, string region, string service, DateTime utcNow)
    {
        var headers = new SortedDictionary<string, string>(StringComparer.Ordinal)
        {
            ["host"] = request.Uri.IsDefaultPort ? request.Uri.Host : request.Uri.Host + ":" + request.Uri.Port,
            ["x-amz-date"] = utcNow.ToString(DateTimeFormat, CultureInfo.InvariantCulture),
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
        canonical.Append('\n').Append(signedHeaders).Append('\n').Append(Hex(Sha256(request.Body)));

        var date = utcNow.ToString("yyyyMMdd", CultureInfo.InvariantCulture);
        var scope = $"{date}/{region}/{service}/aws4_request";
        var stringToSign = $"{Algorithm}\n{headers["x-amz-date"]}\n{scope}\n{Hex(Sha256(Encoding.UTF8.GetBytes(canonical.ToString())))}";
        var signature = Hex(Hmac(SigningKey(credentials.SecretKey, date, region, service), Encoding.UTF8.GetBytes(stringToSign)));
        var added = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-Amz-Date"] = headers["x-amz-date"],
            ["Authorization"] = $"{Algorithm} Credential={credentials.AccessKey}/{scope}, SignedHeaders={signedHeaders}, Signature={signature}",
        };
        if (credentials.UseToken) added["X-Amz-Security-Token"] = credentials.Token;
        return added;
    }

    /// <summary>kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"), kept for reuse.</summary>
    private static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var cacheKey = $"{date}/{region}/{service}/{secret}";
        if (SigningKeys.TryGetValue(cacheKey, out var cached)) return cached;
        if (SigningKeys.Count >= MaxKeys) SigningKeys.Clear();
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in new[] { date, region, service, "aws4_request" })
        {
            key = Hmac(key, Encoding.UTF8.GetBytes(part));
        }

        return SigningKeys[cacheKey] = key;
    }

    // One SHA-256 object per thread: creating one (a native OpenSSL context on Linux) cost more than hashing a request.
    [ThreadStatic]
    private static SHA256? _sha256;

    private static byte[] Sha256(byte[] data) => (_sha256 ??= SHA256.Create()).ComputeHash(data);

    /// <summary>HMAC-SHA256 (RFC 2104) over the thread's SHA-256: H((K ^ opad) || H((K ^ ipad) || m)), keys of at most 64 bytes.</summary>
    private static byte[] Hmac(byte[] key, byte[] message)
    {
        if (key.Length > 64) key = Sha256(key);
        var inner = new byte[64 + message.Length];
        var outer = new byte[64 + 32];
        for (var i = 0; i < 64; i++)
        {
            var k = i < key.Length ? key[i] : (byte)0;
            inner[i] = (byte)(k ^ 0x36);
            outer[i] = (byte)(k ^ 0x5c);
        }

        Buffer.BlockCopy(message, 0, inner, 64, message.Length);
        Buffer.BlockCopy(Sha256(inner), 0, outer, 64, 32);
        return Sha256(outer);
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
        foreach (var b in bytes) builder.Append(b.ToString("x2", CultureInfo.InvariantCulture));
        return builder.ToString();
    }
}
