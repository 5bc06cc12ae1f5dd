using System.Collections.Generic;

namespace LambdaSec.Analysis.Policy;

public enum StatementEffect
{
    Invalid,
    Allow,
    Deny,
}

/// <summary>
/// One statement. A statement whose shape is not IAM's keeps <see cref="ShapeError"/> set, so that a
/// single bad statement is judged on its own instead of failing the whole document.
/// </summary>
public sealed class PolicyStatement
{
    public string? Sid { get; init; }

    public StatementEffect Effect { get; init; }

    /// <summary>The Effect as written, for reports.</summary>
    public string EffectText { get; init; } = string.Empty;

    public PrincipalElement? Principal { get; init; }

    public PrincipalElement? NotPrincipal { get; init; }

    public IReadOnlyList<string> Actions { get; init; } = [];

    public IReadOnlyList<string> NotActions { get; init; } = [];

    public IReadOnlyList<string> Resources { get; init; } = [];

    public IReadOnlyList<string> NotResources { get; init; } = [];

    public IReadOnlyList<ConditionClause> Conditions { get; init; } = [];

    /// <summary>The statement's own JSON text.</summary>
    public string Json { get; init; } = string.Empty;

    public string? ShapeError { get; init; }

    public bool HasNotAction => NotActions.Count > 0;
}

/// <summary>A Principal or NotPrincipal element: the bare "*" or typed entries.</summary>
public sealed class PrincipalElement
{
    public PrincipalElement(bool isBareWildcard, IReadOnlyList<PrincipalEntry> entries)
    {
        IsBareWildcard = isBareWildcard;
        Entries = entries;
    }

    public bool IsBareWildcard { get; }

    public IReadOnlyList<PrincipalEntry> Entries { get; }
}

/// <summary>One principal value with its type as written (AWS, Service, Federated, CanonicalUser...).</summary>
public sealed record PrincipalEntry(string Type, string Value)
{
    public override string ToString() => $"{Type}:{Value}";
}

public enum SetQualifier
{
    None,
    ForAnyValue,
    ForAllValues,
}

/// <summary>One condition key under one operator, e.g. StringEquals aws:SourceAccount ["111111111111"].</summary>
public sealed class ConditionClause
{
    public string Operator { get; init; } = string.Empty;

    /// <summary>The operator without set qualifier and IfExists suffix, e.g. StringLike.</summary>
    public string BaseOperator { get; init; } = string.Empty;

    public SetQualifier SetQualifier { get; init; }

    public bool IfExists { get; init; }

    public string Key { get; init; } = string.Empty;

    public IReadOnlyList<string> Values { get; init; } = [];

    public override string ToString() => $"{Operator} {Key} = {string.Join(", ", Values)}";
}
