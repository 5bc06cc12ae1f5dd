using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text.Json;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Vulnerabilities;

namespace LambdaSec.Collect;

/// <summary>
/// A local copy of OSV's data for air-gapped accounts: the per-ecosystem exports
/// (gs://osv-vulnerabilities/&lt;ECOSYSTEM&gt;/all.zip, one OSV record per .json entry; https://google.github.io/osv.dev/data/#data-dumps)
/// or their records as .json files. The path is one such zip, or a folder whose .zip and .json files (subfolders too,
/// links to folders not followed) are read, all of them the first time, then only the records indexed for packages
/// asked about later. Only records naming a package that was asked about are kept; whether
/// they affect its version is decided here, from the record's versions list and ranges (<see cref="OsvAdvisory.Affects"/>).
/// Reading is bounded: regular files only, each record at most <see cref="MaxRecordBytes"/>, at most
/// <see cref="MaxTotalBytes"/> of records per run.
/// </summary>
public sealed class OsvLocalData : IAdvisorySource
{
    /// <summary>The largest record read (the biggest OSV records, kernel advisories with long version lists, are a few MB).</summary>
    public const int MaxRecordBytes = 16 * 1024 * 1024;

    /// <summary>The most record text read in one run (the largest exports, npm and Maven, unzip to well under this).</summary>
    public const long MaxTotalBytes = 8L * 1024 * 1024 * 1024;

    private readonly string _path;
    private readonly Dictionary<string, OsvAdvisory> _advisories = new(StringComparer.Ordinal);
    private readonly Dictionary<(string Ecosystem, string Name), List<OsvAdvisory>> _byPackage = new();
    private readonly HashSet<(string Ecosystem, string Name)> _loaded = [];

    // Where each package's records are (file, zip entry), from the first reading: later questions (an audit's next
    // region) read only those records instead of the whole data again.
    private Dictionary<(string Ecosystem, string Name), List<(string File, string? Entry)>>? _index;
    private readonly object _gate = new();
    private long _bytesRead;

    public OsvLocalData(string path) => _path = path;

    public string Name => $"the OSV data at {_path}";

    public IReadOnlyCollection<Dependency> Truncated => [];

    /// <summary>Records that could not be read (not JSON, not an OSV record, over the size bound), with the reason: for -Verbose.</summary>
    public List<string> Skipped { get; } = [];

    public Task<IReadOnlyDictionary<Dependency, IReadOnlyList<string>>> QueryAsync(IEnumerable<Dependency> dependencies, CancellationToken cancellationToken)
    {
        var distinct = dependencies.Distinct().ToList();
        var affected = new Dictionary<Dependency, IReadOnlyList<string>>();
        // One reader at a time: an audit's regions share the data, read once for the packages each asks about first.
        lock (_gate)
        {
            var wanted = new HashSet<(string, string)>(distinct.Select(Key).Where(k => !_loaded.Contains(k)));
            if (wanted.Count > 0)
            {
                Load(wanted, cancellationToken);
                _loaded.UnionWith(wanted);
            }

            foreach (var dependency in distinct)
            {
                var ids = (_byPackage.TryGetValue(Key(dependency), out var candidates) ? candidates : []).Where(a => a.Affects(dependency)).Select(a => a.Id).Distinct(StringComparer.Ordinal).ToList();
                if (ids.Count > 0) affected[dependency] = ids;
            }
        }

        return Task.FromResult<IReadOnlyDictionary<Dependency, IReadOnlyList<string>>>(affected);
    }

    public Task<OsvAdvisory> GetAsync(string id, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return _advisories.TryGetValue(id, out var advisory) ? Task.FromResult(advisory) : throw new KeyNotFoundException($"{id} is not in {Name}.");
        }
    }

    /// <summary>PyPI names compare normalized (PEP 503), others as written; ecosystems case-insensitively as OSV's API does.</summary>
    private static (string Ecosystem, string Name) Key(string ecosystem, string name) =>
        (ecosystem.ToUpperInvariant(), string.Equals(ecosystem, DependencyParser.PyPI, StringComparison.OrdinalIgnoreCase) ? DependencyParser.NormalizePythonName(name) : name);

    private static (string Ecosystem, string Name) Key(Dependency dependency) => Key(dependency.Ecosystem, dependency.Name);

    /// <summary>
    /// The records of the wanted packages: the first time by reading every record (and indexing where each package's
    /// records are), later only the indexed records. Throws <see cref="IOException"/> when the path cannot be read.
    /// </summary>
    private void Load(HashSet<(string, string)> wanted, CancellationToken cancellationToken)
    {
        if (_index is not null)
        {
            var places = wanted.SelectMany(k => _index.TryGetValue(k, out var found) ? found : []).Distinct().GroupBy(p => p.File);
            foreach (var file in places)
            {
                if (file.First().Entry is null) LoadFile(file.Key, wanted);
                else LoadZip(file.Key, wanted, cancellationToken, new HashSet<string>(file.Select(p => p.Entry!), StringComparer.Ordinal));
            }

            return;
        }

        _index = [];
        try
        {
            LoadAll(wanted, cancellationToken);
        }
        catch
        {
            // An index of part of the data would hide the rest from later questions.
            _index = null;
            throw;
        }
    }

    private void LoadAll(HashSet<(string, string)> wanted, CancellationToken cancellationToken)
    {
        if (Directory.Exists(_path))
        {
            foreach (var file in LocalFile.EnumerateFiles(_path, recurse: true, (path, reason) => Skipped.Add($"{path}: {reason}")))
            {
                cancellationToken.ThrowIfCancellationRequested();
                if (file.EndsWith(".zip", StringComparison.OrdinalIgnoreCase)) LoadZip(file, wanted, cancellationToken);
                else if (file.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) LoadFile(file, wanted);
            }

            return;
        }

        if (LocalFile.NotRegularReason(_path) is { } reason)
        {
            throw new IOException($"'{_path}' was not read: {reason}.");
        }

        if (_path.EndsWith(".json", StringComparison.OrdinalIgnoreCase)) LoadFile(_path, wanted);
        else LoadZip(_path, wanted, cancellationToken);
    }

    private void LoadZip(string path, HashSet<(string, string)> wanted, CancellationToken cancellationToken, HashSet<string>? entries = null)
    {
        using var file = LocalFile.OpenRegular(path);
        ZipArchive archive;
        try
        {
            archive = new ZipArchive(file, ZipArchiveMode.Read);
        }
        catch (InvalidDataException ex)
        {
            throw new IOException($"'{path}' is not a readable zip archive ({ex.Message}); give OSV's <Ecosystem>/all.zip export.", ex);
        }

        using (archive)
        {
            foreach (var entry in archive.Entries.Where(e => e.FullName.EndsWith(".json", StringComparison.OrdinalIgnoreCase) && (entries is null || entries.Contains(e.FullName))))
            {
                cancellationToken.ThrowIfCancellationRequested();
                var where = $"{path}:{entry.FullName}";
                if (entry.Length > MaxRecordBytes)
                {
                    Skipped.Add($"{where}: larger than {MaxRecordBytes / (1024 * 1024)} MiB");
                    continue;
                }

                using var stream = entry.Open();
                var text = BoundedText.Read(stream, MaxRecordBytes);
                if (text is null) Skipped.Add($"{where}: larger than {MaxRecordBytes / (1024 * 1024)} MiB");
                else Add((path, entry.FullName), text, wanted);
            }
        }
    }

    private void LoadFile(string path, HashSet<(string, string)> wanted)
    {
        try
        {
            Add((path, null), LocalFile.ReadText(path, MaxRecordBytes), wanted);
        }
        catch (IOException ex)
        {
            Skipped.Add($"{path}: {ex.Message}");
        }
    }

    /// <summary>Keeps a record when it names a wanted package; a record that is not an OSV record is skipped with the reason.</summary>
    private void Add((string File, string? Entry) place, string text, HashSet<(string, string)> wanted)
    {
        var where = place.Entry is null ? place.File : $"{place.File}:{place.Entry}";
        _bytesRead += text.Length;
        if (_bytesRead > MaxTotalBytes)
        {
            throw new IOException($"{Name} holds more than {MaxTotalBytes / (1024 * 1024 * 1024)} GiB of records; give only the exports of the ecosystems the functions use.");
        }

        OsvAdvisory advisory;
        try
        {
            advisory = OsvAdvisory.Parse(text);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            Skipped.Add($"{where}: not an OSV record ({ex.Message})");
            return;
        }

        var named = advisory.Packages.Select(p => Key(p.Ecosystem, p.Name)).Distinct().ToList();
        foreach (var key in named)
        {
            if (!_index!.TryGetValue(key, out var places)) _index[key] = places = [];
            if (!places.Contains(place)) places.Add(place);
        }

        var keys = named.Where(wanted.Contains).ToList();
        if (keys.Count == 0)
        {
            return;
        }

        // The same record can come in two exports (an advisory affecting packages of two ecosystems): kept once.
        if (_advisories.TryGetValue(advisory.Id, out var known)) advisory = known;
        else _advisories[advisory.Id] = advisory;
        foreach (var key in keys)
        {
            if (!_byPackage.TryGetValue(key, out var list)) _byPackage[key] = list = [];
            if (!list.Contains(advisory)) list.Add(advisory);
        }
    }
}
