using System;
using System.Collections.Concurrent;
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
/// POST /v1/querybatch with up to 1,000 distinct packages per call (ids only), following each query's
/// next_page_token for at most <see cref="MaxPages"/> pages, then GET /v1/vulns/{id} once per distinct advisory,
/// kept for the life of the client (one cmdlet run; safe to share between an audit's regions).
/// </summary>
public sealed class OsvClient : IAdvisorySource
{
    /// <summary>querybatch's documented maximum of package versions per call.</summary>
    public const int BatchSize = 1000;

    /// <summary>Pages read per query at most (a package version with more advisories than that many pages is reported as cut short).</summary>
    public const int MaxPages = 10;

    private readonly Uri _baseUrl;
    private readonly OncePerKey<string, OsvAdvisory> _advisories = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<Dependency, bool> _truncated = new();

    public OsvClient(Uri baseUrl) => _baseUrl = new Uri(baseUrl.AbsoluteUri.TrimEnd('/') + "/");

    public string Name => $"OSV at {_baseUrl}";

    public IReadOnlyCollection<Dependency> Truncated => _truncated.Keys.ToList();

    public async Task<IReadOnlyDictionary<Dependency, IReadOnlyList<string>>> QueryAsync(IEnumerable<Dependency> dependencies, CancellationToken cancellationToken)
    {
        var distinct = dependencies.Distinct().ToList();
        var affected = new Dictionary<Dependency, List<string>>();
        for (var start = 0; start < distinct.Count; start += BatchSize)
        {
            // Each query of the batch is asked again with its own page_token until it answers none (documented under Pagination).
            var pending = distinct.Skip(start).Take(BatchSize).Select(d => (Dependency: d, Token: (string?)null)).ToList();
            for (var page = 0; pending.Count > 0; page++)
            {
                if (page == MaxPages)
                {
                    pending.ForEach(p => _truncated[p.Dependency] = true);
                    break;
                }

                var body = JsonSerializer.Serialize(new
                {
                    queries = pending.Select(p => p.Token is null
                        ? (object)new { package = new { name = p.Dependency.Name, ecosystem = p.Dependency.Ecosystem }, version = p.Dependency.Version }
                        : new { package = new { name = p.Dependency.Name, ecosystem = p.Dependency.Ecosystem }, version = p.Dependency.Version, page_token = p.Token }),
                });
                using var document = JsonDocument.Parse(await SendAsync(HttpMethod.Post, "v1/querybatch", body, cancellationToken).ConfigureAwait(false));
                // The results follow the order of the queries (documented); a package without advisories answers {}.
                var results = document.RootElement.GetProperty("results").EnumerateArray().ToList();
                var next = new List<(Dependency Dependency, string? Token)>();
                for (var i = 0; i < pending.Count && i < results.Count; i++)
                {
                    var dependency = pending[i].Dependency;
                    if (results[i].ValueKind != JsonValueKind.Object) continue;
                    if (results[i].TryGetProperty("vulns", out var vulns) && vulns.ValueKind == JsonValueKind.Array)
                    {
                        var ids = vulns.EnumerateArray().Select(v => v.GetProperty("id").GetString()).OfType<string>();
                        if (!affected.TryGetValue(dependency, out var known)) affected[dependency] = known = [];
                        known.AddRange(ids.Where(id => !known.Contains(id)));
                    }

                    if (results[i].TryGetProperty("next_page_token", out var token) && token.ValueKind == JsonValueKind.String && token.GetString() is { Length: > 0 } text)
                    {
                        next.Add((dependency, text));
                    }
                }

                pending = next;
            }
        }

        return affected.Where(a => a.Value.Count > 0).ToDictionary(a => a.Key, a => (IReadOnlyList<string>)a.Value);
    }

    public Task<OsvAdvisory> GetAsync(string id, CancellationToken cancellationToken) =>
        _advisories.GetAsync(id, async key =>
            OsvAdvisory.Parse(await SendAsync(HttpMethod.Get, "v1/vulns/" + Uri.EscapeDataString(key), null, cancellationToken).ConfigureAwait(false)));

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
