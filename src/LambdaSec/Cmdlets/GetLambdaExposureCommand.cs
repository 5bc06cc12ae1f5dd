using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws;
using LambdaSec.Collect;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Finds every way each Lambda function can be invoked: its resource policy, function URL, API Gateway and load balancer entry points, and VPC placement.</para>
/// <para type="description">Get-LambdaExposure reads the functions of one or more regions (or the functions piped in) and emits one object per function, and per alias or version that has a resource policy of its own. Exposure is the most severe level among the policy's Allow statements (Public, Unknown, ServiceUnrestricted, CrossAccount, Organization, ServiceRestricted, Account, None; see about_LambdaSec_Exposure). FunctionUrl says whether the URL is reachable by anyone (AuthType NONE and a public grant) and whether it relies on lambda:InvokeFunctionUrl alone, the model AWS replaced in October 2025. EntryPoints lists the API Gateway REST and HTTP API routes and the Application Load Balancer listeners that invoke the function, with their authorization and WAF.</para>
/// <para type="description">Collection is efficient: one ListFunctions pass per region, then per function ListAliases, GetPolicy (plus GetPolicy per alias) and ListFunctionUrlConfigs (with -VerdictOnly only where a policy admits someone outside the account), while API Gateway, ELBv2 and WAFv2 are read once per region and joined in memory. Regions run concurrently under the access layer's rate limits. A function that fails (AccessDenied, deleted during the run) gives a non-terminating error and the others still come out; a part that cannot be read (for example a server without function URLs) is listed in Unknowns.</para>
/// </summary>
/// <example>
/// <code>Get-LambdaExposure -Region us-east-1 -ExposureAtLeast CrossAccount</code>
/// <para>Lists the functions of us-east-1 that another account, a service on behalf of any account, or anyone can invoke.</para>
/// </example>
/// <example>
/// <code>Get-LMFunctionList -Region eu-west-1 | Get-LambdaExposure -Region eu-west-1 | Where-Object { $_.FunctionUrl.IsPubliclyReachable }</code>
/// <para>Takes the functions listed by AWS.Tools (their FunctionName and FunctionArn bind) and keeps those with a function URL anyone can call.</para>
/// </example>
/// <example>
/// <code>Get-LambdaExposure -AllRegions -VerdictOnly -ExposureAtLeast Organization</code>
/// <para>Lists the functions of every region that someone outside the account can invoke, with about one call less per function: URLs are read only where the policy lets outsiders in.</para>
/// </example>
/// <example>
/// <code>Get-LambdaExposure -Region us-east-1 -TrustedAccountId 222222222222 -ExposureAtLeast CrossAccount</code>
/// <para>Grants to the vendor account 222222222222 count like the organization, so only functions open to other accounts (or worse) are listed; the vendor's grants stay visible in TrustedAccounts.</para>
/// </example>
/// <example>
/// <code>Get-LambdaExposure -AllRegions -Summary</code>
/// <para>Counts the functions of every region of the partition by exposure level.</para>
/// </example>
/// <example>
/// <code>Get-LambdaExposure -FunctionName orders -Region us-east-1 | Select-Object -ExpandProperty Statements | Remove-LMPermission -WhatIf</code>
/// <para>Each statement carries FunctionName, StatementId and Qualifier, so it pipes into AWS.Tools' Remove-LMPermission.</para>
/// </example>
[Cmdlet(VerbsCommon.Get, "LambdaExposure", DefaultParameterSetName = Regions)]
[OutputType(typeof(LambdaExposure), typeof(LambdaExposureSummary))]
public sealed class GetLambdaExposureCommand : LambdaSecAwsCmdlet, IDisposable
{
    private const string Regions = nameof(Regions);
    private const string AllRegionsSet = nameof(AllRegions);

    private readonly List<FunctionRef> _functions = [];
    private readonly Dictionary<(string?, string?, ExposureLevel), int> _counts = [];
    private readonly CancellationTokenSource _cancel = new();

    /// <summary>
    /// <para type="description">Function names (or ARNs) to check. Binds by property name, so AWS.Tools FunctionConfiguration objects pipe in. Without it, every function of the regions is checked.</para>
    /// </summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    public string[]? FunctionName { get; set; }

    /// <summary>
    /// <para type="description">Function ARNs to check; the region and account come from the ARN. Binds by property name.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? FunctionArn { get; set; }

    /// <summary>
    /// <para type="description">Check only this alias or version of the functions given.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Qualifier { get; set; }

    /// <summary>
    /// <para type="description">The regions to check (default: the region of the shell, environment or profile).</para>
    /// </summary>
    [Parameter(ParameterSetName = Regions)]
    public string[]? Region { get; set; }

    /// <summary>
    /// <para type="description">Check every region of the partition; regions not enabled for the account are skipped.</para>
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = AllRegionsSet)]
    public SwitchParameter AllRegions { get; set; }

    /// <summary>
    /// <para type="description">Emit only functions at least this exposed (Public is the most severe, then Unknown, ServiceUnrestricted, CrossAccount, Organization, ServiceRestricted, Account, None).</para>
    /// </summary>
    [Parameter]
    public ExposureLevel ExposureAtLeast { get; set; } = ExposureLevel.None;

    /// <summary>
    /// <para type="description">Emit counts per account, region and level instead of one object per function.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter Summary { get; set; }

    /// <summary>
    /// <para type="description">Also read the policy of every published version (one more call per version); aliases are always read.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter IncludeVersions { get; set; }

    /// <summary>
    /// <para type="description">Read only what can change a verdict, as Invoke-LambdaSecAudit does: function URL configs only for functions whose own or aliases' policy admits someone outside the account (Organization or more severe, or Unknown) to lambda:InvokeFunction or lambda:InvokeFunctionUrl. Saves about one call per function; the other functions come out with FunctionUrl empty even when they have a URL, since only the account's own principals can call it. Without it every function's URL is read and reported.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter VerdictOnly { get; set; }

    /// <summary>
    /// <para type="description">Accounts you trust (a vendor, a partner, your own accounts outside the organization). A grant whose accounts, as principals or as the pinned source or caller account, are all the owner or trusted accounts counts like the owner's organization (Exposure Organization, not CrossAccount); the trusted ids are listed in TrustedAccounts of the function and of each statement, never hidden.</para>
    /// </summary>
    [Parameter]
    [ValidateAccountId]
    public string[]? TrustedAccountId { get; set; }

    protected override void ProcessRecord()
    {
        // Arn wins over the plain name when an object carries both (AWS.Tools FunctionConfiguration), since it names region and account.
        var names = FunctionArn ?? FunctionName;
        _functions.AddRange(names?.Select(n => new FunctionRef(n, Qualifier)) ?? []);
    }

    protected override void EndProcessing()
    {
        var connection = ResolveConnection(Region?.FirstOrDefault(), FunctionPlan.FirstRegion(_functions));
        var session = connection.CreateSession();
        var regions = AwsRegions.Select(AllRegions, Region, connection.Region);
        using var bridge = new PipelineBridge();
        RunCollectors(bridge, token => RegionFanOut.RunAsync(session, regions, _functions, AllRegions, bridge, (regional, functions) => CollectRegionAsync(regional, functions, bridge, token), token), _cancel.Token);

        foreach (var count in _counts.OrderBy(c => c.Key.Item2, StringComparer.Ordinal).ThenByDescending(c => (int)c.Key.Item3))
        {
            WriteObject(new LambdaExposureSummary { AccountId = count.Key.Item1, Region = count.Key.Item2, Exposure = count.Key.Item3, Count = count.Value });
        }
    }

    protected override void StopProcessing() => _cancel.Cancel();

    public void Dispose() => _cancel.Dispose();

    internal override void WriteCollected(object item)
    {
        if (item is not LambdaExposure exposure || !exposure.Exposure.IsAtLeast(ExposureAtLeast))
        {
            return;
        }

        if (Summary)
        {
            var key = (exposure.AccountId, exposure.Region, exposure.Exposure);
            _counts[key] = _counts.TryGetValue(key, out var n) ? n + 1 : 1;
            return;
        }

        WriteObject(exposure);
    }

    private Task CollectRegionAsync(AwsSession session, IReadOnlyList<FunctionRef>? functions, PipelineBridge bridge, CancellationToken token) =>
        new ExposureCollector(session, bridge)
        {
            IncludeVersions = IncludeVersions,
            UrlsOnlyWhereReachable = VerdictOnly,
            TrustedAccounts = new HashSet<string>(TrustedAccountId ?? [], StringComparer.Ordinal),
        }.CollectAsync(functions, token);
}
