using System.Collections.Generic;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Audit;

/// <summary>Turns a runtime report into the "no end-of-life runtime" findings.</summary>
public static class RuntimeFindings
{
    public static IEnumerable<LambdaSecFinding> Evaluate(LambdaRuntimeReport report)
    {
        var subject = new FindingSubject(report.AccountId, report.Region, report.FunctionArn, report.FunctionName);
        var upgrade = report.Recommended is null
            ? "Move the function to a supported runtime."
            : $"Update the function to {report.Recommended} (aws lambda update-function-configuration --function-name {report.FunctionName} --runtime {report.Recommended}) after testing the code on it.";
        var catalog = " " + Runtimes.RuntimeCatalog.Provenance(report.CatalogSource, report.CatalogDate);
        switch (report.Status)
        {
            case LambdaRuntimeStatus.Deprecated:
            case LambdaRuntimeStatus.CreateBlocked:
            case LambdaRuntimeStatus.UpdateBlocked:
                yield return AuditRules.EndOfLifeRuntime.Finding(subject, $"Runtime {report.Runtime} is {report.Status} (deprecated {Date(report.DeprecationDate)}, function creation blocked {Date(report.BlockFunctionCreateDate)}, function updates blocked {Date(report.BlockFunctionUpdateDate)}).{catalog}", upgrade,
                    report.Status == LambdaRuntimeStatus.UpdateBlocked ? FindingSeverity.Critical : null, report.Runtime, report.DeprecationDate);
                break;
            case LambdaRuntimeStatus.DeprecationScheduled:
                yield return AuditRules.RuntimeDeprecationScheduled.Finding(subject, $"Runtime {report.Runtime} is deprecated on {Date(report.DeprecationDate)} ({report.DaysUntilDeprecation} days).{catalog}", upgrade, null, report.Runtime, report.DeprecationDate);
                break;
            case LambdaRuntimeStatus.Unknown:
                yield return AuditRules.UnknownRuntime.Finding(subject, $"Runtime {report.Runtime} is not in the runtime catalog.{catalog}", "Refresh the runtime catalog with Update-LambdaRuntimeCatalog (AWS may have added the runtime since the catalog's date), or check the runtime identifier.");
                break;
        }
    }

    private static string Date(System.DateTime? date) => date?.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) ?? "not scheduled";
}
