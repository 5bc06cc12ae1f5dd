using System.Globalization;
using System.Management.Automation;
using LambdaSec.Analysis.Policy;
using LambdaSec.Analysis.Privileges;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Analyses an execution role's policies offline: admin, service wildcards, privilege-escalation methods, risk categories and trust issues.</para>
/// <para type="description">Test-LambdaRolePolicy reads the identity policies of an execution role (inline and managed, as JSON text), applies the permissions boundary and explicit Deny statements, and reports what the role may do: IsAdmin (Allow * on *, or the same through NotAction), ServiceWildcards (services all of whose actions are allowed, such as s3:*), PrivilegeEscalation (each published escalation method whose actions are all allowed on a resource that makes it usable, with the policy and statement that allow each action), RiskCategories (PrivilegeEscalation, ResourceExposure, DataExfiltration, CredentialsExposure, InfrastructureModification, as Cloudsplaining defines them) and, with -TrustPolicy, TrustIssues (principals other than lambda.amazonaws.com that may assume the role). Severity is Critical for an admin role or an unconditional escalation method; the other rules are in docs/decisions/role-privilege.md. Wildcards such as iam:Put* or *Policy* and NotAction are expanded against the IAM action catalog embedded in the module (every action of the AWS Service Authorization Reference). A grant under a Condition is reported as conditional and rated lower. No AWS call is made.</para>
/// <para type="description">A document that is not valid JSON or not a policy gives a non-terminating error LambdaSec.PolicyParseError naming it; the remaining documents are still analysed and the unreadable ones are listed in UnreadablePolicies.</para>
/// </summary>
/// <example>
/// <code>Test-LambdaRolePolicy -Policy '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction","lambda:InvokeFunction"],"Resource":"*"}]}' | Select-Object -ExpandProperty PrivilegeEscalation</code>
/// <para>Finds the PassRoleToNewLambdaThenInvoke escalation method: the role can create a function with a more privileged role and invoke it. Severity is Critical.</para>
/// </example>
/// <example>
/// <code>$inline = Get-Content ./role/inline.json -Raw; $managed = Get-Content ./role/managed.json -Raw
/// Test-LambdaRolePolicy -Policy $inline, $managed -PolicyName app-inline, AppManaged -PermissionsBoundary (Get-Content ./role/boundary.json -Raw) -TrustPolicy (Get-Content ./role/trust.json -Raw) -OwnerAccountId 111111111111</code>
/// <para>Analyses a role's two policies under its permissions boundary, naming them in the evidence, and checks who its trust policy lets assume it (accounts other than 111111111111 are cross-account).</para>
/// </example>
/// <example>
/// <code>(Test-LambdaRolePolicy -Policy '{"Statement":{"Effect":"Allow","NotAction":"iam:*","Resource":"*"}}').RiskCategories.CredentialsExposure</code>
/// <para>Lists the actions that return credentials (sts:AssumeRole, ecr:GetAuthorizationToken...) which a NotAction policy allows on every resource.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "LambdaRolePolicy")]
[OutputType(typeof(RolePrivilegeReport))]
public sealed class TestLambdaRolePolicyCommand : PSCmdlet
{
    /// <summary>
    /// <para type="description">The role's identity policies (inline and managed default versions) as JSON text, one document per element.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true)]
    [AllowEmptyString]
    public string[] Policy { get; set; } = [];

    /// <summary>
    /// <para type="description">Names for the documents of -Policy, in the same order, shown in the evidence and in error messages. Documents without a name are called Policy1, Policy2...</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[] PolicyName { get; set; } = [];

    /// <summary>
    /// <para type="description">The role's permissions boundary as JSON text. Only what both the policies and the boundary allow is effective; a boundary that cannot be read allows nothing.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? PermissionsBoundary { get; set; }

    /// <summary>
    /// <para type="description">The role's trust policy (AssumeRolePolicyDocument) as JSON text; principals other than lambda.amazonaws.com are reported as TrustIssues.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [Alias("AssumeRolePolicyDocument")]
    public string? TrustPolicy { get; set; }

    /// <summary>
    /// <para type="description">The 12-digit account that owns the role, so that trusted AWS principals of other accounts are reported as CrossAccount.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    [ValidateAccountId]
    public string? OwnerAccountId { get; set; }

    /// <summary>
    /// <para type="description">The role's name, carried into the output.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? RoleName { get; set; }

    protected override void ProcessRecord()
    {
        var role = new RolePolicySet();
        for (var i = 0; i < Policy.Length; i++)
        {
            var name = i < PolicyName.Length && !string.IsNullOrWhiteSpace(PolicyName[i])
                ? PolicyName[i]
                : "Policy" + (i + 1).ToString(CultureInfo.InvariantCulture);
            role.AddPolicy(name, Policy[i]);
        }

        if (PermissionsBoundary is not null)
        {
            role.SetBoundary("PermissionsBoundary", PermissionsBoundary);
        }

        if (TrustPolicy is not null)
        {
            role.SetTrustPolicy("TrustPolicy", TrustPolicy);
        }

        foreach (var problem in role.Problems)
        {
            var what = problem.Statement is null ? $"The document {problem.Document}" : $"Statement {problem.Statement} of {problem.Document}";
            var consequence = problem.Statement is null ? "It is left out and the other documents are analysed" : "The statement is left out";
            WriteError(new ErrorRecord(
                new PolicyParseException(DisplayText.Neutralise($"{what} cannot be read: {problem.Message} {consequence}; fix the JSON (aws iam get-role-policy or get-policy-version shows the text) and run again.")),
                ErrorIds.PolicyParseError,
                ErrorCategory.InvalidData,
                problem.Document));
        }

        WriteObject(RolePrivilegeAnalyzer.Default.Analyze(role, OwnerAccountId, RoleName));
    }
}
