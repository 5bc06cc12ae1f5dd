using System.Collections.Generic;
using System.Linq;
using System.Text;
using LambdaSec.Analysis.Policy;

namespace LambdaSec.Analysis.Privileges;

/// <summary>
/// The documents of one role, parsed: identity policies, permissions boundary and trust policy. A
/// document that cannot be read is left out and recorded in <see cref="Problems"/>; the others are kept,
/// so one bad document never hides what the rest allow.
/// </summary>
public sealed class RolePolicySet
{
    private readonly List<NamedPolicy> _policies = [];
    private readonly List<PolicyProblem> _problems = [];
    private readonly List<string> _unreadable = [];
    private readonly StringBuilder _permissionsKey = new();

    public IReadOnlyList<NamedPolicy> Policies => _policies;

    public NamedPolicy? Boundary { get; private set; }

    /// <summary>True when a boundary was given, even one that could not be read (then nothing is allowed through it).</summary>
    public bool HasBoundary { get; private set; }

    public PolicyDocument? TrustPolicy { get; private set; }

    public IReadOnlyList<PolicyProblem> Problems => _problems;

    /// <summary>Names of the documents left out.</summary>
    public IReadOnlyList<string> Unreadable => _unreadable;

    /// <summary>
    /// The identity policies and boundary exactly as given, names and texts in order: two sets with the same key allow
    /// the same (RolePrivilegeAnalyzer.AnalyzePermissions depends on nothing else). Not normalised: a document that names
    /// its account is a different key in every account, so an analysis is never shared across differing texts.
    /// </summary>
    public string PermissionsKey => _permissionsKey.ToString();

    public void AddPolicy(string name, string? json)
    {
        AppendKey('P', name, json);
        if (Read(name, json) is { } document)
        {
            _policies.Add(new NamedPolicy(name, document));
        }
    }

    public void SetBoundary(string name, string? json)
    {
        HasBoundary = true;
        AppendKey('B', name, json);
        // An unreadable boundary still bounds the role; an empty document (no statements) allows nothing, the safe reading.
        Boundary = new NamedPolicy(name, Read(name, json) ?? new PolicyDocument(null, null, []));
    }

    public void SetTrustPolicy(string name, string? json) => TrustPolicy = Read(name, json);

    // Each part with its length first, so no two different sequences of names and documents give the same key.
    private void AppendKey(char kind, string name, string? json) =>
        _permissionsKey.Append(kind).Append(name.Length).Append(':').Append(name).Append(json?.Length ?? -1).Append(':').Append(json);

    private PolicyDocument? Read(string name, string? json)
    {
        PolicyDocument document;
        try
        {
            document = PolicyParser.Parse(json);
        }
        catch (PolicyParseException ex)
        {
            _problems.Add(new PolicyProblem(name, null, ex.Message));
            _unreadable.Add(name);
            return null;
        }

        _problems.AddRange(document.Statements
            .Select((s, i) => (s, i))
            .Where(x => x.s.ShapeError is not null)
            .Select(x => new PolicyProblem(name, StatementLabel.Of(x.s, x.i), x.s.ShapeError!)));
        return document;
    }
}
