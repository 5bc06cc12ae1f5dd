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

    public RolePrivilegeReport Analyze(RolePolicySet role, string? ownerAccountId = null, string? roleName = null, string? roleArn = null) =>
        Report(role, AnalyzePermissions(role), ownerAccountId, roleName, roleArn);

    /// <summary>
    /// What the role's identity policies and boundary allow (admin, wildcards, escalation methods, risk categories): a
    /// function of <see cref="RolePolicySet.PermissionsKey"/> alone (the documents and their names; no account, name or
    /// trust policy), so roles with the same key can share it (docs/scale.md, "Role analysis by content").
    /// </summary>
    public RolePermissions AnalyzePermissions(RolePolicySet role)
    {
        var permissions = new EffectivePermissions(role.Policies, role.Boundary, _actions);
        var verdicts = Verdicts(permissions);
        var isAdmin = permissions.AllowsEverywhere(UnknownServiceProbe)
            && AdminServices.All(s => _actions.ActionsOf(s).All(a => verdicts.Everywhere.Contains(a.Id)));
        var wildcards = ServiceWildcards(permissions, verdicts);
        var escalation = _risks.Methods.Select(m => Escalation(m, permissions)).OfType<PrivilegeEscalationPath>().ToList();
        var categories = Categories(permissions, verdicts.Everywhere, escalation);
        return new RolePermissions(isAdmin, wildcards, escalation, categories);
    }

    /// <summary>
    /// The report of a role from <paramref name="permissions"/> (<see cref="AnalyzePermissions"/> of a role with the same
    /// <see cref="RolePolicySet.PermissionsKey"/>) and what is the role's own: names, trust policy read against its owner,
    /// unreadable documents, and the severity and summary that depend on them.
    /// </summary>
    public static RolePrivilegeReport Report(RolePolicySet role, RolePermissions permissions, string? ownerAccountId = null, string? roleName = null, string? roleArn = null)
    {
        var trust = role.TrustPolicy is null ? [] : TrustPolicyAnalyzer.Analyze(role.TrustPolicy, ownerAccountId);
        var severity = RoleSeverity.Rate(permissions.IsAdmin, permissions.Escalation, permissions.Wildcards, permissions.Categories, trust);

        return new RolePrivilegeReport
        {
            RoleName = roleName,
            RoleArn = roleArn,
            PolicyNames = role.Policies.Select(p => p.Name).ToArray(),
            HasPermissionsBoundary = role.HasBoundary,
            IsAdmin = permissions.IsAdmin,
            ServiceWildcards = permissions.Wildcards.ToArray(),
            PrivilegeEscalation = permissions.Escalation.ToArray(),
            RiskCategories = permissions.Categories,
            TrustIssues = trust.ToArray(),
            Severity = severity,
            Summary = Summarize(severity, permissions.IsAdmin, permissions.Escalation, permissions.Wildcards, permissions.Categories, trust),
            UnreadablePolicies = role.Unreadable.ToArray(),
        };
    }

    /// <summary>
    /// Per named catalog action (ids): allowed without a condition on every resource of every type it takes,
    /// and usable without a condition on some resource it takes. Only actions some statement names are asked.
    /// </summary>
    private static (HashSet<int> Everywhere, HashSet<int> Usable) Verdicts(EffectivePermissions permissions)
    {
        var everywhere = new HashSet<int>();
        var usable = new HashSet<int>();
        foreach (var action in permissions.NamedActions)
        {
            if (permissions.AllowsEverywhere(action))
            {
                everywhere.Add(action.Id);
                usable.Add(action.Id);
            }
            else if (permissions.AllowsUsably(action))
            {
                usable.Add(action.Id);
            }
        }

        return (everywhere, usable);
    }

    /// <summary>
    /// Known services all of whose actions are allowed without a condition (whatever the resources), of which
    /// at least one is usable on a resource the statements name: s3 for Action * on one bucket, but not iam.
    /// Unknown services written as "service:*" (their resource types are unknown, so any resource counts).
    /// </summary>
    private List<string> ServiceWildcards(EffectivePermissions permissions, (HashSet<int> Everywhere, HashSet<int> Usable) verdicts)
    {
        var known = _actions.Services.Where(s =>
        {
            var actions = _actions.ActionsOf(s);
            return actions.Any(a => verdicts.Usable.Contains(a.Id))
                && actions.All(a => verdicts.Usable.Contains(a.Id) || permissions.AllowsByName(a));
        });
        var unknown = permissions.AllowedActionPatterns
            .Where(p => p.EndsWith(":*", StringComparison.Ordinal))
            .Select(p => p.Substring(0, p.Length - 2))
            .Where(s => s.Length > 0 && !Wildcard.HasWildcard(s) && !_actions.IsKnownService(s))
            .Where(s => permissions.AllowsByName(s + ":" + "AnyAction"));
        return known.Concat(unknown).Select(s => s.ToLowerInvariant()).Distinct().OrderBy(s => s, StringComparer.Ordinal).ToList();
    }

    /// <summary>
    /// The method when each of its actions is usable: allowed on every resource type the method names for it
    /// (its resources), else on the types the SAR marks required (one of its types when none is), else on "*"
    /// for an action without resource types. Null otherwise.
    /// </summary>
    private PrivilegeEscalationPath? Escalation(EscalationMethod method, EffectivePermissions permissions)
    {
        var evidence = new List<PrivilegeEvidence>();
        var conditional = false;
        foreach (var action in method.Actions)
        {
            var types = method.Resources.TryGetValue(action, out var names) ? TypesOf(action, names) : null;
            var found = permissions.FindUsable(action, unconditionalOnly: true, types);
            if (found.Count == 0)
            {
                found = permissions.FindUsable(action, unconditionalOnly: false, types);
                conditional = true;
            }

            if (found.Count == 0)
            {
                return null;
            }

            evidence.AddRange(found);
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

    private IReadOnlyList<IamResourceType> TypesOf(string action, IReadOnlyList<string> names) =>
        names.Select(n => _actions.Find(action)?.ResourceTypes.FirstOrDefault(t => string.Equals(t.Name, n, StringComparison.OrdinalIgnoreCase))
            ?? throw new PrivilegeCatalogException($"The escalation catalog names resource type '{n}' for {action}, which the action catalog does not list for it."))
        .ToList();

    private RoleRiskCategories Categories(EffectivePermissions permissions, HashSet<int> everywhere, List<PrivilegeEscalationPath> escalation)
    {
        var byCategory = _risks.Categories.ToDictionary(
            rule => rule.Category,
            rule => rule.FromEscalationMethods
                ? escalation.SelectMany(p => p.Actions).Distinct(StringComparer.OrdinalIgnoreCase).OrderBy(a => a, StringComparer.OrdinalIgnoreCase).ToArray()
                : rule.Actions.Where(permissions.AllowsEverywhere)
                    // The actions allowed everywhere, not the whole catalog (21,996) per rule: catalog ids are its indexes.
                    .Concat(everywhere.Select(id => _actions.Actions[id]).Where(a => rule.AccessLevels.Contains(a.Level)).Select(a => a.FullName))
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
        IReadOnlyList<PrivilegeEscalationPath> escalation,
        IReadOnlyList<string> wildcards,
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
