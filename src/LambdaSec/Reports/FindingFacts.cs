using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Reports;

/// <summary>Derived facts about a finding that several formats need, computed one way so the formats agree.</summary>
public static class FindingFacts
{
    /// <summary>The name a person knows the resource by: the function, else the IaC logical id, else the ARN.</summary>
    public static string ResourceName(LambdaSecFinding finding) =>
        FirstNonEmpty(finding.FunctionName, finding.LogicalId, finding.ResourceArn, finding.SourceFile) ?? finding.ResourceType;

    /// <summary>What identifies the resource uniquely: the ARN, else file#logical id, else account/region/name.</summary>
    public static string ResourceKey(LambdaSecFinding finding) =>
        FirstNonEmpty(finding.ResourceArn)
        ?? (finding.SourceFile is { Length: > 0 } file ? $"{file}#{finding.LogicalId}" : null)
        ?? $"{finding.AccountId}/{finding.Region}/{ResourceName(finding)}";

    /// <summary>The account from <see cref="LambdaSecFinding.AccountId"/>, else from the ARN's account field.</summary>
    public static string? AccountId(LambdaSecFinding finding) => FindingFingerprint.AccountOf(finding);

    /// <summary>The region from <see cref="LambdaSecFinding.Region"/>, else from the ARN's region field.</summary>
    public static string? Region(LambdaSecFinding finding) => FindingFingerprint.RegionOf(finding);

    /// <summary>Text for a finding's message: the title, then the evidence when there is any.</summary>
    public static string Message(LambdaSecFinding finding) =>
        string.IsNullOrWhiteSpace(finding.Evidence) ? finding.Title : $"{finding.Title}: {finding.Evidence}";

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
