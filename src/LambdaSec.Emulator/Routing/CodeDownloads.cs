using LambdaSec.Emulator.Faults;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Routing;

/// <summary>
/// The emulator's stand-in for the presigned S3 URLs of GetFunction Code.Location and layer Content.Location:
/// /_emulator/code/function/{account}/{region}/{name} and /_emulator/code/layer/{account}/{region}/{name}/{version}
/// on the emulator's own host, serving the uploaded zip; each download served is counted (stats "downloads"). The query carries a dummy signature, as AWS's does.
/// </summary>
public static class CodeDownloads
{
    private const string Prefix = "/_emulator/code/";

    public static string Url(HttpContext http, string kind, string account, string region, string name, string? version = null) =>
        $"{http.Request.Scheme}://{http.Request.Host}{Prefix}{kind}/{account}/{region}/{Uri.EscapeDataString(name)}{(version is null ? "" : "/" + version)}?X-Amz-Expires=600&X-Amz-Signature={Ids.HexId(64)}";

    public static bool Matches(HttpContext http) =>
        HttpMethods.IsGet(http.Request.Method) && (http.Request.Path.Value ?? "").StartsWith(Prefix, StringComparison.Ordinal);

    public static async Task ServeAsync(HttpContext http, StateStore store, EmulatorStats stats)
    {
        var parts = (http.Request.Path.Value ?? "")[Prefix.Length..].Split('/').Select(Uri.UnescapeDataString).ToArray();
        byte[]? zip;
        lock (store.Gate)
        {
            zip = parts switch
            {
                ["function", var account, var region, var name] => store.Current.Region(account, region).Functions.GetValueOrDefault(name)?.ZipFile,
                ["layer", var account, var region, var name, var version] when long.TryParse(version, out var number) =>
                    store.Current.Region(account, region).Layers.GetValueOrDefault(name)?.GetValueOrDefault(number)?.ZipFile,
                _ => null,
            };
        }

        if (zip is null)
        {
            // S3 answers a presigned GET of a missing object with 404 NoSuchKey.
            http.Response.StatusCode = 404;
            http.Response.ContentType = "application/xml";
            await http.Response.WriteAsync("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>NoSuchKey</Code><Message>The specified key does not exist.</Message></Error>");
            return;
        }

        stats.Download(parts[0]);
        http.Response.ContentType = "application/zip";
        http.Response.ContentLength = zip.Length;
        await http.Response.Body.WriteAsync(zip);
    }
}
