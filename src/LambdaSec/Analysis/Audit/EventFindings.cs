using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Audit;

/// <summary>
/// LS-EVT-001: successful AddPermission calls that granted Public access, and function URLs created or changed
/// to AuthType NONE; one finding per function, naming each such change, newest first.
/// </summary>
public static class EventFindings
{
    public static IEnumerable<LambdaSecFinding> Evaluate(IEnumerable<LambdaPermissionEvent> events) =>
        events.Where(MadePublic)
            .GroupBy(e => (e.AccountId, e.Region, e.FunctionArn ?? e.FunctionName))
            .Select(g =>
            {
                var changes = g.OrderByDescending(e => e.EventTime).ToList();
                var last = changes[0];
                return AuditRules.RecentPublicGrant.Finding(
                    new FindingSubject(last.AccountId, last.Region, last.FunctionArn, last.FunctionName),
                    string.Join(" ", changes.Select(Describe)),
                    $"Confirm the change with {last.Actor ?? "its author"}; if it was not intended: Get-LambdaExposure -FunctionName {last.FunctionName} -Region {last.Region} | Remove-LambdaPublicPermission (and Set-LambdaFunctionUrlAuth for a URL).");
            });

    private static bool MadePublic(LambdaPermissionEvent e) =>
        e.ErrorCode is null
        && ((e.Action == PermissionEventAction.Added && e.Exposure == ExposureLevel.Public)
            || (e.Action is PermissionEventAction.UrlCreated or PermissionEventAction.UrlUpdated && string.Equals(e.AuthType, "NONE", System.StringComparison.OrdinalIgnoreCase)));

    private static string Describe(LambdaPermissionEvent e)
    {
        var who = $"{e.Actor ?? "An unknown caller"}{(e.SourceIp is null ? string.Empty : $" from {e.SourceIp}")}";
        var when = e.EventTime.ToString("yyyy-MM-dd HH:mm 'UTC'", CultureInfo.InvariantCulture);
        return e.Action == PermissionEventAction.Added
            ? $"{who} called {e.EventName} at {when}: statement '{e.StatementId}' lets {e.Principal} call {e.GrantedAction}."
            : $"{who} called {e.EventName} at {when}: the function URL's AuthType is NONE.";
    }
}
