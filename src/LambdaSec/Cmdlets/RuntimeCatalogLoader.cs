using System;
using System.Globalization;
using System.IO;
using System.Management.Automation;
using System.Threading;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Collect;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// Loads the catalog the runtime verdicts use: -CatalogPath when given; else the user catalog that
/// Update-LambdaRuntimeCatalog writes, when it is at least as new as the embedded one; else the embedded one.
/// Warns once per session when the catalog in use is more than <see cref="MaxAgeDays"/> days old.
/// </summary>
internal static class RuntimeCatalogLoader
{
    /// <summary>Names the user catalog file, overriding the per-user default location.</summary>
    public const string EnvironmentVariable = "LAMBDASEC_RUNTIME_CATALOG";

    /// <summary>A catalog older than this many days warns (AWS moves runtime dates several times a year).</summary>
    public const int MaxAgeDays = 90;

    private static int _warnedOld;
    private static (string Path, DateTime Written, long Length, RuntimeCatalog Catalog)? _userCache;

    /// <summary>
    /// The user catalog file: $env:LAMBDASEC_RUNTIME_CATALOG, else LambdaSec/runtimes.json under the local
    /// application data folder (%LOCALAPPDATA% on Windows, $XDG_DATA_HOME or ~/.local/share elsewhere).
    /// </summary>
    public static string UserCatalogPath
    {
        get
        {
            var configured = Environment.GetEnvironmentVariable(EnvironmentVariable);
            if (!string.IsNullOrWhiteSpace(configured))
            {
                return Path.GetFullPath(configured);
            }

            var root = Environment.GetFolderPath(Environment.SpecialFolder.LocalApplicationData);
            if (string.IsNullOrEmpty(root))
            {
                root = Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".local", "share");
            }

            return Path.Combine(root, "LambdaSec", "runtimes.json");
        }
    }

    /// <summary>Returns the catalog in use, or stops the cmdlet with a terminating error naming the -CatalogPath file and the problem.</summary>
    public static RuntimeCatalog Load(PSCmdlet cmdlet, string? catalogPath)
    {
        var catalog = DataFileLoader.Load<RuntimeCatalog, RuntimeCatalogException>(
            cmdlet, catalogPath, () => Preferred(cmdlet), RuntimeCatalog.Parse, "runtime catalog", "CatalogPath", "runtimes.json", ErrorIds.RuntimeCatalogNotFound, ErrorIds.RuntimeCatalogInvalid);
        var age = (int)(DateTime.UtcNow.Date - catalog.Compiled.Date).TotalDays;
        if (age > MaxAgeDays && Interlocked.Exchange(ref _warnedOld, 1) == 0)
        {
            cmdlet.WriteWarning(string.Format(
                CultureInfo.InvariantCulture,
                "The runtime catalog in use ({0}) is dated {1:yyyy-MM-dd}, {2} days ago, and AWS moves runtime dates often. Run Update-LambdaRuntimeCatalog to refresh it from AWS's Lambda runtimes page.",
                catalog.Origin,
                catalog.Compiled,
                age));
        }

        return catalog;
    }

    /// <summary>The user catalog when it exists, reads, and is not older than the embedded one; else the embedded catalog.</summary>
    public static RuntimeCatalog Preferred(PSCmdlet cmdlet)
    {
        var path = UserCatalogPath;
        var file = new FileInfo(path);
        if (!file.Exists)
        {
            return RuntimeCatalog.Default;
        }

        RuntimeCatalog user;
        try
        {
            user = ReadUserCatalog(file);
        }
        catch (Exception ex) when (ex is RuntimeCatalogException or IOException or UnauthorizedAccessException)
        {
            cmdlet.WriteWarning($"The user runtime catalog '{path}' cannot be used ({ex.Message}); the catalog embedded in the module is used instead. Run Update-LambdaRuntimeCatalog to rewrite it, or delete the file.");
            return RuntimeCatalog.Default;
        }

        if (user.Compiled < RuntimeCatalog.Default.Compiled)
        {
            cmdlet.WriteVerbose($"The user runtime catalog '{path}' (dated {user.Compiled:yyyy-MM-dd}) is older than the embedded catalog (dated {RuntimeCatalog.Default.Compiled:yyyy-MM-dd}); the embedded one is used.");
            return RuntimeCatalog.Default;
        }

        return user;
    }

    /// <summary>Parses the user catalog once per version of the file (its path, write time and length).</summary>
    private static RuntimeCatalog ReadUserCatalog(FileInfo file)
    {
        if (_userCache is { } cached && cached.Path == file.FullName && cached.Written == file.LastWriteTimeUtc && cached.Length == file.Length)
        {
            return cached.Catalog;
        }

        var catalog = RuntimeCatalog.Parse(LocalFile.ReadText(file.FullName), file.FullName);
        _userCache = (file.FullName, file.LastWriteTimeUtc, file.Length, catalog);
        return catalog;
    }
}
