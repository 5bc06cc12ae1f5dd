using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Guardrails;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Privileges;

/// <summary>A principal of an account with its documents (identity policies and boundary), for the takeover analysis.</summary>
public sealed record PrincipalPolicies(string Arn, string Name, string Type, RolePolicySet Policies);

/// <summary>A principal whose policies name a takeover action (<see cref="TakeoverCandidates.MayTakeOver"/>), with what they allow and its own privileges.</summary>
public sealed record TakeoverPrincipal(PrincipalPolicies Principal, EffectivePermissions Permissions, RolePrivilegeReport Report);

/// <summary>
/// DESIGN.md §5 inbound: the principals of one account that may change a function's code or configuration
/// (lambda:UpdateFunctionCode, lambda:UpdateFunctionConfiguration on the function's ARN, resource-aware, with
/// their permissions boundaries) and so run code as its execution role. Principals whose policies name neither
/// action are dropped once; each remaining principal's own privileges are analysed before the candidates are built
/// (Collect/RoleAnalysisCache, once per distinct content in a run), so that asking for a function's takeovers only
/// computes (callers on many threads never wait for each other).
/// </summary>
public sealed class TakeoverCandidates
{
    /// <summary>The actions that let a principal replace what a function runs (code, or layers, handler and environment).</summary>
    public static readonly IReadOnlyList<string> TakeoverActions = ["lambda:UpdateFunctionCode", "lambda:UpdateFunctionConfiguration"];

    private const string Basis = "identity policies and permissions boundaries of the account's roles and users (with their groups' policies)";

    private readonly List<TakeoverPrincipal> _candidates;

    // SCP answers shared by the functions of one account-region, for paths whose statements name no resource but "*".
    private readonly ConcurrentDictionary<(TakeoverPrincipal Candidate, string Action, string Family, IReadOnlyList<ScpLevel> Path), bool> _scpAnswers = new();
    private readonly ConcurrentDictionary<IReadOnlyList<ScpLevel>, bool> _resourceBlind = new();

    /// <summary>The account's principals whose policies name a takeover action, each with its own privileges analysed.</summary>
    public TakeoverCandidates(IEnumerable<TakeoverPrincipal> candidates) => _candidates = candidates.ToList();

    /// <summary>True when the principal's policies name a takeover action; a principal for which it is false is dropped once.</summary>
    public static bool MayTakeOver(EffectivePermissions permissions) => TakeoverActions.Any(permissions.Names);

    /// <summary>
    /// The principals other than the function's role that may change the function, most dangerous first.
    /// <paramref name="scpPath"/>: the service control policies on the account's path from the root (the same engine
    /// as Test-LambdaSecGuardrail); an action they deny to a principal is not counted, and a principal left with none
    /// is not listed. Empty for the management account (SCPs do not apply to it); null when they were not read.
    /// </summary>
    public IReadOnlyList<FunctionTakeover> For(string functionArn, string? functionRoleArn, RolePrivilegeReport functionRole, IReadOnlyList<ScpLevel>? scpPath = null)
    {
        var basis = scpPath is null ? Basis + "; service control policies not read"
            : scpPath.Count == 0 ? Basis + "; service control policies do not apply (management account)"
            : $"{Basis}, under the service control policies of {string.Join(" > ", scpPath.Select(l => l.Label))}";
        return _candidates
            .Where(c => !string.Equals(c.Principal.Arn, functionRoleArn, StringComparison.Ordinal))
            .Select(c => Takeover(c, functionArn, functionRole, scpPath, basis))
            .OfType<FunctionTakeover>()
            .OrderByDescending(t => t.RoleCanDoMore)
            .ThenBy(t => t.Principal, StringComparer.Ordinal)
            .ToList();
    }

    private FunctionTakeover? Takeover(TakeoverPrincipal candidate, string functionArn, RolePrivilegeReport functionRole, IReadOnlyList<ScpLevel>? scpPath, string basis)
    {
        var (principal, permissions, report) = candidate;
        var family = FamilyOf(functionArn);
        var evidence = TakeoverActions
            .Where(a => scpPath is null || ScpAllowsIn(candidate, scpPath, a, functionArn, family))
            .SelectMany(a => family is null ? permissions.Find(a, functionArn, whole: true) : permissions.FindInFamily(a, functionArn, family))
            .ToList();
        if (evidence.Count == 0)
        {
            return null;
        }

        var actions = evidence.Select(e => e.Action).Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        var reason = Gain(functionRole, report, principal.Name);
        return new FunctionTakeover
        {
            Principal = principal.Arn,
            PrincipalName = principal.Name,
            PrincipalType = principal.Type,
            Actions = actions,
            Evidence = evidence.ToArray(),
            IsConditional = actions.All(a => evidence.Where(e => string.Equals(e.Action, a, StringComparison.OrdinalIgnoreCase)).All(e => e.IsConditional)),
            RoleCanDoMore = reason is not null,
            Reason = reason ?? $"{principal.Name} can already do what the function's role can (no admin or escalation method it lacks).",
            Basis = basis,
        };
    }

    /// <summary>
    /// Every function of the function's account and region (its ARN up to "function:", then "*"), whose grants most
    /// principals decide as a whole (docs/scale.md); null for an ARN without "function:" or with a wildcard.
    /// </summary>
    private static string? FamilyOf(string functionArn)
    {
        const string Function = ":function:";
        var at = functionArn.IndexOf(Function, StringComparison.Ordinal);
        return at < 0 || functionArn.IndexOfAny(['*', '?']) >= 0 ? null : functionArn.Substring(0, at + Function.Length) + "*";
    }

    /// <summary>
    /// <see cref="ScpAllows"/>, answered once per principal, action and account-region when every statement on the path
    /// names only Resource "*" (or none) and no NotResource: then the function's ARN enters the decision only through its
    /// region (aws:RequestedRegion), which the family holds. A path that names resources is asked per function.
    /// </summary>
    private bool ScpAllowsIn(TakeoverPrincipal candidate, IReadOnlyList<ScpLevel> scpPath, string action, string functionArn, string? family)
    {
        var blind = family is not null && _resourceBlind.GetOrAdd(scpPath, path => path.All(level => level.Policies.All(policy => policy.Document.Statements.All(
            statement => statement.NotResources.Count == 0 && statement.Resources.All(r => r == "*")))));
        return blind
            ? _scpAnswers.GetOrAdd((candidate, action, family!, scpPath), key => ScpAllows(key.Path, key.Action, functionArn, key.Candidate.Principal))
            : ScpAllows(scpPath, action, functionArn, candidate.Principal);
    }

    /// <summary>
    /// Whether the SCPs let the principal call the action on the function. The request context holds what is known
    /// of the principal (ARN, account, type) and the region; a Deny conditioned on anything else (tags, network,
    /// MFA) cannot be evaluated and is not counted, so a principal is never dropped on a guess.
    /// </summary>
    private static bool ScpAllows(IReadOnlyList<ScpLevel> scpPath, string action, string functionArn, PrincipalPolicies principal)
    {
        var arn = principal.Arn.Split(':');
        var context = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
        {
            ["aws:PrincipalArn"] = [principal.Arn],
            ["aws:PrincipalType"] = [principal.Type == "Role" ? "AssumedRole" : principal.Type],
        };
        if (arn.Length > 4)
        {
            context["aws:PrincipalAccount"] = [arn[4]];
        }

        var region = functionArn.Split(':');
        if (region.Length > 3)
        {
            context["aws:RequestedRegion"] = [region[3]];
        }

        return ScpEvaluator.Evaluate(scpPath, new ScpRequest(action, functionArn, context) { ContextIsComplete = false }).Allowed;
    }

    /// <summary>What the function's role can do that the principal cannot (admin, or escalation methods it lacks); null when nothing.</summary>
    private static string? Gain(RolePrivilegeReport role, RolePrivilegeReport principal, string name)
    {
        if (principal.IsAdmin)
        {
            return null;
        }

        if (role.IsAdmin)
        {
            return $"the function's role {role.RoleName} is admin; {name} is not";
        }

        var theirs = new HashSet<string>(principal.PrivilegeEscalation.Select(p => p.Name), StringComparer.Ordinal);
        var more = role.PrivilegeEscalation.Where(p => !p.IsConditional && !theirs.Contains(p.Name)).Select(p => p.Name).ToList();
        return more.Count == 0 ? null : $"the function's role {role.RoleName} can escalate by {string.Join(", ", more)}; {name} cannot";
    }
}
