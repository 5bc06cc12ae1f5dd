using System.Linq;
using System.Management.Automation;
using LambdaSec.Analysis.Audit;
using LambdaSec.Analysis.Configuration;

namespace LambdaSec.Cmdlets;

/// <summary>
/// Which rules a cmdlet's -Rule lets through: without -Rule, every rule except the opt-in ones
/// (<see cref="ConfigurationRules.OptIn"/>, the audit's LS-VULN-001, which downloads every package, and LS-DETECT-*, which read Inspector and GuardDuty); with -Rule, the rules its patterns match (wildcards allowed, case-insensitive),
/// opt-in ones included, so <c>-Rule LS-CONFIG-011</c> or <c>-Rule *</c> turns an opt-in rule on.
/// </summary>
internal sealed class RuleSelection
{
    private readonly WildcardPattern[]? _patterns;

    private static readonly string[] OptIn =
    [
        .. ConfigurationRules.OptIn, AuditRules.VulnerableDependency.Id,
        AuditRules.InspectorLambdaScanOff.Id, AuditRules.InspectorLambdaCodeScanOff.Id, AuditRules.GuardDutyLambdaProtectionOff.Id, AuditRules.DetectorStatusUnknown.Id,
    ];

    private readonly bool _requiredTags;

    /// <summary>Without -Rule, -RequiredTag (<paramref name="requiredTags"/>) also turns on the opt-in tag rule LS-CONFIG-016.</summary>
    public RuleSelection(string[]? patterns, string[]? requiredTags = null)
    {
        _patterns = patterns?.Select(p => new WildcardPattern(p, WildcardOptions.IgnoreCase)).ToArray();
        _requiredTags = requiredTags is { Length: > 0 };
    }

    public bool Includes(string ruleId) =>
        _patterns is null ? !OptIn.Contains(ruleId) || (_requiredTags && ruleId == ConfigurationRules.MissingTags) : _patterns.Any(p => p.IsMatch(ruleId));
}
