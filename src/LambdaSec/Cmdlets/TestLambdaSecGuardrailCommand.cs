using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using LambdaSec.Analysis.Guardrails;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Collect;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Tells, per account of the organization, whether its service control policies prevent a public Lambda function.</para>
/// <para type="description">Test-LambdaSecGuardrail reads the organization's OU tree and service control policies (SCPs) with their targets, and for each account (one object per account, sorted by account id) evaluates the SCPs on its path from the root through its OUs to the account, as Organizations does: a request passes only when no SCP on the path denies it and every level has an SCP that allows it (FullAWSAccess or an allow-list). It asks, for an ordinary role of the account (or -RoleName): would lambda:AddPermission with Principal "*" be denied? one naming an account outside the organization? creating or updating a function URL with AuthType NONE? Each answer names the SCP statement and the root, OU or account that decides it; GapLeftBy names the OU (or root) that leaves a gap open and ClosingGuardrail the New-LambdaSecGuardrail command that closes it. SCPs never apply to the management account, which is reported as such.</para>
/// <para type="description">Run it with credentials of the management account or of a delegated administrator for AWS Organizations, with organizations:DescribeOrganization, ListRoots, ListOrganizationalUnitsForParent, ListAccountsForParent, ListPolicies, DescribePolicy and ListTargetsForPolicy (the AWS managed policy AWSOrganizationsReadOnlyAccess has them). Conditions the engine cannot evaluate never count as protection. With -AsFinding it emits LambdaSecFinding objects (rules LS-GUARD-001 to LS-GUARD-004) for Export-LambdaSecReport.</para>
/// </summary>
/// <example>
/// <code>Test-LambdaSecGuardrail -ProfileName org-management</code>
/// <para>Lists every account of the organization with whether a public AddPermission, a grant outside the organization and a NONE-auth function URL would be denied there.</para>
/// </example>
/// <example>
/// <code>Test-LambdaSecGuardrail -AccountId 111111111111 -RoleName BreakGlass | Format-List *Reason, Gaps</code>
/// <para>Asks as the BreakGlass role of account 111111111111, to check that the break-glass exemption of the guardrail works, and shows which SCP decides each answer.</para>
/// </example>
/// <example>
/// <code>Test-LambdaSecGuardrail -AsFinding | Export-LambdaSecReport -Format Html -Path guardrails.html</code>
/// <para>Writes the accounts where the organization does not prevent a public Lambda as a report.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "LambdaSecGuardrail")]
[OutputType(typeof(LambdaGuardrailCoverage), typeof(LambdaSecFinding))]
public sealed class TestLambdaSecGuardrailCommand : LambdaSecAwsCmdlet, IDisposable
{
    private readonly CancellationTokenSource _cancel = new();
    private readonly List<string> _accountIds = [];

    /// <summary>
    /// <para type="description">The accounts to answer for (12 digits; binds by property name, so AWS.Tools Get-ORGAccountList output pipes in by its Id alias). Without it, every account of the organization.</para>
    /// </summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("Id")]
    [ValidateAccountId]
    public string[]? AccountId { get; set; }

    /// <summary>
    /// <para type="description">Ask as this role of each account (a name with an optional path, e.g. BreakGlass or admin/BreakGlass) instead of an ordinary role, to see whether a guardrail's exemption lets it through.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? RoleName { get; set; }

    /// <summary>
    /// <para type="description">Emit one LambdaSecFinding per account and gap (LS-GUARD-001 public AddPermission, LS-GUARD-002 grants outside the organization, LS-GUARD-003 NONE-auth function URLs, LS-GUARD-004 the management account) instead of the coverage objects.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter AsFinding { get; set; }

    /// <summary>
    /// <para type="description">The region to sign in; Organizations is global, so any region of the organization's partition will do (default: the shell's, environment's or profile's region).</para>
    /// </summary>
    [Parameter]
    public string? Region { get; set; }

    protected override void ProcessRecord() => _accountIds.AddRange(AccountId ?? []);

    protected override void EndProcessing()
    {
        var session = ResolveConnection(Region).CreateSession();
        var accounts = (IReadOnlyList<OrganizationAccountScps>)[];
        var partition = "aws";
        using var bridge = new PipelineBridge();
        try
        {
            bridge.Run(this, async token =>
            {
                var identity = await new StsApi(session).GetCallerIdentityAsync(token).ConfigureAwait(false);
                session.AccountId = identity.Account;
                partition = identity.Arn.Split(':')[1];
                accounts = await new OrganizationScpCollector(session, bridge).CollectAsync(_accountIds.Count == 0 ? null : _accountIds.Distinct().ToList(), token).ConfigureAwait(false);
            }, _cancel.Token);
        }
        catch (AwsServiceException ex)
        {
            WriteOrganizationError(ex, session.AccountId);
            return;
        }

        foreach (var account in accounts)
        {
            var principal = RoleName is null ? null : $"arn:{partition}:iam::{account.AccountId}:role/{RoleName.Trim('/')}";
            var coverage = LambdaGuardrailProbe.Assess(account.AccountId, account.Path, principal, new GuardrailAccountContext(account.Name, account.IsManagementAccount));
            if (AsFinding)
            {
                WriteObject(GuardrailFindings.Of(coverage), enumerateCollection: true);
            }
            else
            {
                WriteObject(coverage);
            }
        }
    }

    protected override void StopProcessing() => _cancel.Cancel();

    public void Dispose() => _cancel.Dispose();

    /// <summary>The organization-wide calls failed, so no account can be answered: say which account and permission are needed.</summary>
    private void WriteOrganizationError(AwsServiceException exception, string? caller)
    {
        var who = caller is null ? "These credentials" : $"Account {caller}";
        const string Permissions = "organizations:DescribeOrganization, ListRoots, ListOrganizationalUnitsForParent, ListAccountsForParent, ListPolicies, DescribePolicy and ListTargetsForPolicy (AWS managed policy AWSOrganizationsReadOnlyAccess)";
        if (exception.ErrorCode == "AWSOrganizationsNotInUseException")
        {
            WriteError(new ErrorRecord(
                new InvalidOperationException($"{who} is not in an AWS organization, so there are no service control policies to test ({exception.Message}). Run Test-LambdaSecGuardrail with credentials of your organization's management account or of a delegated administrator for AWS Organizations; for an account outside any organization, nothing but IAM prevents a public Lambda.", exception),
                ErrorIds.OrganizationsNotInUse,
                ErrorCategory.InvalidOperation,
                caller));
        }
        else if (exception.ErrorId == ErrorIds.AccessDenied)
        {
            WriteError(new ErrorRecord(
                new UnauthorizedAccessException($"{who} may not read the organization's policies ({exception.Operation}: {exception.Message}). Only the management account or a delegated administrator for AWS Organizations can; use its credentials (e.g. -ProfileName of the management account) with {Permissions}.", exception),
                ErrorIds.OrganizationsAccessDenied,
                ErrorCategory.PermissionDenied,
                caller));
        }
        else
        {
            WriteAwsError(exception, caller);
        }
    }
}
