using System;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Runtimes;

/// <summary>
/// Runtime status at a date (DESIGN.md §4). Pure: the catalog and the date come in, nothing is read.
/// A date has "passed" when the AsOf UTC calendar date is on or after it: on the block-update date
/// itself, updates are already blocked.
/// </summary>
public static class RuntimeStatusEvaluator
{
    public const int DefaultWarningDays = 180;

    /// <summary>The UTC calendar date of <paramref name="asOf"/>; an unspecified kind is taken as already UTC.</summary>
    public static DateTime ToUtcDate(DateTime asOf) =>
        DateTime.SpecifyKind((asOf.Kind == DateTimeKind.Local ? asOf.ToUniversalTime() : asOf).Date, DateTimeKind.Utc);

    /// <summary>Status of a catalog entry on <paramref name="asOf"/>.</summary>
    public static LambdaRuntimeStatus Evaluate(RuntimeCatalogEntry entry, DateTime asOf, int warningDays)
    {
        var day = ToUtcDate(asOf);
        if (Passed(entry.BlockFunctionUpdateDate, day))
        {
            return LambdaRuntimeStatus.UpdateBlocked;
        }

        if (Passed(entry.BlockFunctionCreateDate, day))
        {
            return LambdaRuntimeStatus.CreateBlocked;
        }

        if (Passed(entry.DeprecationDate, day))
        {
            return LambdaRuntimeStatus.Deprecated;
        }

        return DaysUntil(entry.DeprecationDate, day) <= warningDays
            ? LambdaRuntimeStatus.DeprecationScheduled
            : LambdaRuntimeStatus.Supported;
    }

    /// <summary>Days from the AsOf date to <paramref name="date"/>; negative once passed, null when not scheduled.</summary>
    public static int? DaysUntil(DateTime? date, DateTime asOf) =>
        date is { } d ? (int)(d.Date - ToUtcDate(asOf)).TotalDays : null;

    /// <summary>
    /// The newest runtime of <paramref name="family"/> that is Supported on <paramref name="asOf"/>;
    /// if none is, the newest not yet deprecated; then the family's successor (go1.x -> provided).
    /// Previews and container-only images are never recommended: a .zip function cannot move to them.
    /// </summary>
    public static string? Recommend(RuntimeCatalog catalog, string family, DateTime asOf, int warningDays)
    {
        var candidates = catalog.Entries
            .Where(e => string.Equals(e.Family, family, StringComparison.OrdinalIgnoreCase) && !e.Preview && !e.ContainerOnly)
            .Select(e => (Entry: e, Status: Evaluate(e, asOf, warningDays)))
            .Where(c => c.Status is LambdaRuntimeStatus.Supported or LambdaRuntimeStatus.DeprecationScheduled)
            .OrderBy(c => c.Status == LambdaRuntimeStatus.Supported ? 0 : 1)
            .ThenByDescending(c => c.Entry.Version)
            .ThenByDescending(c => c.Entry.DeprecationDate ?? DateTime.MaxValue)
            .ToList();
        if (candidates.Count > 0)
        {
            return candidates[0].Entry.Identifier;
        }

        var successor = catalog.Entries
            .Where(e => string.Equals(e.Family, family, StringComparison.OrdinalIgnoreCase))
            .Select(e => e.SuccessorFamily)
            .FirstOrDefault(s => !string.IsNullOrEmpty(s));
        return successor is null || string.Equals(successor, family, StringComparison.OrdinalIgnoreCase)
            ? null
            : Recommend(catalog, successor, asOf, warningDays);
    }

    /// <summary>The report for one runtime (and optionally one function) on <paramref name="asOf"/>.</summary>
    public static LambdaRuntimeReport Report(RuntimeCatalog catalog, RuntimeSubject subject, DateTime asOf, int warningDays)
    {
        if (string.Equals(subject.PackageType, "Image", StringComparison.OrdinalIgnoreCase))
        {
            return Build(catalog, subject, LambdaRuntimeStatus.NotApplicable, null, asOf, null);
        }

        var entry = catalog.Find(subject.Runtime);
        if (entry is null)
        {
            return Build(catalog, subject, LambdaRuntimeStatus.Unknown, null, asOf, null);
        }

        return Build(catalog, subject, Evaluate(entry, asOf, warningDays), entry, asOf, Recommend(catalog, entry.Family, asOf, warningDays));
    }

    /// <summary>A catalog row with its status on <paramref name="asOf"/>.</summary>
    public static LambdaRuntimeScheduleEntry Schedule(RuntimeCatalog catalog, RuntimeCatalogEntry entry, DateTime asOf, int warningDays) => new()
    {
        Runtime = entry.Identifier,
        Name = entry.Name,
        Family = entry.Family,
        OperatingSystem = entry.OperatingSystem,
        Status = Evaluate(entry, asOf, warningDays),
        DeprecationDate = entry.DeprecationDate,
        BlockFunctionCreateDate = entry.BlockFunctionCreateDate,
        BlockFunctionUpdateDate = entry.BlockFunctionUpdateDate,
        DaysUntilDeprecation = DaysUntil(entry.DeprecationDate, asOf),
        Recommended = Recommend(catalog, entry.Family, asOf, warningDays),
        Preview = entry.Preview,
        ContainerOnly = entry.ContainerOnly,
        Confirmed = entry.Confirmed,
        Notes = entry.Notes,
        Sources = entry.Sources,
        Checked = entry.Checked,
        CatalogDate = catalog.Compiled,
        CatalogSource = catalog.Origin,
    };

    private static bool Passed(DateTime? date, DateTime day) => date is { } d && day >= d.Date;

    private static LambdaRuntimeReport Build(RuntimeCatalog catalog, RuntimeSubject subject, LambdaRuntimeStatus status, RuntimeCatalogEntry? entry, DateTime asOf, string? recommended) => new()
    {
        Runtime = entry?.Identifier ?? subject.Runtime,
        Status = status,
        DeprecationDate = entry?.DeprecationDate,
        BlockFunctionCreateDate = entry?.BlockFunctionCreateDate,
        BlockFunctionUpdateDate = entry?.BlockFunctionUpdateDate,
        DaysUntilDeprecation = DaysUntil(entry?.DeprecationDate, asOf),
        Recommended = recommended,
        Family = entry?.Family,
        Name = entry?.Name,
        FunctionName = subject.FunctionName,
        FunctionArn = subject.FunctionArn,
        Region = subject.Region,
        AccountId = subject.AccountId,
        PackageType = subject.PackageType,
        CatalogDate = catalog.Compiled,
        CatalogSource = catalog.Origin,
    };
}
