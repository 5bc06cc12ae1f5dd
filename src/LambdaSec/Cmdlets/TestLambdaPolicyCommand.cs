using System.Linq;
using System.Management.Automation;
using LambdaSec.Analysis.Exposure;
using LambdaSec.Analysis.Policy;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Classifies who can invoke a Lambda function from its resource policy, offline.</para>
/// <para type="description">Test-LambdaPolicy reads a Lambda resource policy (the JSON that GetPolicy returns) and decides, per statement and for the whole policy, who may invoke the function: Public, ServiceUnrestricted (a service principal with no account or organization pin: confused deputy), CrossAccount, Organization, ServiceRestricted, Account or None, or Unknown when a statement cannot be evaluated. Conditions that pin an account (aws:SourceAccount, aws:SourceArn with an account, aws:PrincipalAccount, aws:PrincipalArn) or an organization (aws:PrincipalOrgID, aws:PrincipalOrgPaths, aws:SourceOrgID, aws:SourceOrgPaths) lower the level; other conditions are listed but do not. The rules are in about_LambdaSec_Exposure. No AWS call is made.</para>
/// <para type="description">A policy that is not valid JSON or not a policy document gives level Unknown and a non-terminating error LambdaSec.PolicyParseError; the pipeline goes on.</para>
/// </summary>
/// <example>
/// <code>Test-LambdaPolicy -Policy '{"Version":"2012-10-17","Statement":[{"Sid":"open","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f"}]}'</code>
/// <para>Classifies a policy that lets anyone invoke the function: Exposure is Public. The owner account (111111111111) is read from the Resource ARN.</para>
/// </example>
/// <example>
/// <code>Get-LMPolicy -FunctionName my-function | Test-LambdaPolicy | Select-Object -ExpandProperty Statements | Format-Table Sid, Exposure, Reason</code>
/// <para>Pipes the policy that AWS.Tools reads (its Policy property binds) and lists each statement's level and the reason for it.</para>
/// </example>
/// <example>
/// <code>Test-LambdaPolicy -Policy (Get-Content ./policy.json -Raw) -OwnerAccountId 111111111111 -TrustedAccountId 222222222222 | Format-List Exposure, ExternalAccounts, TrustedAccounts</code>
/// <para>Judges grants to the vendor account 222222222222 like the organization's (Organization, listed in TrustedAccounts) while other accounts stay CrossAccount.</para>
/// </example>
/// <example>
/// <code>Get-ChildItem ./policies/*.json | ForEach-Object { Get-Content $_ -Raw } | Test-LambdaPolicy -OwnerAccountId 111111111111 | Where-Object Exposure -eq 'Public'</code>
/// <para>Classifies saved policies for the account 111111111111 and keeps the public ones.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "LambdaPolicy")]
[OutputType(typeof(PolicyExposureResult))]
public sealed class TestLambdaPolicyCommand : PSCmdlet
{
    /// <summary>
    /// <para type="description">The resource policy as JSON text. Binds from the pipeline, as a string or from a Policy property (the output of Get-LMPolicy).</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string Policy { get; set; } = string.Empty;

    /// <summary>
    /// <para type="description">The 12-digit account that owns the function. Defaults to the account in the policy's Resource ARN; accounts other than the owner are external.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateAccountId]
    public string? OwnerAccountId { get; set; }

    /// <summary>
    /// <para type="description">A name for the policy's function, carried into the output and into error messages.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? FunctionName { get; set; }

    /// <summary>
    /// <para type="description">Accounts you trust: a grant whose accounts (principals, or pinned source or caller accounts) are all the owner or trusted accounts is Organization instead of CrossAccount; they are listed in TrustedAccounts.</para>
    /// </summary>
    [Parameter]
    [ValidateAccountId]
    public string[]? TrustedAccountId { get; set; }

    protected override void ProcessRecord()
    {
        var result = PolicyExposureClassifier.Classify(Policy, OwnerAccountId, FunctionName, TrustedAccountId);
        var target = FunctionName ?? "policy";
        if (result.ParseError is { } parseError)
        {
            WriteError(new ErrorRecord(
                new PolicyParseException(DisplayText.Neutralise($"The resource policy of {target} cannot be read: {parseError} Its exposure is reported as Unknown; check the policy text (Get-LMPolicy shows it).")),
                ErrorIds.PolicyParseError,
                ErrorCategory.InvalidData,
                target));
        }

        foreach (var statement in result.Statements.Where(s => s.ParseError is not null))
        {
            WriteError(new ErrorRecord(
                new PolicyParseException(DisplayText.Neutralise($"Statement '{statement.Sid}' of {target} cannot be read: {statement.ParseError} It is reported as Unknown; fix the statement or remove it.")),
                ErrorIds.PolicyParseError,
                ErrorCategory.InvalidData,
                target));
        }

        if (result.OwnerAccountId is null && result.ExternalAccounts.Length > 0)
        {
            WriteWarning($"The owner account of {DisplayText.Neutralise(target)} is not known (no -OwnerAccountId and no Lambda function ARN in Resource), so every named account counts as external. Pass -OwnerAccountId to tell them apart.");
        }

        WriteObject(result);
    }
}
