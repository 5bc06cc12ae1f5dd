using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Exposure;

/// <summary>Combines a function's policy, URL, entry points and VPC placement into one <see cref="LambdaExposure"/>.</summary>
public static class FunctionExposureAnalyzer
{
    private const string InvokeFunction = "lambda:InvokeFunction";
    private const string InvokeFunctionUrl = "lambda:InvokeFunctionUrl";

    public static LambdaExposure Analyze(FunctionFacts facts, IReadOnlyList<EntryPoint> entryPoints)
    {
        var policy = facts.PolicyJson is null
            ? new PolicyExposureResult { Exposure = ExposureLevel.None, OwnerAccountId = facts.AccountId }
            : PolicyExposureClassifier.Classify(facts.PolicyJson, facts.AccountId, facts.FunctionName, facts.TrustedAccounts);
        foreach (var statement in policy.Statements)
        {
            statement.FunctionName = facts.FunctionName;
            statement.Qualifier = facts.Qualifier;
        }

        var unknowns = facts.Unknowns.ToList();
        if (policy.ParseError is { } error)
        {
            unknowns.Add($"Policy: {error}");
        }

        var url = facts.Url is null ? null : AnalyzeUrl(facts.Url, policy.Statements);
        var vpc = new VpcAttachment { VpcId = facts.VpcId, SubnetIds = [.. facts.SubnetIds], SecurityGroupIds = [.. facts.SecurityGroupIds] };
        return new LambdaExposure
        {
            AccountId = facts.AccountId,
            Region = facts.Region,
            FunctionName = facts.FunctionName,
            FunctionArn = facts.FunctionArn,
            Qualifier = facts.Qualifier,
            Exposure = policy.Exposure,
            ExternalAccounts = policy.ExternalAccounts,
            TrustedAccounts = policy.TrustedAccounts,
            Statements = policy.Statements,
            RevisionId = facts.RevisionId,
            FunctionUrl = url,
            EntryPoints = [.. entryPoints],
            Vpc = vpc,
            Unknowns = [.. unknowns],
            Summary = Summarize(policy, url, entryPoints, vpc, unknowns),
        };
    }

    /// <summary>
    /// A URL with AuthType NONE is reachable by anyone when a Public statement allows lambda:InvokeFunctionUrl.
    /// Since October 2025 AWS also requires lambda:InvokeFunction; a URL public through the first alone relies
    /// on the older model (AWS's temporary exception for existing URLs), which we report rather than call safe.
    /// </summary>
    public static FunctionUrlExposure AnalyzeUrl(FunctionUrlFacts url, IReadOnlyList<StatementExposure> statements)
    {
        var publicUrlInvoke = AllowsPublicly(statements, InvokeFunctionUrl);
        var publicInvoke = AllowsPublicly(statements, InvokeFunction);
        var none = string.Equals(url.AuthType, "NONE", StringComparison.OrdinalIgnoreCase);
        var reachable = none && publicUrlInvoke;
        var reliesOnUrlOnly = reachable && !publicInvoke;
        var wildcardWithCredentials = url.AllowCredentials && url.AllowOrigins.Contains("*");
        var note = (none, publicUrlInvoke) switch
        {
            (true, true) when reliesOnUrlOnly => "Anyone on the internet can call this URL through lambda:InvokeFunctionUrl alone (the model AWS replaced in October 2025; it works only while the account keeps AWS's exception for existing URLs).",
            (true, true) => "Anyone on the internet can call this URL: AuthType NONE and the policy grants lambda:InvokeFunctionUrl and lambda:InvokeFunction to everyone.",
            (true, false) => "AuthType NONE, but no policy statement lets everyone call lambda:InvokeFunctionUrl, so anonymous requests are refused.",
            _ => "AuthType AWS_IAM: callers need IAM credentials that the policy or their own identity policy allows.",
        };
        return new FunctionUrlExposure
        {
            Url = url.Url,
            AuthType = url.AuthType,
            CorsAllowOrigins = [.. url.AllowOrigins],
            CorsAllowCredentials = url.AllowCredentials,
            PolicyAllowsPublicUrlInvoke = publicUrlInvoke,
            PolicyAllowsPublicInvoke = publicInvoke,
            IsPubliclyReachable = reachable,
            ReliesOnUrlPermissionOnly = reliesOnUrlOnly,
            Note = wildcardWithCredentials ? note + " CORS allows any origin with credentials." : note,
        };
    }

    /// <summary>
    /// Whether a function URL could change anything this policy's verdict says: only when the policy admits someone
    /// outside the account (Organization or more severe, Unknown included) to lambda:InvokeFunction or
    /// lambda:InvokeFunctionUrl, or cannot be read at all. For any other policy a URL, whatever its AuthType, is
    /// callable only by the account's own principals, so the audit does not read it.
    /// </summary>
    public static bool UrlCanMatter(string? policyJson, string? ownerAccountId, string functionName)
    {
        if (policyJson is null)
        {
            return false;
        }

        var policy = PolicyExposureClassifier.Classify(policyJson, ownerAccountId, functionName);
        return policy.Exposure == ExposureLevel.Unknown || policy.Statements.Any(s =>
            s.Exposure == ExposureLevel.Unknown
            || (s.Exposure.IsAtLeast(ExposureLevel.Organization) && s.InvokeActions.Any(a => a.Equals(InvokeFunction, StringComparison.OrdinalIgnoreCase) || a.Equals(InvokeFunctionUrl, StringComparison.OrdinalIgnoreCase))));
    }

    private static bool AllowsPublicly(IReadOnlyList<StatementExposure> statements, string action) =>
        statements.Any(s => s.Exposure == ExposureLevel.Public && s.InvokeActions.Contains(action, StringComparer.OrdinalIgnoreCase));

    private static string Summarize(PolicyExposureResult policy, FunctionUrlExposure? url, IReadOnlyList<EntryPoint> entryPoints, VpcAttachment vpc, List<string> unknowns)
    {
        var parts = new List<string> { PolicyPhrase(policy) };
        if (url is not null)
        {
            parts.Add(url.IsPubliclyReachable ? "public function URL" : $"function URL ({url.AuthType})");
        }

        var open = entryPoints.Count(e => !e.IsAuthenticated);
        if (entryPoints.Count > 0)
        {
            parts.Add($"{entryPoints.Count} entry point{(entryPoints.Count == 1 ? string.Empty : "s")}{(open > 0 ? $", {open} without auth" : string.Empty)}");
        }

        var wafGaps = entryPoints.Count(e => !e.HasWaf);
        if (wafGaps > 0)
        {
            parts.Add($"{wafGaps} without WAF");
        }

        parts.Add(vpc.IsAttached ? $"in VPC {vpc.VpcId}" : "not in VPC");
        if (unknowns.Count > 0)
        {
            parts.Add($"{unknowns.Count} part{(unknowns.Count == 1 ? string.Empty : "s")} unknown");
        }

        return string.Join("; ", parts);
    }

    private static string PolicyPhrase(PolicyExposureResult policy) => policy.Exposure switch
    {
        ExposureLevel.Public => "anyone can invoke",
        ExposureLevel.Unknown => "policy cannot be fully evaluated",
        ExposureLevel.ServiceUnrestricted => "a service can invoke on behalf of any account",
        ExposureLevel.CrossAccount => $"accounts {string.Join(", ", policy.ExternalAccounts)} can invoke",
        ExposureLevel.Organization when policy.TrustedAccounts.Length > 0 => $"the organization or trusted accounts {string.Join(", ", policy.TrustedAccounts)} can invoke",
        ExposureLevel.Organization => "the organization can invoke",
        ExposureLevel.ServiceRestricted => "services of this account can invoke",
        ExposureLevel.Account => "only this account can invoke",
        _ => policy.Statements.Length == 0 ? "no resource policy" : "no Allow statement",
    };
}
