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
    private static readonly ConcurrentDictionary<(string Date, string Region, string Service, string Secret), byte[]> SigningKeys = new();

    /// <summary>Returns the headers to add (X-Amz-Date, X-Amz-Security-Token, X-Amz-Content-SHA256 is not needed outside S3, Authorization).</summary>
    public static IReadOnlyDictionary<string, string> Sign(AwsWireRequest request, ImmutableCredentials credentials, string region, string service, DateTime utcNow)
    {
        var amzDate = utcNow.ToString(DateTimeFormat, CultureInfo.InvariantCulture);
        var headers = CanonicalHeaders(request, credentials, amzDate);

        // The canonical request, hashed from one buffer per thread (it was the signer's largest allocation).
        var text = _text ??= new StringBuilder(1024);
        text.Clear()
            .Append(request.Method).Append('\n');
        AppendCanonicalPath(text, request.Uri.AbsolutePath);
        text.Append('\n').Append(CanonicalQuery(request.Uri)).Append('\n');
        foreach (var header in headers) text.Append(header.Key).Append(':').Append(header.Value).Append('\n');
        text.Append('\n');
        var signedStart = text.Length;
        for (var i = 0; i < headers.Count; i++) text.Append(i == 0 ? string.Empty : ";").Append(headers[i].Key);
        var signedHeaders = text.ToString(signedStart, text.Length - signedStart);
        text.Append('\n');
        AppendHex(text, request.Body.Length == 0 ? EmptyBodyHash : Sha256(request.Body, 0, request.Body.Length));
        var canonicalHash = HashText(text);

        var date = amzDate.Substring(0, 8);
        text.Clear().Append(Algorithm).Append('\n').Append(amzDate).Append('\n');
        var scopeStart = text.Length;
        text.Append(date).Append('/').Append(region).Append('/').Append(service).Append("/aws4_request");
        var scope = text.ToString(scopeStart, text.Length - scopeStart);
        text.Append('\n');
        AppendHex(text, canonicalHash);
        var signature = Hmac(SigningKey(credentials.SecretKey, date, region, service), Utf8(text, out var length), length);

        text.Clear().Append(Algorithm).Append(" Credential=").Append(credentials.AccessKey).Append('/').Append(scope)
            .Append(", SignedHeaders=").Append(signedHeaders).Append(", Signature=");
        AppendHex(text, signature);
        var added = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase)
        {
            ["X-Amz-Date"] = amzDate,
            ["Authorization"] = text.ToString(),
        };
        if (credentials.UseToken) added["X-Amz-Security-Token"] = credentials.Token;
        return added;
    }

    // The signed headers, lower-case names in ordinal order; a request header of the same name replaces ours, as before.
    private static List<KeyValuePair<string, string>> CanonicalHeaders(AwsWireRequest request, ImmutableCredentials credentials, string amzDate)
    {
        var headers = new List<KeyValuePair<string, string>>(4 + request.Headers.Count);
        void Set(string name, string value)
        {
            for (var i = 0; i < headers.Count; i++)
            {
                if (string.Equals(headers[i].Key, name, StringComparison.Ordinal))
                {
                    headers[i] = new KeyValuePair<string, string>(name, value);
                    return;
                }
            }

            headers.Add(new KeyValuePair<string, string>(name, value));
        }

        Set("host", request.Uri.IsDefaultPort ? request.Uri.Host : request.Uri.Host + ":" + request.Uri.Port.ToString(CultureInfo.InvariantCulture));
        Set("x-amz-date", amzDate);
        if (credentials.UseToken) Set("x-amz-security-token", credentials.Token);
        if (request.ContentType is not null) Set("content-type", request.ContentType);
        foreach (var header in request.Headers) Set(header.Key.ToLowerInvariant(), header.Value.Trim());
        headers.Sort((a, b) => string.CompareOrdinal(a.Key, b.Key));
        return headers;
    }

    /// <summary>kSigning = HMAC(HMAC(HMAC(HMAC("AWS4" + secret, date), region), service), "aws4_request"), kept for reuse.</summary>
    private static byte[] SigningKey(string secret, string date, string region, string service)
    {
        var cacheKey = (date, region, service, secret);
        if (SigningKeys.TryGetValue(cacheKey, out var cached)) return cached;
        if (SigningKeys.Count >= MaxKeys) SigningKeys.Clear();
        var key = Encoding.UTF8.GetBytes("AWS4" + secret);
        foreach (var part in new[] { date, region, service, "aws4_request" })
        {
            key = Hmac(key, Encoding.UTF8.GetBytes(part));
        }

        return SigningKeys[cacheKey] = key;
    }

    // One SHA-256 object, one text buffer and one byte buffer per thread: creating a SHA-256 (a native OpenSSL context
    // on Linux) cost more than hashing a request, and the canonical request's strings were most of the signer's garbage.
    [ThreadStatic]
    private static SHA256? _sha256;

    [ThreadStatic]
    private static StringBuilder? _text;

    [ThreadStatic]
    private static char[]? _chars;

    [ThreadStatic]
    private static byte[]? _bytes;

    private static readonly byte[] EmptyBodyHash = SHA256.Create().ComputeHash(Array.Empty<byte>());

    private static byte[] Sha256(byte[] data, int offset, int count) => (_sha256 ??= SHA256.Create()).ComputeHash(data, offset, count);

    private static byte[] HashText(StringBuilder text) => Sha256(Utf8(text, out var length), HmacBlock, length);

    private const int HmacBlock = 64;

    // The builder's text as UTF-8 in the thread's byte buffer, from offset 64 (room for the HMAC's padded key in front
    // of the message); valid until the next call.
    private static byte[] Utf8(StringBuilder text, out int length)
    {
        var chars = _chars is { } c && c.Length >= text.Length ? c : _chars = new char[Math.Max(1024, text.Length * 2)];
        text.CopyTo(0, chars, 0, text.Length);
        var size = HmacBlock + Encoding.UTF8.GetMaxByteCount(text.Length);
        var bytes = _bytes is { } b && b.Length >= size ? b : _bytes = new byte[Math.Max(4096, size * 2)];
        length = Encoding.UTF8.GetBytes(chars, 0, text.Length, bytes, HmacBlock);
        return bytes;
    }

    private static byte[] Hmac(byte[] key, byte[] message)
    {
        var buffer = new byte[HmacBlock + message.Length];
        Buffer.BlockCopy(message, 0, buffer, HmacBlock, message.Length);
        return Hmac(key, buffer, message.Length);
    }

    /// <summary>
    /// HMAC-SHA256 (RFC 2104) over the thread's SHA-256: H((K ^ opad) || H((K ^ ipad) || m)), keys of at most 64 bytes.
    /// The message is at offset 64 of <paramref name="buffer"/>, whose first 64 bytes are overwritten with K ^ ipad.
    /// </summary>
    private static byte[] Hmac(byte[] key, byte[] buffer, int length)
    {
        if (key.Length > HmacBlock) key = Sha256(key, 0, key.Length);
        var outer = new byte[HmacBlock + 32];
        for (var i = 0; i < HmacBlock; i++)
        {
            var k = i < key.Length ? key[i] : (byte)0;
            buffer[i] = (byte)(k ^ 0x36);
            outer[i] = (byte)(k ^ 0x5c);
        }

        Buffer.BlockCopy(Sha256(buffer, 0, HmacBlock + length), 0, outer, HmacBlock, 32);
        return Sha256(outer, 0, outer.Length);
    }

    // Services other than S3 encode each path segment twice: once in the URI, once in the canonical form.
    private static void AppendCanonicalPath(StringBuilder text, string path)
    {
        if (path.Length == 0)
        {
            text.Append('/');
            return;
        }

        for (var start = 0; start <= path.Length;)
        {
            var end = path.IndexOf('/', start);
            if (end < 0) end = path.Length;
            if (IsUnreserved(path, start, end)) text.Append(path, start, end - start);
            else text.Append(Uri.EscapeDataString(path.Substring(start, end - start)));
            if (end < path.Length) text.Append('/');
            start = end + 1;
        }
    }

    // RFC 3986 unreserved characters: what Uri.EscapeDataString leaves as it is.
    private static bool IsUnreserved(string text, int start, int end)
    {
        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (!(c is >= 'a' and <= 'z' or >= 'A' and <= 'Z' or >= '0' and <= '9' or '-' or '_' or '.' or '~')) return false;
        }

        return true;
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

    private static void AppendHex(StringBuilder text, byte[] bytes)
    {
        const string digits = "0123456789abcdef";
        foreach (var b in bytes) text.Append(digits[b >> 4]).Append(digits[b & 15]);
    }
}
