using System;
using System.Collections.Generic;
using System.Text;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>
/// The build information the Go linker embeds in every binary (Go 1.18 and newer), read as Go's own
/// debug/buildinfo does (https://github.com/golang/go/blob/master/src/debug/buildinfo/buildinfo.go, and the
/// module lines of runtime/debug.ParseBuildInfo, https://github.com/golang/go/blob/master/src/runtime/debug/mod.go;
/// checked 2026-12-03): a 32-byte header at a 16-byte aligned offset that starts with "\xff Go buildinf:", then
/// the pointer size and a flags byte; flag 2 means the Go version and the module information follow the header
/// inline, each as a uvarint length and its bytes. The module information is framed by two 16-byte sentinels and
/// holds tab-separated lines: "path", "mod" (the main module), "dep" (a dependency: path, version, sum) and "=>"
/// (the replacement of the dependency above it).
/// </summary>
/// <remarks>
/// The header is searched in the whole file rather than in the data section named by the ELF/PE/Mach-O headers:
/// the section's file offset keeps its 16-byte alignment, and a candidate is kept only when its header and strings
/// decode. Binaries built before Go 1.18 store pointers instead of inline strings and are not read.
/// </remarks>
public static class GoBuildInfo
{
    /// <summary>OSV's package name for the Go toolchain's standard library (the "Go" ecosystem's "stdlib").</summary>
    public const string StandardLibrary = "stdlib";

    /// <summary>How many bytes after a header its strings may take; a longer module list is not a real one.</summary>
    public const int MaxBlobBytes = 1024 * 1024;

    private const int HeaderBytes = 32;

    private const int Alignment = 16;

    private static readonly byte[] Magic = [0xff, .. Encoding.ASCII.GetBytes(" Go buildinf:")];

    /// <summary>Whether the first bytes of a file are an executable's (ELF, PE, Mach-O): only those are searched.</summary>
    public static bool IsExecutable(byte[] head, int length) =>
        length >= 4 && ((head[0] == 0x7f && head[1] == (byte)'E' && head[2] == (byte)'L' && head[3] == (byte)'F')
            || (head[0] == (byte)'M' && head[1] == (byte)'Z')
            || (head[0] == 0xfe && head[1] == 0xed && head[2] == 0xfa)
            || (head[1] == 0xfa && head[2] == 0xed && head[3] == 0xfe));

    /// <summary>
    /// Searches <paramref name="data"/>[0..<paramref name="length"/>) for a build-information header at an offset
    /// below <paramref name="searchLimit"/> that is a multiple of 16 (offset 0 of the buffer must be a multiple of 16
    /// of the file). Returns the standard library and the module dependencies it records, or null when there is none.
    /// </summary>
    public static IReadOnlyList<Dependency>? Find(byte[] data, int length, int searchLimit)
    {
        for (var at = 0; at < Math.Min(searchLimit, length - HeaderBytes + 1); at += Alignment)
        {
            if (data[at] != Magic[0] || !StartsWith(data, at, Magic)) continue;
            if (Decode(data, at, length) is { } found) return found;
        }

        return null;
    }

    private static IReadOnlyList<Dependency>? Decode(byte[] data, int at, int length)
    {
        var pointerSize = data[at + 14];
        if ((pointerSize != 4 && pointerSize != 8) || (data[at + 15] & 2) == 0) return null;
        var position = at + HeaderBytes;
        if (!ReadString(data, ref position, length, out var versionStart, out var versionLength)
            || !ReadString(data, ref position, length, out var modulesStart, out var modulesLength)) return null;
        var version = Encoding.UTF8.GetString(data, versionStart, versionLength);
        if (!version.StartsWith("go", StringComparison.Ordinal)) return null;
        var found = new List<Dependency>();
        // "go1.22.5" or "go1.23rc1 X:..." (experiments): OSV's stdlib versions are "1.22.5".
        found.Add(new Dependency(DependencyParser.Go, StandardLibrary, version.Substring(2).Split(' ')[0]));
        // The module lines sit between two 16-byte sentinels (binary, not text); without them the binary was not
        // built in module mode.
        if (modulesLength >= 33 && data[modulesStart + modulesLength - 17] == (byte)'\n')
        {
            found.AddRange(ParseModules(Encoding.UTF8.GetString(data, modulesStart + 16, modulesLength - 32)));
        }

        return found;
    }

    /// <summary>The "dep" lines, each replaced by the "=>" line after it when that names a published version (a replacement by a local folder has none and is left out).</summary>
    public static IReadOnlyList<Dependency> ParseModules(string modules)
    {
        var found = new List<Dependency>();
        foreach (var line in modules.Split('\n'))
        {
            var fields = line.Split('\t');
            if (fields[0] == "dep") found.Add(Module(fields));
            else if (fields[0] == "=>" && found.Count > 0) found[found.Count - 1] = Module(fields);
        }

        return found.FindAll(d => d.Name.Length > 0 && d.Version.Length > 0);
    }

    /// <summary>A "dep" or "=>" line's path and version (without Go's leading "v", as OSV records them); empty when the line has no version.</summary>
    private static Dependency Module(string[] fields) =>
        fields.Length >= 3 && fields[2].StartsWith("v", StringComparison.Ordinal)
            ? new(DependencyParser.Go, fields[1], fields[2].Substring(1))
            : new(DependencyParser.Go, string.Empty, string.Empty);

    /// <summary>A uvarint length and that many bytes, as Go's decodeString reads them; false when they run past the data or <see cref="MaxBlobBytes"/>.</summary>
    private static bool ReadString(byte[] data, ref int position, int length, out int start, out int count)
    {
        start = count = 0;
        ulong value = 0;
        var shift = 0;
        while (true)
        {
            if (position >= length || shift > 28) return false;
            var b = data[position++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) break;
            shift += 7;
        }

        if (value > MaxBlobBytes || (ulong)(length - position) < value) return false;
        start = position;
        count = (int)value;
        position += count;
        return true;
    }

    private static bool StartsWith(byte[] data, int at, byte[] prefix)
    {
        for (var i = 0; i < prefix.Length; i++)
        {
            if (data[at + i] != prefix[i]) return false;
        }

        return true;
    }
}
