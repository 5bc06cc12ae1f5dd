using System;
using System.IO;
using System.Linq;
using System.Management.Automation;
using System.Text;
using LambdaSec.Analysis.Guardrails;
using LambdaSec.Analysis.Policy;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Generates the organization guardrails that keep Lambda functions from being made public: a service control policy and an AWS Config conformance pack.</para>
/// <para type="description">-Kind Scp writes a service control policy (SCP) that denies, for every principal except the -ExemptPrincipalArn break-glass roles (aws:PrincipalArn, ArnNotLike): lambda:AddPermission with Principal "*" (condition key lambda:Principal, which holds the principal being granted as the caller wrote it); with -AllowedAccountId, lambda:AddPermission to any account other than those (service principals stay allowed); and lambda:CreateFunctionUrlConfig/UpdateFunctionUrlConfig unless lambda:FunctionUrlAuthType is AWS_IAM (the same rule as Control Tower's CT.LAMBDA.PV.1). Callers must pass AuthType AWS_IAM on every UpdateFunctionUrlConfig, since a request without it is denied too.</para>
/// <para type="description">What an SCP cannot express: lambda:Principal carries no organization, so an organization-wide grant (Principal "*" with PrincipalOrgID) is denied like a public one, and "outside the organization" must be given as the list of allowed accounts. An SCP cannot see the SourceArn or SourceAccount of a service grant, cannot judge a policy that is already public, a function's runtime, WAF on API Gateway or load balancers, or concurrency. -Kind ConfigRules writes an AWS Config conformance pack with the AWS managed rules for those: LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED, LAMBDA_FUNCTION_SETTINGS_CHECK (runtime list: the catalog's runtimes that are Supported on -AsOf), API_GW_ASSOCIATED_WITH_WAF, ALB_WAF_ENABLED and LAMBDA_CONCURRENCY_CHECK.</para>
/// <para type="description">Every SCP is parsed by LambdaSec's policy parser before it is written and sized against the SCP limit of 5,120 characters (counted without whitespace outside strings; Size in the output). An SCP over the limit is the terminating error LambdaSec.GuardrailTooLarge: use fewer exemptions (a role path with a wildcard, e.g. arn:aws:iam::*:role/breakglass/*). SCPs do not apply to the management account. Test a new SCP on a test OU before attaching it to the root. With -Path the document is written to that file (supports -WhatIf); the output object always carries it in Content.</para>
/// </summary>
/// <example>
/// <code>New-LambdaSecGuardrail -Kind Scp -ExemptPrincipalArn 'arn:aws:iam::*:role/BreakGlass' -Path ./lambda-scp.json</code>
/// <para>Writes the SCP with an exemption for the BreakGlass role in every account; attach it with New-ORGPolicy/Add-ORGPolicyToTarget or the console.</para>
/// </example>
/// <example>
/// <code>New-LambdaSecGuardrail -Kind Scp -AllowedAccountId 111111111111, 222222222222 | Select-Object Size, Explanation</code>
/// <para>Also denies granting invoke to any account other than the two listed, and shows the size against the 5,120-character limit.</para>
/// </example>
/// <example>
/// <code>(New-LambdaSecGuardrail -Kind ConfigRules).Content | Set-Content lambda-pack.yaml; aws configservice put-conformance-pack --conformance-pack-name lambdasec --template-body file://lambda-pack.yaml</code>
/// <para>Generates the conformance pack and deploys it with the AWS CLI.</para>
/// </example>
[Cmdlet(VerbsCommon.New, "LambdaSecGuardrail", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.Medium)]
[OutputType(typeof(LambdaSecGuardrail))]
public sealed class NewLambdaSecGuardrailCommand : PSCmdlet
{
    /// <summary>
    /// <para type="description">Scp (a service control policy) or ConfigRules (an AWS Config conformance pack).</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0)]
    [ValidateSet("Scp", "ConfigRules")]
    public string Kind { get; set; } = string.Empty;

    /// <summary>
    /// <para type="description">IAM principal ARNs (wildcards allowed, e.g. arn:aws:iam::*:role/BreakGlass) that the SCP does not restrict: break-glass and deployment roles that must still be able to grant access.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string[] ExemptPrincipalArn { get; set; } = [];

    /// <summary>
    /// <para type="description">12-digit accounts (usually all accounts of your organization) that lambda:AddPermission may still name as principal; the SCP denies every other account. Without it, only Principal "*" is denied.</para>
    /// </summary>
    [Parameter]
    [ValidateAccountId]
    public string[] AllowedAccountId { get; set; } = [];

    /// <summary>
    /// <para type="description">ConfigRules: the date whose Supported runtimes form the allowed runtime list. Defaults to today (UTC).</para>
    /// </summary>
    [Parameter]
    public DateTime AsOf { get; set; }

    /// <summary>
    /// <para type="description">A file to write the document to. Existing files are overwritten (after -Confirm/-WhatIf).</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? Path { get; set; }

    protected override void EndProcessing()
    {
        var guardrail = Kind == "Scp" ? BuildScp() : BuildConfigRules();
        string? written = null;
        if (Path is not null)
        {
            var target = GetUnresolvedProviderPathFromPSPath(Path);
            if (!ShouldProcess(target, $"Write the {Kind} guardrail"))
            {
                return;
            }

            File.WriteAllText(target, guardrail.Content, new UTF8Encoding(false));
            written = target;
        }

        WriteObject(new LambdaSecGuardrail
        {
            Kind = guardrail.Kind,
            Content = guardrail.Content,
            Size = guardrail.Size,
            SizeLimit = guardrail.SizeLimit,
            Explanation = guardrail.Explanation,
            Path = written,
        });
    }

    private LambdaSecGuardrail BuildScp()
    {
        var content = LambdaScpBuilder.Build(ExemptPrincipalArn, AllowedAccountId);
        // Our own parser must read every statement, so a document we emit is one IAM reads.
        var problems = PolicyParser.Parse(content).Statements.Where(s => s.ShapeError is not null).Select(s => s.ShapeError).ToList();
        if (problems.Count > 0)
        {
            throw new InvalidOperationException($"The generated SCP does not parse: {string.Join(" ", problems)}");
        }

        var size = ScpSize.Minify(content).Length;
        if (size > ScpSize.Limit)
        {
            ThrowTerminatingError(new ErrorRecord(
                new ArgumentException($"The SCP would be {size} characters without whitespace, over the {ScpSize.Limit}-character SCP limit. Pass fewer -ExemptPrincipalArn/-AllowedAccountId values (a wildcard role path such as arn:aws:iam::*:role/breakglass/* covers many roles), or split the accounts across two SCPs."),
                ErrorIds.GuardrailTooLarge,
                ErrorCategory.InvalidArgument,
                size));
        }

        var exempt = ExemptPrincipalArn.Length == 0 ? "No principal is exempt." : $"Exempt (aws:PrincipalArn): {string.Join(", ", ExemptPrincipalArn)}.";
        var accounts = AllowedAccountId.Length == 0
            ? "Grants to named accounts are not restricted; pass -AllowedAccountId with your organization's accounts to deny others."
            : $"AddPermission may name only these accounts (or service principals): {string.Join(", ", AllowedAccountId)}.";
        return new LambdaSecGuardrail
        {
            Kind = "Scp",
            Content = content,
            Size = size,
            SizeLimit = ScpSize.Limit,
            Explanation = $"Denies lambda:AddPermission with Principal \"*\" (also when PrincipalOrgID is set: lambda:Principal carries no organization) and creating or updating a function URL unless AuthType is AWS_IAM. {accounts} {exempt} Service grants without SourceArn/SourceAccount, policies that are already public, runtimes and WAF need the ConfigRules pack. SCPs do not apply to the management account. Size {size} of {ScpSize.Limit} characters (without whitespace).",
        };
    }

    private LambdaSecGuardrail BuildConfigRules()
    {
        var asOf = MyInvocation.BoundParameters.ContainsKey(nameof(AsOf)) ? AsOf : DateTime.UtcNow;
        var content = ConformancePackBuilder.Build(RuntimeCatalogLoader.Load(this, null), asOf, RuntimeStatusEvaluator.DefaultWarningDays);
        return new LambdaSecGuardrail
        {
            Kind = "ConfigRules",
            Content = content,
            Size = content.Length,
            Explanation = "AWS Config conformance pack (AWS managed rules) for what an SCP cannot express: LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED (a policy that is already public), LAMBDA_FUNCTION_SETTINGS_CHECK (runtime not in the Supported list; regenerate as AWS deprecates runtimes), API_GW_ASSOCIATED_WITH_WAF, ALB_WAF_ENABLED and LAMBDA_CONCURRENCY_CHECK (no reserved concurrency: denial of wallet). Deploy with put-conformance-pack or as an organization conformance pack; AWS Config recording must be on.",
        };
    }
}
