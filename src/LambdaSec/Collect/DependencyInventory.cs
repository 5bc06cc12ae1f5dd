using System.Collections.Generic;
using System.IO;
using System.IO.Compression;
using LambdaSec.Analysis.Vulnerabilities;

namespace LambdaSec.Collect;

/// <summary>A package found in a deployment package or layer, with the path of the manifest that records it.</summary>
public sealed record FoundDependency(string Path, Dependency Dependency);

/// <summary>
/// Lists the packages installed in a deployment package or layer (a zip, in memory): only the manifest files
/// <see cref="DependencyParser"/> recognizes are opened, each read with a bound of its own, so a hostile zip
/// cannot exhaust memory.
/// </summary>
public static class DependencyInventory
{
    /// <summary>The packages of <paramref name="zip"/> (seekable), in the zip's order; throws <see cref="InvalidDataException"/> for a file that is not a zip.</summary>
    public static IReadOnlyList<FoundDependency> ReadZip(Stream zip)
    {
        var found = new List<FoundDependency>();
        using var archive = new ZipArchive(zip, ZipArchiveMode.Read, leaveOpen: true);
        foreach (var entry in archive.Entries)
        {
            if (DependencyParser.EcosystemOf(entry.FullName) is null || entry.Length > DependencyParser.MaxManifestBytes) continue;
            using var stream = entry.Open();
            if (BoundedText.Read(stream, DependencyParser.MaxManifestBytes) is { } text && DependencyParser.Parse(entry.FullName, text) is { } dependency)
            {
                found.Add(new FoundDependency(entry.FullName, dependency));
            }
        }

        return found;
    }
}
