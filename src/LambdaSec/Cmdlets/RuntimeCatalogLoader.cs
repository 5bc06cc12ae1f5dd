using System;
using System.IO;
using System.Management.Automation;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>Loads the catalog the runtime cmdlets use: the embedded one, or -CatalogPath (the file I/O stays out of Analysis).</summary>
internal static class RuntimeCatalogLoader
{
    /// <summary>Returns the catalog, or stops the cmdlet with a terminating error naming the file and the problem.</summary>
    public static RuntimeCatalog Load(PSCmdlet cmdlet, string? catalogPath)
    {
        if (string.IsNullOrEmpty(catalogPath))
        {
            return RuntimeCatalog.Default;
        }

        var path = cmdlet.GetUnresolvedProviderPathFromPSPath(catalogPath);
        if (!File.Exists(path))
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new FileNotFoundException($"The runtime catalog file '{path}' does not exist. Pass -CatalogPath the path of a runtime catalog JSON file, or leave it out to use the catalog embedded in the module.", path),
                ErrorIds.RuntimeCatalogNotFound,
                ErrorCategory.ObjectNotFound,
                path));
        }

        try
        {
            return RuntimeCatalog.Parse(File.ReadAllText(path), path);
        }
        catch (RuntimeCatalogException ex)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new RuntimeCatalogException($"{ex.Message} Fix the file (its format is that of the module's Data/runtimes.json) or leave -CatalogPath out to use the embedded catalog.", ex),
                ErrorIds.RuntimeCatalogInvalid,
                ErrorCategory.InvalidData,
                path));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            cmdlet.ThrowTerminatingError(new ErrorRecord(
                new RuntimeCatalogException($"The runtime catalog file '{path}' cannot be read: {ex.Message}", ex),
                ErrorIds.RuntimeCatalogInvalid,
                ErrorCategory.ReadError,
                path));
        }

        // ThrowTerminatingError always throws; the compiler cannot know that.
        throw new InvalidOperationException("ThrowTerminatingError returned.");
    }
}
