using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Policy;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Privileges;

/// <summary>
/// DESIGN.md §5: admin, service wildcards, escalation methods, risk categories, trust issues and
/// severity of one role, from its parsed documents. Pure: the catalogs are embedded data.
/// </summary>
public sealed class RolePrivilegeAnalyzer
{
    /// <summary>
    /// A role is admin when it may do every action of these services (the ones the catalog must cover)
    /// and of services the catalog does not know: a NotAction that leaves out only other services (billing,
    /// marketplace) still makes an admin; one that leaves out iam:* does not.
    /// </summary>
    private static readonly string[] AdminServices =
    [
        "iam", "sts", "lambda", "s3", "ec2", "dynamodb", "sqs", "sns", "kms", "secretsmanager", "ssm", "cloudformation",
        "glue", "datapipeline", "logs", "events", "apigateway", "elasticloadbalancing", "wafv2", "organizations",
    ];

    /// <summary>An action name no catalog holds, to ask whether services the catalog does not know are allowed.</summary>
    private const string UnknownServiceProbe = "lambdasec-unlisted-service:AnyAction";

    private const int WildcardsListedInSummary = 5;

    private readonly IamActionCatalog _actions;
    private readonly PrivilegeRiskCatalog _risks;

    public RolePrivilegeAnalyzer(IamActionCatalog actions, PrivilegeRiskCatalog risks)
    {
        _actions = actions;
        _risks = risks;
    }

    public static RolePrivilegeAnalyzer Default { get; } = new(IamActionCatalog.Default, PrivilegeRiskCatalog.Default);

    public RolePrivilegeReport Analyze(RolePolicySet role, string? ownerAccountId = null, string? roleName = null, string? roleArn = null)
    {
        var permissions = new EffectivePermissions(role.Policies, role.Boundary);
        var candidates = _actions.Actions.Where(a => permissions.MayAllow(a.FullName)).ToList();
        var everywhere = new HashSet<string>(candidates.Where(a => permissions.AllowsEverywhere(a.FullName)).Select(a => a.FullName), StringComparer.OrdinalIgnoreCase);
        var somewhere = new HashSet<string>(candidates.Where(a => everywhere.Contains(a.FullName) || permissions.AllowsSomewhere(a.FullName)).Select(a => a.FullName), StringComparer.OrdinalIgnoreCase);

        var isAdmin = permissions.AllowsEverywhere(UnknownServiceProbe)
            && AdminServices.All(s => _actions.ActionsOf(s).All(a => everywhere.Contains(a.FullName)));
        var wildcards = ServiceWildcards(permissions, somewhere);
        var escalation = _risks.Methods.Select(m => Escalation(m, permissions)).OfType<PrivilegeEscalationPath>().ToList();
        var categories = Categories(permissions, everywhere, escalation);
        var trust = role.TrustPolicy is null ? [] : TrustPolicyAnalyzer.Analyze(role.TrustPolicy, ownerAccountId);
        var severity = RoleSeverity.Rate(isAdmin, escalation, wildcards, categories, trust);

        return new RolePrivilegeReport
        {
            RoleName = roleName,
            RoleArn = roleArn,
            PolicyNames = role.Policies.Select(p => p.Name).ToArray(),
            HasPermissionsBoundary = role.HasBoundary,
            IsAdmin = isAdmin,
            ServiceWildcards = wildcards.ToArray(),
            PrivilegeEscalation = escalation.ToArray(),
            RiskCategories = categories,
            TrustIssues = trust.ToArray(),
            Severity = severity,
            Summary = Summarize(severity, isAdmin, escalation, wildcards, categories, trust),
            UnreadablePolicies = role.Unreadable.ToArray(),
        };
    }

    /// <summary>Known services all of whose actions are allowed somewhere; unknown services written as "service:*".</summary>
    private List<string> ServiceWildcards(EffectivePermissions permissions, HashSet<string> somewhere)
    {
        var known = _actions.Services.Where(s => _actions.ActionsOf(s).All(a => somewhere.Contains(a.FullName)));
        var unknown = permissions.AllowedActionPatterns
            .Where(p => p.EndsWith(":*", StringComparison.Ordinal))
            .Select(p => p.Substring(0, p.Length - 2))
            .Where(s => s.Length > 0 && !Wildcard.HasWildcard(s) && !_actions.IsKnownService(s))
            .Where(s => permissions.AllowsSomewhere(s + ":" + "AnyAction"));
        return known.Concat(unknown).Select(s => s.ToLowerInvariant()).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The method when each of its actions is allowed on a resource that makes it usable (the catalog's
    /// usableResources; any resource for an action it does not list); null otherwise.
    /// </summary>
    private PrivilegeEscalationPath? Escalation(EscalationMethod method, EffectivePermissions permissions)
    {
        var evidence = new List<PrivilegeEvidence>();
        var conditional = false;
        foreach (var action in method.Actions)
        {
            // A listed "*" means the action has no resource-level permissions: only a grant on every resource works.
            var listed = _risks.UsableResourcesOf(action);
            var found = (listed ?? ["*"])
                .SelectMany(resource => permissions.Find(action, resource, whole: listed is not null && resource == "*"))
                .ToList();
            if (found.Count == 0)
            {
                return null;
            }

            var unconditional = found.Where(e => !e.IsConditional).ToList();
            conditional |= unconditional.Count == 0;
            evidence.AddRange(unconditional.Count > 0 ? unconditional : found);
        }

        return new PrivilegeEscalationPath
        {
            Name = method.Name,
            Actions = method.Actions.ToArray(),
            Evidence = evidence.ToArray(),
            IsConditional = conditional,
            Description = method.Description,
        };
    }

    private RoleRiskCategories Categories(EffectivePermissions permissions, HashSet<string> everywhere, List<PrivilegeEscalationPath> escalation)
    {
        var byCategory = _risks.Categories.ToDictionary(
            rule => rule.Category,
            rule => rule.FromEscalationMethods
                ? escalation.SelectMany(p => p.Actions).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(a => a, StringComparer.OrdinalIgnoreCase).ToArray()
                : rule.Actions.Where(permissions.AllowsEverywhere)
                    .Concat(_actions.Actions.Where(a => rule.AccessLevels.Contains(a.Level) && everywhere.Contains(a.FullName)).Select(a => a.FullName))
                    .Distinct(StringComparer.OrdinalIgnoreCase)
                    .OrderBy(a => a, StringComparer.OrdinalIgnoreCase)
                    .ToArray(),
            StringComparer.Ordinal);

        string[] Of(string name) => byCategory.TryGetValue(name, out var actions) ? actions : [];
        return new RoleRiskCategories
        {
            PrivilegeEscalation = Of(nameof(RoleRiskCategories.PrivilegeEscalation)),
            ResourceExposure = Of(nameof(RoleRiskCategories.ResourceExposure)),
            DataExfiltration = Of(nameof(RoleRiskCategories.DataExfiltration)),
            CredentialsExposure = Of(nameof(RoleRiskCategories.CredentialsExposure)),
            InfrastructureModification = Of(nameof(RoleRiskCategories.InfrastructureModification)),
        };
    }

    private static string Summarize(
        FindingSeverity severity,
        bool isAdmin,
        List<PrivilegeEscalationPath> escalation,
        List<string> wildcards,
        RoleRiskCategories categories,
        List<RoleTrustIssue> trust)
    {
        var parts = new List<string>();
        if (isAdmin)
        {
            parts.Add("admin (Allow * on *)");
        }

        if (escalation.Count > 0)
        {
            var conditional = escalation.Count(p => p.IsConditional);
            parts.Add($"{escalation.Count} escalation method{(escalation.Count == 1 ? string.Empty : "s")}" + (conditional > 0 ? $" ({conditional} conditional)" : string.Empty));
        }

        if (wildcards.Count > 0)
        {
            parts.Add(wildcards.Count <= WildcardsListedInSummary
                ? "wildcards " + string.Join(", ", wildcards.Select(w => w + ":*"))
                : $"{wildcards.Count} service wildcards");
        }

        var risks = categories.Names.Where(n => !n.StartsWith(nameof(RoleRiskCategories.PrivilegeEscalation), StringComparison.Ordinal)).ToList();
        if (risks.Count > 0)
        {
            parts.Add(string.Join(", ", risks));
        }

        if (trust.Count > 0)
        {
            parts.Add("trusted by " + string.Join(", ", trust.Select(t => t.Principal)));
        }

        return parts.Count == 0 ? "No risky privileges found." : $"{severity}: {string.Join("; ", parts)}.";
    }
}
