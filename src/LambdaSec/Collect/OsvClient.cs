using System;
using System.Collections.Generic;
using System.Linq;
using System.Net.Http;
using System.Text;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Vulnerabilities;
using LambdaSec.Aws;

namespace LambdaSec.Collect;

/// <summary>
/// Asks the OSV API (https://google.github.io/osv.dev/api/) which advisories affect a set of packages:
/// POST /v1/querybatch with up to 1,000 distinct packages per call (ids only), then GET /v1/vulns/{id} once
/// per distinct advisory, kept for the life of the client (one cmdlet run).
/// </summary>
public sealed class OsvClient
{
    /// <summary>querybatch's documented maximum of package versions per call.</summary>
    public const int BatchSize = 1000;

    private readonly Uri _baseUrl;
    private readonly Dictionary<string, OsvAdvisory> _advisories = new(StringComparer.Ordinal);

    public OsvClient(Uri baseUrl) => _baseUrl = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/");

    /// <summary>The advisory ids affecting each distinct dependency (dependencies without any are left out).</summary>
    public async Task<IReadOnlyDictionary<Dependency, IReadOnlyList<string>>> QueryAsync(IEnumerable<Dependency> dependencies, CancellationToken cancellationToken)
    {
        var distinct = dependencies.Distinct().ToList();
        var affected = new Dictionary<Dependency, IReadOnlyList<string>>();
        for (var start = 0; start < distinct.Count; start += BatchSize)
        {
            var batch = distinct.Skip(start).Take(BatchSize).ToList();
            var body = JsonSerializer.Serialize(new
            {
                queries = batch.Select(d => new { package = new { name = d.Name, ecosystem = d.Ecosystem }, version = d.Version }),
            });
            using var document = JsonDocument.Parse(await SendAsync(HttpMethod.Post, "v1/querybatch", body, cancellationToken).ConfigureAwait(false));
            // The results follow the order of the queries (documented); a package without advisories answers {}.
            var results = document.RootElement.GetProperty("results").EnumerateArray().ToList();
            for (var i = 0; i < batch.Count && i < results.Count; i++)
            {
                if (results[i].TryGetProperty("vulns", out var vulns) && vulns.ValueKind == JsonValueKind.Array)
                {
                    var ids = vulns.EnumerateArray().Select(v => v.GetProperty("id").GetString()).Where(id => id is not null).Select(id => id!).ToList();
                    if (ids.Count > 0) affected[batch[i]] = ids;
                }
            }
        }

        return affected;
    }

    /// <summary>The advisory's record, read once per run.</summary>
    public async Task<OsvAdvisory> GetAsync(string id, CancellationToken cancellationToken)
    {
        if (!_advisories.TryGetValue(id, out var advisory))
        {
            advisory = OsvAdvisory.Parse(await SendAsync(HttpMethod.Get, "v1/vulns/" + Uri.EscapeDataString(id), null, cancellationToken).ConfigureAwait(false));
            _advisories[id] = advisory;
        }

        return advisory;
    }

    private async Task<string> SendAsync(HttpMethod method, string path, string? body, CancellationToken cancellationToken)
    {
        using var request = new HttpRequestMessage(method, new Uri(_baseUrl, path));
        if (body is not null) request.Content = new StringContent(body, Encoding.UTF8, "application/json");
        using var response = await AwsTransport.SharedClient.SendAsync(request, cancellationToken).ConfigureAwait(false);
        var text = await response.Content.ReadAsStringAsync().ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException($"OSV ({_baseUrl}) answered HTTP {(int)response.StatusCode} ({response.ReasonPhrase}) to {method} /{path}");
        }

        return text;
    }
}
