using System;

namespace LambdaSec.Model;

/// <summary>The report file Export-LambdaSecReport wrote.</summary>
public sealed class LambdaSecReportFile
{
    /// <summary>Full file-system path of the report.</summary>
    public string Path { get; init; } = string.Empty;

    public string Name => System.IO.Path.GetFileName(Path);

    public ReportFormat Format { get; init; }

    /// <summary>How many findings the file holds (ASFF leaves out findings without an account or region).</summary>
    public int FindingCount { get; init; }

    /// <summary>Size of the file in bytes.</summary>
    public long Length { get; init; }

    public string Title { get; init; } = string.Empty;

    /// <summary>When the report was generated (UTC); the same instant is written inside the report.</summary>
    public DateTime GeneratedAt { get; init; }

    public override string ToString() => Path;
}
