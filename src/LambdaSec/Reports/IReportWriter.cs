using System.IO;

namespace LambdaSec.Reports;

/// <summary>
/// Writes one report format. Writers are pure: they read the report and write to the stream they are given,
/// never touching the file system, so every format is testable in memory and the cmdlet owns all I/O.
/// </summary>
public interface IReportWriter
{
    /// <summary>Writes the report and returns how many findings it holds (a format may have to leave some out).</summary>
    int Write(ReportDocument report, Stream output);
}
