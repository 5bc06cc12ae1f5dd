using System;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using LambdaSec.Analysis.Secrets;

namespace LambdaSec.Collect;

/// <summary>
/// Scans a deployment package (a zip, in memory) or a folder for secrets, entry by entry, reading only text files
/// and never more than Lambda itself accepts unzipped, so a hostile package cannot exhaust memory or time.
/// </summary>
public sealed class CodePackageScanner
{
    /// <summary>Lambda's quota for a function and its layers unzipped (250 MB): a package claiming more is not a real Lambda package.</summary>
    public const long MaxUnzippedBytes = 250L * 1024 * 1024;

    /// <summary>Files bigger than this are skipped: a secret lives in a config or source file, not in a 16 MB bundle of data.</summary>
    public const int MaxFileBytes = 16 * 1024 * 1024;

    /// <summary>git's rule for binary content: a NUL byte in the first 8000 bytes.</summary>
    private const int BinaryProbeBytes = 8000;

    private readonly SecretScanner _scanner;

    public CodePackageScanner(SecretScanner scanner) => _scanner = scanner;

    /// <summary>Scans a zip archive; <paramref name="zip"/> must be seekable (a downloaded package in a MemoryStream).</summary>
    public PackageScanResult ScanZip(Stream zip)
    {
        var result = new PackageScanResult();
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        long total = 0;
        foreach (var entry in archive.Entries.Where(e => !e.FullName.EndsWith("/", StringComparison.Ordinal)))
        {
            if (Skip(entry.FullName, entry.Length, result)) continue;
            if ((total += entry.Length) > MaxUnzippedBytes)
            {
                result.Truncated = true;
                break;
            }

            using var stream = entry.Open();
            ScanFile(entry.FullName, stream, (int)entry.Length, result);
        }

        return result;
    }

    /// <summary>Scans every file under <paramref name="folder"/>; locations are relative to it.</summary>
    public PackageScanResult ScanFolder(string folder)
    {
        var result = new PackageScanResult();
        var root = Path.GetFullPath(folder).TrimEnd(Path.DirectorySeparatorChar, Path.AltDirectorySeparatorChar) + Path.DirectorySeparatorChar;
        long total = 0;
        foreach (var file in LocalFile.EnumerateFiles(root, recurse: true, (skipped, reason) => result.Skipped.Add($"{skipped.Substring(root.Length).Replace(Path.DirectorySeparatorChar, '/')} ({reason})")).OrderBy(f => f, StringComparer.Ordinal))
        {
            var relative = file.Substring(root.Length).Replace(Path.DirectorySeparatorChar, '/');
            var length = new FileInfo(file).Length;
            if (Skip(relative, length, result)) continue;
            if ((total += length) > MaxUnzippedBytes)
            {
                result.Truncated = true;
                break;
            }

            FileStream stream;
            try
            {
                // Checked again on the opened file: it may have been replaced by a FIFO since the walk listed it.
                stream = LocalFile.OpenRegular(file);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                result.Skipped.Add($"{relative} (not read: {ex.Message})");
                continue;
            }

            using (stream)
            {
                ScanFile(relative, stream, (int)length, result);
            }
        }

        return result;
    }

    private bool Skip(string path, long length, PackageScanResult result)
    {
        if (_scanner.RuleSet.IsSkippedPath(path))
        {
            result.Skipped.Add($"{path} (lock file or binary type)");
            return true;
        }

        if (length > MaxFileBytes)
        {
            result.Skipped.Add($"{path} (larger than {MaxFileBytes / (1024 * 1024)} MB)");
            return true;
        }

        return false;
    }

    private void ScanFile(string path, Stream stream, int declaredLength, PackageScanResult result)
    {
        // Read with a bound of our own: a zip entry's declared size is the packager's claim, not a fact.
        var bytes = new byte[declaredLength + 1];
        int length = 0, read;
        while (length < bytes.Length && (read = stream.Read(bytes, length, bytes.Length - length)) > 0)
        {
            length += read;
        }

        if (length > declaredLength)
        {
            result.Skipped.Add($"{path} (more bytes than its declared size)");
            return;
        }

        if (Array.IndexOf(bytes, (byte)0, 0, Math.Min(length, BinaryProbeBytes)) >= 0)
        {
            result.Skipped.Add($"{path} (binary)");
            return;
        }

        result.FilesScanned++;
        var text = Encoding.UTF8.GetString(bytes, 0, length);
        result.Hits.AddRange(_scanner.ScanText(text, path).Select(h => new PackageSecretHit(path, h)));
    }
}
