using System.Management.Automation;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>Loads the catalog the runtime cmdlets use: the embedded one, or -CatalogPath.</summary>
internal static class RuntimeCatalogLoader
{
    /// <summary>Returns the catalog, or stops the cmdlet with a terminating error naming the file and the problem.</summary>
    public static RuntimeCatalog Load(PSCmdlet cmdlet, string? catalogPath) =>
        DataFileLoader.Load<RuntimeCatalog, RuntimeCatalogException>(
            cmdlet, catalogPath, () => RuntimeCatalog.Default, RuntimeCatalog.Parse, "runtime catalog", "CatalogPath", "runtimes.json", ErrorIds.RuntimeCatalogNotFound, ErrorIds.RuntimeCatalogInvalid);
}
