using System.Collections.Generic;

namespace LambdaSec.Collect;

/// <summary>What scanning one package gave: the hits, and what was not read and why (for -Verbose and warnings).</summary>
public sealed class PackageScanResult
{
    public List<PackageSecretHit> Hits { get; } = [];

    public int FilesScanned { get; set; }

    /// <summary>Entries not read, each with the reason (binary, too large, lock file).</summary>
    public List<string> Skipped { get; } = [];

    /// <summary>The scan stopped at the unzipped-size cap: later files were not read.</summary>
    public bool Truncated { get; set; }
}
