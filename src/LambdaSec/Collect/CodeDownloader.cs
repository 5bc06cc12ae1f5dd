using System;
using System.IO;
using System.Net.Http;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws;

namespace LambdaSec.Collect;

/// <summary>
/// Downloads a deployment package or layer from the presigned URL Lambda returns (GetFunction Code.Location,
/// GetLayerVersionByArn Content.Location) into memory, refusing packages over a size cap. The URL carries a
/// signature, so it never appears in a message.
/// </summary>
public static class CodeDownloader
{
    /// <summary>The package in memory, or null when it is larger than <paramref name="maxBytes"/> (nothing past the cap is read).</summary>
    public static Task<MemoryStream?> DownloadAsync(string presignedUrl, long maxBytes, CancellationToken cancellationToken = default) =>
        DownloadAsync(presignedUrl, maxBytes, "the code location", "presigned URLs expire after 10 minutes, so run again", cancellationToken);

    /// <summary>
    /// The body in memory, or null when it is larger than <paramref name="maxBytes"/> (nothing past the cap is read).
    /// An HTTP error names <paramref name="source"/> and ends with <paramref name="hint"/> (what to do next).
    /// </summary>
    public static async Task<MemoryStream?> DownloadAsync(string presignedUrl, long maxBytes, string source, string hint, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(presignedUrl));
        AwsUserAgent.Apply(request);
        using var response = await AwsTransport.SharedClient.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"{source} answered HTTP {(int)response.StatusCode} ({response.ReasonPhrase}); {hint}");
        }

        if (response.Content.Headers.ContentLength is { } declared && declared > maxBytes)
        {
            return null;
        }

        using var body = await response.Content.ReadAsStreamAsync().ConfigureAwait(false);
        var package = new MemoryStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(buffer, 0, buffer.Length, cancellationToken).ConfigureAwait(false)) > 0)
        {
            if (package.Length + read > maxBytes)
            {
                package.Dispose();
                return null;
            }

            package.Write(buffer, 0, read);
        }

        package.Position = 0;
        return package;
    }
}
