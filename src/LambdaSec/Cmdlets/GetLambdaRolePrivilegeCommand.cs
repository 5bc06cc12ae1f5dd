using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using LambdaSec.Aws;
using LambdaSec.Collect;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Reports, per Lambda function, what its execution role may do: admin, whole-service wildcards, privilege-escalation methods, risk categories, trust issues, and optionally the services it never uses.</para>
/// <para type="description">Get-LambdaRolePrivilege reads the functions of one or more regions (or the functions piped in), and analyses each function's execution role the way Test-LambdaRolePolicy does: inline and attached managed policies (default versions) under the permissions boundary, with IsAdmin, ServiceWildcards, PrivilegeEscalation (each method with the policy and statement that allow it), RiskCategories, TrustIssues (principals other than lambda.amazonaws.com that may assume the role) and Severity. SharedWith lists the other functions of the regions read that run with the same role, since a finding on the role applies to all of them.</para>
/// <para type="description">Roles are read once per account with IAM GetAccountAuthorizationDetails (paged; roles, customer managed policies and the AWS managed policies in use) and each role is analysed once, however many functions use it. With -IncludeLastAccessed, IAM's service-last-accessed report of each role is generated and polled with backoff until complete (at most two minutes per role), and UnusedServices lists the services the role is granted but has not used within -LastAccessedDays. A function whose role is not in the listing (deleted role) gives the non-terminating error LambdaSec.ResourceNotFound and the other functions still come out; a policy document that cannot be read gives LambdaSec.PolicyParseError and is left out of its role's analysis (listed in Privileges.UnreadablePolicies). Needs lambda:ListFunctions, lambda:GetFunctionConfiguration, iam:GetAccountAuthorizationDetails and, for -IncludeLastAccessed, iam:GenerateServiceLastAccessedDetails and iam:GetServiceLastAccessedDetails.</para>
/// </summary>
/// <example>
/// <code>Get-LambdaRolePrivilege -Region us-east-1 | Where-Object Severity -eq 'Critical' | Format-List FunctionName, RoleName, Summary, SharedWith</code>
/// <para>Lists the functions of us-east-1 whose role is admin or allows privilege escalation, and which other functions share that role.</para>
/// </example>
/// <example>
/// <code>Get-LMFunctionList -Region eu-west-1 | Get-LambdaRolePrivilege -Region eu-west-1 -IncludeLastAccessed -LastAccessedDays 180 | Select-Object FunctionName, RoleName, UnusedServices</code>
/// <para>Takes the functions listed by AWS.Tools (FunctionArn binds) and shows the services each role is granted but has not used in 180 days: candidates to remove from its policies.</para>
/// </example>
/// <example>
/// <code>(Get-LambdaRolePrivilege -FunctionName orders-api).PrivilegeEscalation | Select-Object -ExpandProperty Evidence</code>
/// <para>Shows, for each escalation method of the function's role, the policy and statement that allow each of its actions.</para>
/// </example>
/// <example>
/// <code>Get-LambdaRolePrivilege -ProfileName dev -Region us-east-1 -OrganizationCredential org-management | Select-Object FunctionName, @{ n = 'TakeoverBy'; e = { $_.TakeoverBy.PrincipalName } }</code>
/// <para>Reads the organization's service control policies with the management account's profile and lists, per function of the dev account, only the principals those SCPs still let change it.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "LambdaRolePrivilege", DefaultParameterSetName = Regions)]
[OutputType(typeof(LambdaRolePrivilege))]
public sealed class GetLambdaRolePrivilegeCommand : LambdaSecAwsCmdlet, IDisposable
{
    private const string Regions = nameof(Regions);
    private const string AllRegionsSet = nameof(AllRegions);

    private readonly List<FunctionRef> _functions = [];
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>
    /// <para type="description">Function names (or ARNs) to check. Binds by property name, so AWS.Tools FunctionConfiguration objects pipe in. Without it, every function of the regions is checked.</para>
    /// </summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[]? FunctionName { get; set; }

    /// <summary>
    /// <para type="description">Function ARNs to check; the region comes from the ARN. Binds by property name and wins over FunctionName when an object carries both.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? FunctionArn { get; set; }

    /// <summary>
    /// <para type="description">The regions to check (default: the region of the shell, environment or profile). IAM is global: roles are read once whatever the number of regions.</para>
    /// </summary>
    [Parameter(ParameterSetName = Regions)]
    public string[]? Region { get; set; }

    /// <summary>
    /// <para type="description">Check every region of the partition; regions not enabled for the account are skipped.</para>
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = AllRegionsSet)]
    public SwitchParameter AllRegions { get; set; }

    /// <summary>
    /// <para type="description">Also read IAM's service-last-accessed report of each role and list, in UnusedServices, the services it is granted but has not used within -LastAccessedDays. One report per role; IAM builds it in seconds.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter IncludeLastAccessed { get; set; }

    /// <summary>
    /// <para type="description">With -IncludeLastAccessed: a service last used more than this many days ago counts as unused. Defaults to 90; IAM keeps 400 days of data.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1, 400)]
    public int LastAccessedDays { get; set; } = 90;

    /// <summary>
    /// <para type="description">Credentials of the organization's management account or of a delegated administrator for AWS Organizations: an AWSCredentials object (Get-AWSCredential), a PSCredential of access key id and secret access key, or the name of an AWS profile. With them the organization's service control policies are read (the calls of Test-LambdaSecGuardrail, once per run) and applied to TakeoverBy as an organization audit applies them to LS-ROLE-005: a principal whose takeover actions the SCPs on its account's path deny is not listed, and each entry's Basis names the SCP path. Without it SCPs are not read (a member account cannot read its own) and Basis says so. When they cannot be read, the error LambdaSec.OrganizationsAccessDenied (or LambdaSec.OrganizationsNotInUse) is written and the functions are still judged, without SCPs.</para>
    /// </summary>
    [Parameter]
    public object? OrganizationCredential { get; set; }

    protected override void ProcessRecord()
    {
        // Arn wins over the plain name when an object carries both (AWS.Tools FunctionConfiguration), since it names the region.
        _functions.AddRange((FunctionArn ?? FunctionName)?.Select(n => new FunctionRef(n)) ?? []);
    }

    protected override void EndProcessing()
    {
        var connection = ResolveConnection(Region?.FirstOrDefault(), FunctionPlan.FirstRegion(_functions));
        var session = connection.CreateSession();
        var organization = OrganizationCredential is null ? null : ResolveConnection(connection.Region, OrganizationCredential, nameof(OrganizationCredential)).CreateSession();
        var regions = AwsRegions.Select(AllRegions, Region, connection.Region);
        using var bridge = new PipelineBridge();
        var collector = new RolePrivilegeCollector(bridge) { IncludeLastAccessed = IncludeLastAccessed, LastAccessedDays = LastAccessedDays };
        RunCollectors(bridge, async token =>
        {
            await RegionFanOut.RunAsync(session, regions, _functions, AllRegions, bridge, (regional, functions) => collector.AddRegionAsync(regional, functions, token), token).ConfigureAwait(false);
            if (organization is not null)
            {
                collector.Scps = await OrganizationScpCollector.TryReadAsync(organization, bridge, "Get-LambdaRolePrivilege", collector.Accounts, ex => bridge.Error(nameof(OrganizationCredential), ScpsNotRead(ex)), token).ConfigureAwait(false);
            }

            await collector.AnalyzeAsync(token).ConfigureAwait(false);
        }, _cancel.Token);
    }

    protected override void StopProcessing() => _cancel.Cancel();

    /// <summary>Why -OrganizationCredential did not give the SCPs, and that TakeoverBy is judged without them.</summary>
    private static AwsServiceException ScpsNotRead(AwsServiceException ex)
    {
        var notInUse = ex.ErrorCode == "AWSOrganizationsNotInUseException";
        var what = notInUse
            ? "The account of -OrganizationCredential is not in an AWS organization, so there are no service control policies to apply"
            : "-OrganizationCredential may not read the organization's service control policies; only the management account or a delegated administrator for AWS Organizations can, with organizations:DescribeOrganization, ListRoots, ListOrganizationalUnitsForParent, ListAccountsForParent, ListPolicies, DescribePolicy and ListTargetsForPolicy (AWSOrganizationsReadOnlyAccess)";
        return new AwsServiceException(
            $"{what} ({ex.ErrorCode ?? ex.ErrorId}: {ex.Message}). TakeoverBy is judged without service control policies (its Basis says so).",
            notInUse ? ErrorIds.OrganizationsNotInUse : ErrorIds.OrganizationsAccessDenied,
            ex.Operation,
            ex.ErrorCode,
            ex.StatusCode,
            ex.RequestId,
            ex);
    }

    public void Dispose() => _cancel.Dispose();
}
