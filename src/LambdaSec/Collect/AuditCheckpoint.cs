using System;
using System.Collections.Generic;
using System.IO;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaSec.Model;

namespace LambdaSec.Collect;

/// <summary>
/// A resumable audit's progress: one JSON line per finished account and region with its findings, appended and
/// flushed as each finishes. On resume the finished ones are replayed from the file instead of read again.
/// A torn last line (the run was killed while writing) is ignored, so that region is simply audited again.
/// </summary>
public sealed class AuditCheckpoint
{
    private static readonly JsonSerializerOptions Options = new() { Converters = { new JsonStringEnumConverter() } };
    private readonly string _path;
    private readonly Dictionary<string, LambdaSecFinding[]> _done = new(StringComparer.Ordinal);
    private readonly object _gate = new();
    private bool _failed;

    public AuditCheckpoint(string path)
    {
        _path = path;
        // A folder goes on to the reader, which refuses it as it refuses a FIFO or a device (LocalFile).
        if (!File.Exists(path) && !Directory.Exists(path))
        {
            return;
        }

        foreach (var line in LocalFile.ReadText(path).Split('\n'))
        {
            if (TryRead(line) is { } entry)
            {
                _done[Key(entry.AccountId, entry.Region)] = entry.Findings;
            }
        }
    }

    public int CompletedCount => _done.Count;

    /// <summary>The findings recorded for an account and region, or null when it has not finished.</summary>
    public IReadOnlyList<LambdaSecFinding>? Completed(string accountId, string region) =>
        _done.TryGetValue(Key(accountId, region), out var findings) ? findings : null;

    /// <summary>
    /// Appends the account and region with its findings. Returns null when it was written; the exception when the file
    /// could not be written (made read-only, replaced by a folder, disk full), the first time only: after a failure
    /// nothing more is tried, so the rest of the audit runs without recording and the failure is reported once. A
    /// failed line leaves at most a torn last line, which a resumed run ignores.
    /// </summary>
    public Exception? Record(string accountId, string region, IReadOnlyList<LambdaSecFinding> findings)
    {
        var line = JsonSerializer.Serialize(new Entry { AccountId = accountId, Region = region, CompletedAt = DateTime.UtcNow, Findings = [.. findings] }, Options);
        lock (_gate)
        {
            if (_failed)
            {
                return null;
            }

            try
            {
                using var stream = LocalFile.OpenPrivateAppend(_path);
                var bytes = Encoding.UTF8.GetBytes(line + "\n");
                stream.Write(bytes, 0, bytes.Length);
                stream.Flush(true);
                return null;
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                _failed = true;
                return ex;
            }
        }
    }

    private static Entry? TryRead(string line)
    {
        try
        {
            return string.IsNullOrWhiteSpace(line) ? null : JsonSerializer.Deserialize<Entry>(line, Options);
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static string Key(string accountId, string region) => accountId + "|" + region;

    private sealed class Entry
    {
        public string AccountId { get; set; } = string.Empty;

        public string Region { get; set; } = string.Empty;

        public DateTime CompletedAt { get; set; }

        public LambdaSecFinding[] Findings { get; set; } = [];
    }
}
