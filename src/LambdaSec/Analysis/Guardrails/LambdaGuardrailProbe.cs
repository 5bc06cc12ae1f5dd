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

    /// <summary>The role the probe asks as when no principal is given: a role no exemption names.</summary>
    public const string ProbeRoleName = "LambdaSecProbe";

    private const string ManagementAccountReason = "Service control policies do not apply to the management account: nothing an SCP says can deny this there.";

    public static LambdaGuardrailCoverage Assess(string accountId, IReadOnlyList<ScpLevel> path, string? principalArn = null, GuardrailAccountContext? account = null)
    {
        var caller = principalArn ?? $"arn:aws:iam::{accountId}:role/{ProbeRoleName}";
        var resource = $"arn:aws:lambda:us-east-1:{accountId}:function:probe";
        var management = account?.IsManagementAccount == true;
        ScpDecision Ask(string action, params (string Key, string Value)[] keys)
        {
            if (management)
            {
                return new ScpDecision(true, null, null, ManagementAccountReason);
            }

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
        if (management)
        {
            gaps.Add(ManagementAccountReason);
        }
        else
        {
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
        }

        // The account's parent is the narrowest node whose SCP would cover it (and its siblings); the root covers every account.
        var parent = path.Count >= 2 ? path[path.Count - 2] : path.Count == 1 ? path[0] : null;
        return new LambdaGuardrailCoverage
        {
            AccountId = accountId,
            AccountName = account?.AccountName,
            IsManagementAccount = management,
            PrincipalArn = caller,
            Path = path.Select(l => l.Target).ToArray(),
            PathNames = path.Select(l => l.Label).ToArray(),
            PublicPermissionDenied = !publicPermission.Allowed,
            PublicPermissionReason = publicPermission.Reason,
            ExternalAccountPermissionDenied = !external.Allowed,
            ExternalAccountPermissionReason = external.Reason,
            FunctionUrlNoneDenied = urlDenied,
            FunctionUrlNoneReason = createUrl.Allowed ? createUrl.Reason : updateUrl.Reason,
            Gaps = gaps.ToArray(),
            GapLeftBy = gaps.Count == 0 ? null : management ? accountId : parent?.Label ?? accountId,
            ClosingGuardrail = gaps.Count == 0 ? null
                : management ? "Keep workloads out of the management account (SCPs cannot protect it); restrict who may use it with IAM, and use permissions boundaries on its roles."
                : $"New-LambdaSecGuardrail -Kind Scp{(external.Allowed ? " -AllowedAccountId (Get-ORGAccountList).Id" : string.Empty)}, attached to {(path.Count > 0 ? path[0].Label : "the organization root")} (every account) or to {parent?.Label ?? accountId}.",
        };
    }
}
