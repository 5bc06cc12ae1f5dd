using System;
using System.IO;
using System.Management.Automation;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// Writes a report file (Export-LambdaSecReport's reports, Find-LambdaVulnerability's SBOM) to a temporary name
/// beside the target and then moves it into place, so a failed run never leaves half a file.
/// </summary>
internal static class ReportFile
{
    /// <summary>
    /// Writes with <paramref name="write"/> and returns its result. When the target exists by then, it is replaced if
    /// <paramref name="replace"/>, else <paramref name="exists"/> is called (it throws) and the file is left unchanged.
    /// I/O errors (<see cref="IOException"/>, <see cref="UnauthorizedAccessException"/>, <see cref="NotSupportedException"/>) go to the caller; the temporary file never stays.
    /// </summary>
    public static T Write<T>(string path, bool replace, Action exists, Func<Stream, T> write)
    {
        var temporary = $"{path}.{Guid.NewGuid():N}.tmp";
        try
        {
            T result;
            using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write))
            {
                result = write(stream);
            }

            if (!File.Exists(path))
            {
                File.Move(temporary, path);
            }
            else if (replace)
            {
                File.Replace(temporary, path, destinationBackupFileName: null);
            }
            else
            {
                exists();
            }

            return result;
        }
        finally
        {
            if (File.Exists(temporary))
            {
                File.Delete(temporary);
            }
        }
    }

    /// <summary>Whether <paramref name="exception"/> is one <see cref="Write{T}"/> lets through: the file system refused the file.</summary>
    public static bool IsWriteFailure(Exception exception) => exception is IOException or UnauthorizedAccessException or NotSupportedException;

    /// <summary>The LambdaSec.ReportWriteFailed error for <paramref name="path"/>, <paramref name="what"/> naming the file ("report", "SBOM").</summary>
    public static ErrorRecord WriteFailed(string what, string path, Exception exception) =>
        new(
            new IOException($"The {what} {path} could not be written: {exception.Message} Check that the folder exists and is writable.", exception),
            ErrorIds.ReportWriteFailed,
            ErrorCategory.WriteError,
            path);
}
