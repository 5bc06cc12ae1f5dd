using System.Linq;
using System.Security.Cryptography;
using System.Text;
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

    /// <summary>
    /// A stable id for (rule, resource): the same finding gets the same id on every run, so Security Hub updates
    /// it instead of adding a duplicate and SARIF consumers can track it across runs.
    /// </summary>
    public static string StableId(LambdaSecFinding finding)
    {
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes($"{finding.RuleId}\n{ResourceKey(finding)}"));
        return string.Concat(hash.Take(16).Select(b => b.ToString("x2", System.Globalization.CultureInfo.InvariantCulture)));
    }

    /// <summary>The account from <see cref="LambdaSecFinding.AccountId"/>, else from the ARN's account field.</summary>
    public static string? AccountId(LambdaSecFinding finding) =>
        FirstNonEmpty(finding.AccountId, ArnField(finding.ResourceArn, 4));

    /// <summary>The region from <see cref="LambdaSecFinding.Region"/>, else from the ARN's region field.</summary>
    public static string? Region(LambdaSecFinding finding) =>
        FirstNonEmpty(finding.Region, ArnField(finding.ResourceArn, 3));

    /// <summary>Text for a finding's message: the title, then the evidence when there is any.</summary>
    public static string Message(LambdaSecFinding finding) =>
        string.IsNullOrWhiteSpace(finding.Evidence) ? finding.Title : $"{finding.Title}: {finding.Evidence}";

    private static string? ArnField(string? arn, int index)
    {
        var parts = arn?.Split(':');
        return parts is { Length: > 5 } && parts[0] == "arn" ? FirstNonEmpty(parts[index]) : null;
    }

    private static string? FirstNonEmpty(params string?[] values) => values.FirstOrDefault(v => !string.IsNullOrEmpty(v));
}
