using System;
using LambdaSec.Analysis.Runtimes;

namespace LambdaSec.Analysis.Templates;

/// <summary>What the rules need besides the template: the owner account, the runtime catalog and the date to judge runtimes on.</summary>
public sealed class TemplateAnalysisContext
{
    /// <summary>
    /// Stands in for the stack's account when -OwnerAccountId is not given. AWS::AccountId and the owner are the same
    /// account by construction, so a SourceAccount of !Ref AWS::AccountId is the owner whatever the real id is.
    /// </summary>
    public const string StackAccountStandIn = "000000000000";

    public string? OwnerAccountId { get; init; }

    /// <summary>Accounts whose grants count like the owner's organization (-TrustedAccountId): no LS-IAC-003 for them.</summary>
    public System.Collections.Generic.IReadOnlyCollection<string> TrustedAccounts { get; init; } = [];

    public RuntimeCatalog Catalog { get; init; } = RuntimeCatalog.Default;

    public DateTime AsOf { get; init; } = DateTime.UtcNow;

    public int WarningDays { get; init; } = RuntimeStatusEvaluator.DefaultWarningDays;

    /// <summary>Tag keys every function must carry (-RequiredTag, LS-CONFIG-016); empty: any tag of its own will do.</summary>
    public System.Collections.Generic.IReadOnlyList<string> RequiredTagKeys { get; init; } = [];

    public string EffectiveOwner => OwnerAccountId ?? StackAccountStandIn;

    /// <summary>Writes an account for people: the stand-in reads as "the stack's account".</summary>
    public string Describe(string text) =>
        OwnerAccountId is null ? text.Replace(StackAccountStandIn, "<stack account>") : text;
}
