using System;
using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using System.Linq;
using System.Text;
using LambdaSec.Analysis.Vulnerabilities;

namespace LambdaSec.Collect;

/// <summary>A package found in a deployment package or layer, with the path of the file that records it ("lib/a.jar!/META-INF/..." inside a nested jar).</summary>
public sealed record FoundDependency(string Path, Dependency Dependency);

/// <summary>
/// Lists the packages of a deployment package or layer (a zip, in memory): the manifests and lock files
/// <see cref="DependencyParser"/> recognizes, the pom.properties of the jars nested in it (and of the jars nested in
/// those), and the build information of Go binaries. Every read has a bound of its own and all reads together stop
/// at <see cref="CodePackageScanner.MaxUnzippedBytes"/> (Lambda's unzipped quota), whatever sizes the zip claims,
/// so a hostile zip (a zip bomb, a jar nested in itself) cannot exhaust memory or time.
/// </summary>
public static class DependencyInventory
{
    /// <summary>The zip itself, a jar in it, and a jar in that jar (Spring Boot's BOOT-INF/lib): no deeper.</summary>
    public const int MaxArchiveDepth = 3;

    /// <summary>A nested jar larger than this is not opened (it is held in memory while it is read).</summary>
    public const int MaxNestedArchiveBytes = 64 * 1024 * 1024;

    /// <summary>Go binaries are searched for their build information in chunks of this size.</summary>
    private const int ChunkBytes = 1024 * 1024;

    /// <summary>The packages of <paramref name="zip"/> (seekable), in the zip's order; throws <see cref="InvalidDataException"/> for a file that is not a zip.</summary>
    /// <remarks>
    /// A package named by a lock or requirements file is left out when the zip also holds it installed (the installed
    /// version is the one that runs), and a package several lock files name at the same version is listed once.
    /// </remarks>
    public static IReadOnlyList<FoundDependency> ReadZip(Stream zip)
    {
        var found = new List<(FoundDependency Found, bool Declared)>();
        var budget = new Budget { Remaining = CodePackageScanner.MaxUnzippedBytes };
        using (var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true))
        {
            ReadArchive(archive, string.Empty, 1, budget, found);
        }

        var installed = new HashSet<(string, string)>(found.Where(f => !f.Declared).Select(f => (f.Found.Dependency.Ecosystem, f.Found.Dependency.Name)));
        var declared = new HashSet<Dependency>();
        return found
            .Where(f => !f.Declared || (!installed.Contains((f.Found.Dependency.Ecosystem, f.Found.Dependency.Name)) && declared.Add(f.Found.Dependency)))
            .Select(f => f.Found)
            .ToList();
    }

    private static void ReadArchive(ZipArchive archive, string prefix, int depth, Budget budget, List<(FoundDependency, bool)> found)
    {
        foreach (var entry in archive.Entries)
        {
            if (budget.Remaining <= 0) return;
            var path = prefix + entry.FullName;
            if (DependencyParser.KindOf(entry.FullName) is { } kind)
            {
                if (entry.Length > DependencyParser.MaxManifestBytes) continue;
                using var stream = entry.Open();
                if (ReadBounded(stream, entry.Length, budget) is not { } bytes) continue;
                var text = Encoding.UTF8.GetString(bytes);
                found.AddRange(DependencyParser.Parse(kind, text).Select(d => (new FoundDependency(path, d), DependencyParser.IsLockFile(kind))));
            }
            else if (DependencyParser.IsJavaArchive(entry.FullName) && depth < MaxArchiveDepth && entry.Length <= MaxNestedArchiveBytes)
            {
                ReadNestedArchive(entry, path, depth, budget, found);
            }
            else if (depth == 1 && DependencyParser.MayBeExecutable(entry.FullName) && entry.Length > 0)
            {
                using var stream = entry.Open();
                found.AddRange(ReadGoBinary(stream, budget).Select(d => (new FoundDependency(path, d), false)));
            }
        }
    }

    /// <summary>A jar inside the zip (or inside a jar): read into memory with a bound, then read as a zip of its own; a jar that is not a valid zip is skipped.</summary>
    private static void ReadNestedArchive(ZipArchiveEntry entry, string path, int depth, Budget budget, List<(FoundDependency, bool)> found)
    {
        byte[]? bytes;
        using (var stream = entry.Open())
        {
            bytes = ReadBounded(stream, entry.Length, budget);
        }

        if (bytes is null) return;
        try
        {
            using var archive = new ZipArchive(new MemoryStream(bytes, writable: false), ZipArchiveMode.Read);
            ReadArchive(archive, path + "!/", depth + 1, budget, found);
        }
        catch (InvalidDataException)
        {
            // Not a zip after all, or a damaged one: its packages cannot be known, the rest of the package still can.
        }
    }

    /// <summary>
    /// The modules a Go binary records, or none when the file is not an executable or holds no build information.
    /// The file is read in chunks; each window keeps <see cref="GoBuildInfo.MaxBlobBytes"/> past the searched part,
    /// so a header near the end of a chunk is decoded with its strings whole.
    /// </summary>
    private static IReadOnlyList<Dependency> ReadGoBinary(Stream stream, Budget budget)
    {
        var window = new byte[ChunkBytes + GoBuildInfo.MaxBlobBytes];
        var filled = Fill(stream, window, 0, 4, budget);
        if (!GoBuildInfo.IsExecutable(window, filled)) return [];
        while (true)
        {
            filled += Fill(stream, window, filled, window.Length - filled, budget);
            var atEnd = filled < window.Length;
            if (GoBuildInfo.Find(window, filled, atEnd ? filled : ChunkBytes) is { } modules) return modules;
            if (atEnd) return [];
            // ChunkBytes is a multiple of 16, so the window's start stays aligned with the file's.
            Buffer.BlockCopy(window, ChunkBytes, window, 0, filled - ChunkBytes);
            filled -= ChunkBytes;
        }
    }

    /// <summary>
    /// The bytes of a zip entry whose declared size (already checked against its bound) is <paramref name="declared"/>,
    /// or null when it holds more than it declares (the declared size is the packager's claim, not a fact) or than
    /// the budget left.
    /// </summary>
    private static byte[]? ReadBounded(Stream stream, long declared, Budget budget)
    {
        var bytes = new byte[Math.Min(declared + 1, budget.Remaining + 1)];
        var length = Fill(stream, bytes, 0, bytes.Length, budget);
        if (length == bytes.Length || budget.Remaining <= 0) return null;
        Array.Resize(ref bytes, length);
        return bytes;
    }

    /// <summary>Reads up to <paramref name="count"/> bytes (fewer only at the end of the stream), counting them against the budget.</summary>
    private static int Fill(Stream stream, byte[] buffer, int offset, int count, Budget budget)
    {
        count = (int)Math.Min(count, Math.Max(0, budget.Remaining));
        int length = 0, read;
        while (length < count && (read = stream.Read(buffer, offset + length, count - length)) > 0)
        {
            length += read;
        }

        budget.Remaining -= length;
        return length;
    }

    /// <summary>The bytes all reads of one zip may still take together.</summary>
    private sealed class Budget
    {
        public long Remaining { get; set; }
    }
}
