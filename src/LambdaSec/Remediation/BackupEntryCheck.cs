using System;
using System.Linq;
using LambdaSec.Analysis.Exposure;
using LambdaSec.Analysis.Policy;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Model;

namespace LambdaSec.Remediation;

/// <summary>
/// What a backup line claims, checked before anything is restored (a backup may come from someone else,
/// docs/hostile-input.md): the function ARN, the line's account and region and the statement's own Resource must
/// agree, the line's StatementId must be the statement's Sid (the Sid is what AddPermission creates), and grants
/// that open a function to anyone are named so the cmdlet can ask before restoring them.
/// </summary>
public static class BackupEntryCheck
{
    /// <summary>The function's ARN, from FunctionName when it is one, else FunctionArn; null for a plain name.</summary>
    public static LambdaFunctionArn? ArnOf(BackupEntry entry) =>
        LambdaFunctionArn.TryParse(entry.FunctionName) ?? LambdaFunctionArn.TryParse(entry.FunctionArn);

    /// <summary>The account the restore would change: the ARN's, else the line's.</summary>
    public static string? AccountOf(BackupEntry entry) => ArnOf(entry)?.AccountId ?? entry.AccountId;

    /// <summary>The region the restore would change: the ARN's, else the line's.</summary>
    public static string? RegionOf(BackupEntry entry) => ArnOf(entry)?.Region ?? entry.Region;

    /// <summary>Why the line contradicts itself, or null when it is consistent.</summary>
    public static string? Inconsistency(BackupEntry entry)
    {
        foreach (var (name, text) in new[] { ("FunctionName", entry.FunctionName), ("FunctionArn", entry.FunctionArn) })
        {
            if (LambdaFunctionArn.TryParse(text) is { } arn && Disagreement(name, arn, entry) is { } reason)
            {
                return reason;
            }
        }

        if (entry.Kind != BackupEntry.PermissionKind || Statement(entry) is not { } statement)
        {
            return null;
        }

        if (entry.StatementId is { } statementId && !string.Equals(statementId, statement.Sid, StringComparison.Ordinal))
        {
            return $"its StatementId '{statementId}' differs from the statement's Sid '{statement.Sid}', which is what AddPermission would create";
        }

        return statement.Resources.Select(LambdaFunctionArn.TryParse).OfType<LambdaFunctionArn>().Select(r => Disagreement("the statement's Resource", r, entry)).FirstOrDefault(r => r is not null);
    }

    /// <summary>The exposure a restored line grants when it opens the function to anyone: a Public statement, or a URL whose AuthType goes back to NONE.</summary>
    public static string? OpensToAnyone(BackupEntry entry)
    {
        if (entry.Kind == BackupEntry.FunctionUrlKind)
        {
            return string.Equals(entry.AuthType, "NONE", StringComparison.OrdinalIgnoreCase) ? "sets the function URL's AuthType back to NONE: anyone on the internet can call it" : null;
        }

        return Statement(entry) is { } statement && PolicyExposureClassifier.ClassifyStatement(statement, AccountOf(entry)).Exposure == ExposureLevel.Public
            ? $"re-adds statement '{statement.Sid}', which is Public: anyone can invoke the function"
            : null;
    }

    private static string? Disagreement(string name, LambdaFunctionArn arn, BackupEntry entry)
    {
        var functionName = LambdaFunctionArn.TryParse(entry.FunctionName)?.FunctionName ?? entry.FunctionName;
        if (entry.AccountId is { Length: > 0 } account && !string.Equals(account, arn.AccountId, StringComparison.Ordinal))
        {
            return $"{name} {arn.Arn} is in account {arn.AccountId}, but the line is of account {account}";
        }

        if (entry.Region is { Length: > 0 } region && !string.Equals(region, arn.Region, StringComparison.Ordinal))
        {
            return $"{name} {arn.Arn} is in region {arn.Region}, but the line is of region {region}";
        }

        return string.Equals(functionName, arn.FunctionName, StringComparison.Ordinal) ? null : $"{name} {arn.Arn} names function {arn.FunctionName}, but the line is of function {functionName}";
    }

    private static PolicyStatement? Statement(BackupEntry entry)
    {
        try
        {
            return entry.Statement is null ? null : PolicyParser.Parse($"{{\"Statement\":[{entry.Statement}]}}").Statements[0];
        }
        catch (PolicyParseException)
        {
            return null;
        }
    }
}
