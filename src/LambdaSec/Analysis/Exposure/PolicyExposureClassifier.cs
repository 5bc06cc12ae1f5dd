using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Policy;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Exposure;

/// <summary>
/// Decides who can invoke a function from its resource policy, exactly as DESIGN.md §3 says.
/// Pure: no I/O, so every rule is testable offline.
/// </summary>
public static class PolicyExposureClassifier
{
    private static readonly string[] InvokeActionNames = ["lambda:InvokeFunction", "lambda:InvokeFunctionUrl", "lambda:InvokeAsync"];

    /// <summary>
    /// Classifies policy JSON. A document that cannot be read gives level Unknown with <see cref="PolicyExposureResult.ParseError"/> set.
    /// Grants to <paramref name="trustedAccounts"/> count like the owner's organization (DESIGN §3.6).
    /// </summary>
    public static PolicyExposureResult Classify(string? policyJson, string? ownerAccountId, string? functionName = null, IReadOnlyCollection<string>? trustedAccounts = null)
    {
        PolicyDocument document;
        try
        {
            document = PolicyParser.Parse(policyJson);
        }
        catch (PolicyParseException ex)
        {
            return new PolicyExposureResult { FunctionName = functionName, OwnerAccountId = ownerAccountId, Exposure = ExposureLevel.Unknown, ParseError = ex.Message };
        }

        return Classify(document, ownerAccountId ?? InferOwner(document), functionName, trustedAccounts);
    }

    public static PolicyExposureResult Classify(PolicyDocument document, string? ownerAccountId, string? functionName = null, IReadOnlyCollection<string>? trustedAccounts = null)
    {
        var statements = document.Statements.Select(s => ClassifyStatement(s, ownerAccountId, functionName, trustedAccounts)).ToArray();
        var level = statements.Aggregate(ExposureLevel.None, (max, s) => ExposureLevelExtensions.Max(max, s.Exposure));
        return new PolicyExposureResult
        {
            FunctionName = functionName,
            OwnerAccountId = ownerAccountId,
            Exposure = level,
            ExternalAccounts = SortedUnion(statements.Select(s => s.ExternalAccounts)),
            TrustedAccounts = SortedUnion(statements.Select(s => s.TrustedAccounts)),
            Statements = statements,
        };
    }

    /// <summary>The owner is the account of the first Lambda ARN among the statements' resources.</summary>
    public static string? InferOwner(PolicyDocument document) =>
        document.Statements.SelectMany(s => s.Resources).Select(AwsIdentifiers.AccountOfArn).FirstOrDefault(a => a is not null);

    public static StatementExposure ClassifyStatement(PolicyStatement statement, string? owner, string? functionName = null, IReadOnlyCollection<string>? trustedAccounts = null)
    {
        var invokeActions = InvokeActions(statement);
        var parseError = ReadError(statement);
        var judgement = parseError is null
            ? Judge(statement, owner, trustedAccounts ?? [])
            : new Judgement(ExposureLevel.Unknown, [], $"The statement cannot be evaluated: {parseError}");
        return new StatementExposure
        {
            Sid = statement.Sid,
            Effect = statement.EffectText,
            Principals = DescribePrincipals(statement),
            Actions = [.. statement.Actions, .. statement.NotActions.Select(a => "NotAction:" + a)],
            AllowsInvoke = statement.Effect == StatementEffect.Allow && invokeActions.Length > 0,
            InvokeActions = invokeActions,
            Conditions = statement.Conditions.Select(c => c.ToString()).ToArray(),
            Exposure = judgement.Level,
            ExternalAccounts = judgement.ExternalAccounts,
            TrustedAccounts = judgement.TrustedAccounts,
            Reason = judgement.Reason,
            ParseError = parseError,
            Json = statement.Json,
            FunctionName = functionName,
        };
    }

    /// <summary>Why an Allow (or unreadable) statement cannot be read; a Deny statement grants nothing whatever its shape.</summary>
    private static string? ReadError(PolicyStatement statement) =>
        statement.Effect == StatementEffect.Deny ? null
        : statement.ShapeError
          ?? (statement.NotPrincipal is null && (statement.Principal is null || (!statement.Principal.IsBareWildcard && statement.Principal.Entries.Count == 0))
              ? "The statement names no principal."
              : null);

    private static Judgement Judge(PolicyStatement statement, string? owner, IReadOnlyCollection<string> trusted)
    {
        if (statement.Effect == StatementEffect.Deny)
        {
            return new Judgement(ExposureLevel.None, [], "A Deny statement grants nothing.");
        }

        var principals = PrincipalClassifier.Read(statement);
        var pins = ConditionPins.From(statement.Conditions);
        var judgements = principals.Select(p => PrincipalClassifier.Judge(p, pins, owner, trusted)).ToList();
        var worst = judgements.Aggregate((a, b) => b.Level.IsMoreSevereThan(a.Level) ? b : a);
        var external = SortedUnion(judgements.Where(j => j.Level == ExposureLevel.CrossAccount).Select(j => j.ExternalAccounts));
        return worst with { ExternalAccounts = external, TrustedAccounts = SortedUnion(judgements.Select(j => j.TrustedAccounts)) };
    }

    private static string[] InvokeActions(PolicyStatement statement) =>
        statement.HasNotAction
            ? InvokeActionNames.Where(a => !statement.NotActions.Any(p => Wildcard.Matches(p, a))).ToArray()
            : InvokeActionNames.Where(a => statement.Actions.Any(p => Wildcard.Matches(p, a))).ToArray();

    private static string[] DescribePrincipals(PolicyStatement statement)
    {
        static IEnumerable<string> Describe(PrincipalElement? element, string prefix) =>
            element is null ? []
            : element.IsBareWildcard ? [prefix + "*"]
            : element.Entries.Select(e => prefix + e);

        return [.. Describe(statement.Principal, string.Empty), .. Describe(statement.NotPrincipal, "NotPrincipal:")];
    }

    private static string[] SortedUnion(IEnumerable<string[]> sets) =>
        sets.SelectMany(s => s).Distinct(StringComparer.Ordinal).OrderBy(a => a, StringComparer.Ordinal).ToArray();
}

/// <summary>The level one principal (or a whole statement) gets, with the external accounts and why.</summary>
public sealed record Judgement(ExposureLevel Level, string[] ExternalAccounts, string Reason)
{
    /// <summary>Accounts of the grant that are trusted (-TrustedAccountId): listed, never hidden.</summary>
    public string[] TrustedAccounts { get; init; } = [];
}
