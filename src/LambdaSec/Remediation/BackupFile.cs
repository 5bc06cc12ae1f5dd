using System;
using System.Collections.Generic;
using System.IO;
using System.Runtime.InteropServices;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using LambdaSec.Collect;

namespace LambdaSec.Remediation;

/// <summary>
/// The JSON-lines backup a remediation writes before each change. Every entry is appended and flushed to the
/// disk (not only to the OS cache) before the change is sent, so a crash or power loss after the change still
/// leaves the entry readable. Appends from concurrent workers are serialized.
/// </summary>
public sealed class BackupFile : IDisposable
{
    private static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        // Statement JSON stays readable in the file (quotes and & < > unescaped); the file is data, never HTML.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };
    private readonly object _gate = new();
    private FileStream? _stream;

    public BackupFile(string path) => Path = path;

    public string Path { get; }

    /// <summary>
    /// A new file per run under the user's LambdaSec data folder: %LOCALAPPDATA%\LambdaSec\backups on Windows,
    /// $XDG_DATA_HOME/LambdaSec/backups (default ~/.local/share) elsewhere.
    /// </summary>
    public static string DefaultPath(DateTimeOffset now)
    {
        string root;
        if (RuntimeInformation.IsOSPlatform(OSPlatform.Windows))
        {
            root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
        }
        else
        {
            var xdg = Environment.GetEnvironmentVariable("XDG_DATA_HOME");
            root = string.IsNullOrEmpty(xdg) || !System.IO.Path.IsPathRooted(xdg)
                ? System.IO.Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share")
                : xdg!;
        }

        return System.IO.Path.Combine(root, "LambdaSec", "backups", $"lambdasec-{now.UtcDateTime:yyyyMMdd-HHmmss-fff}.jsonl");
    }

    /// <summary>Appends one entry and returns only when it is on disk.</summary>
    public void Append(BackupEntry entry)
    {
        var line = Encoding.UTF8.GetBytes(JsonSerializer.Serialize(entry, Options) + "\n");
        lock (_gate)
        {
            if (_stream is null)
            {
                Directory.CreateDirectory(System.IO.Path.GetDirectoryName(System.IO.Path.GetFullPath(Path))!);
                _stream = LocalFile.OpenPrivateAppend(Path);
            }

            _stream.Write(line, 0, line.Length);
            _stream.Flush(flushToDisk: true);
        }
    }

    /// <summary>Every entry of a backup file, in order; a line that is not an entry throws <see cref="InvalidDataException"/> naming the line.</summary>
    public static IReadOnlyList<BackupEntry> Read(string path)
    {
        var entries = new List<BackupEntry>();
        var number = 0;
        foreach (var line in LocalFile.ReadText(path).Split('\n'))
        {
            number++;
            if (string.IsNullOrWhiteSpace(line))
            {
                continue;
            }

            BackupEntry? entry;
            try
            {
                entry = JsonSerializer.Deserialize<BackupEntry>(line, Options);
            }
            catch (JsonException ex)
            {
                throw new InvalidDataException($"{path}:{number}: not a LambdaSec backup entry ({ex.Message}).", ex);
            }

            if (entry is null || string.IsNullOrEmpty(entry.FunctionName) || (entry.Kind == BackupEntry.PermissionKind && string.IsNullOrEmpty(entry.Statement)))
            {
                throw new InvalidDataException($"{path}:{number}: not a LambdaSec backup entry (it needs FunctionName, and Statement for kind Permission).");
            }

            entries.Add(entry);
        }

        return entries;
    }

    public void Dispose()
    {
        lock (_gate)
        {
            _stream?.Dispose();
            _stream = null;
        }
    }
}
