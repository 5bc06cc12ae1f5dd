using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Guardrails;

/// <summary>
/// Asks the SCP engine, for one account, the questions that matter for a public Lambda: would a public AddPermission,
/// a grant to an account outside the organization, a NONE-auth function URL be denied for an ordinary role?
/// </summary>
public static class LambdaGuardrailProbe
{
    /// <summary>An account id that is in no organization of the user; the probe grants to it as "outside".</summary>
    public const string OutsideAccount = "999999999999";

    public static LambdaGuardrailCoverage Assess(string accountId, IReadOnlyList<ScpLevel> path, string? principalArn = null)
    {
        var caller = principalArn ?? $"arn:aws:iam::{accountId}:role/LambdaSecProbe";
        var resource = $"arn:aws:lambda:us-east-1:{accountId}:function:probe";
        ScpDecision Ask(string action, params (string Key, string Value)[] keys)
        {
            var context = new Dictionary<string, string[]>(StringComparer.OrdinalIgnoreCase)
            {
                ["aws:PrincipalArn"] = [caller],
                ["aws:PrincipalAccount"] = [accountId],
            };
            foreach (var (key, value) in keys)
            {
                context[key] = [value];
            }

            return ScpEvaluator.Evaluate(path, new ScpRequest(action, resource, context));
        }

        var publicPermission = Ask("lambda:AddPermission", ("lambda:Principal", "*"));
        var external = Ask("lambda:AddPermission", ("lambda:Principal", OutsideAccount));
        var createUrl = Ask("lambda:CreateFunctionUrlConfig", ("lambda:FunctionUrlAuthType", "NONE"));
        var updateUrl = Ask("lambda:UpdateFunctionUrlConfig", ("lambda:FunctionUrlAuthType", "NONE"));
        var urlDenied = !createUrl.Allowed && !updateUrl.Allowed;

        var gaps = new List<string>();
        if (publicPermission.Allowed)
        {
            gaps.Add("lambda:AddPermission with Principal \"*\" is allowed: any role with Lambda permissions can make a function public.");
        }

        if (external.Allowed)
        {
            gaps.Add($"lambda:AddPermission to an account outside the organization ({OutsideAccount}) is allowed.");
        }

        if (!urlDenied)
        {
            gaps.Add("A function URL with AuthType NONE can be created or updated.");
        }

        return new LambdaGuardrailCoverage
        {
            AccountId = accountId,
            Path = path.Select(l => l.Target).ToArray(),
            PublicPermissionDenied = !publicPermission.Allowed,
            PublicPermissionReason = publicPermission.Reason,
            ExternalAccountPermissionDenied = !external.Allowed,
            ExternalAccountPermissionReason = external.Reason,
            FunctionUrlNoneDenied = urlDenied,
            FunctionUrlNoneReason = createUrl.Allowed ? createUrl.Reason : updateUrl.Reason,
            Gaps = gaps.ToArray(),
            ClosingGuardrail = gaps.Count == 0 ? null
                : $"New-LambdaSecGuardrail -Kind Scp{(external.Allowed ? " -AllowedAccountId <your organization's accounts>" : string.Empty)}, attached to {(path.Count > 0 ? path[0].Target : "the organization root")} (or to the OU of {accountId}).",
        };
    }
}
