using System;
using System.IO;
using System.Management.Automation;
using LambdaSec.Collect;

namespace LambdaSec.Cmdlets;

/// <summary>
/// Loads a data file a cmdlet takes instead of its embedded copy (-CatalogPath, -PriceFile), so the file I/O
/// stays out of Analysis and every such parameter fails the same way: a terminating error naming the file.
/// </summary>
internal static class DataFileLoader
{
    /// <summary>
    /// Returns <paramref name="embedded"/> when no path is given, else the parsed file. <paramref name="what"/> names the
    /// data ("runtime catalog"), <paramref name="parameter"/> the cmdlet parameter and <paramref name="format"/> the embedded file
    /// whose format the file must follow; parse errors are <typeparamref name="TException"/>.
    /// </summary>
    public static T Load<T, TException>(PSCmdlet cmdlet, string? path, Func<T> embedded, Func<string, string, T> parse, string what, string parameter, string format, string notFoundId, string invalidId)
        where TException : Exception
    {
        if (string.IsNullOrEmpty(path))
        {
            return embedded();
        }

        var resolved = cmdlet.GetUnresolvedProviderPathFromPSPath(path);
        if (!File.Exists(resolved))
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new FileNotFoundException($"The {what} file '{resolved}' does not exist. Pass -{parameter} the path of a {what} JSON file, or leave it out to use the {what} embedded in the module.", resolved),
                notFoundId,
                ErrorCategory.ObjectNotFound,
                resolved));
        }

        try
        {
            return parse(LocalFile.ReadText(resolved), resolved);
        }
        catch (TException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new InvalidDataException($"{ex.Message} Fix the file (its format is that of the module's Data/{format}) or leave -{parameter} out to use the embedded {what}.", ex),
                invalidId,
                ErrorCategory.InvalidData,
                resolved));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new InvalidDataException($"The {what} file '{resolved}' cannot be read: {ex.Message}", ex),
                invalidId,
                ErrorCategory.ReadError,
                resolved));
        }

        // ThrowTerminatingError always throws; the compiler cannot know that.
        throw new InvalidOperationException("ThrowTerminatingError returned.");
    }
}
