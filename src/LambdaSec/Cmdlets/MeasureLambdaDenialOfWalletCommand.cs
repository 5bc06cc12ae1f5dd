using System;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Cost;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Collect;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Estimates the worst-case bill an attacker can run up by invoking Lambda functions as fast as the limits allow (denial of wallet), and what caps it.</para>
/// <para type="description">Measure-LambdaDenialOfWallet prices two attacks per function and reports the dearer one (Scenario). FullTimeout: the attacker keeps every available concurrent slot busy with invocations that run until the timeout, so invocations/s = C / T and compute = C × (MemorySize / 1024) GB × 3600 s per hour. RequestRate: invocations billed at the 1 ms minimum at Lambda's request-rate quota of 10 × C per second. C is the reserved concurrency when set (0: the function cannot be invoked, cost 0), else the account's unreserved concurrency (-UnreservedConcurrency, else -AccountConcurrency, default 1000).</para>
/// <para type="description">Cost per period = compute GB-seconds × the duration price of the architecture and region + invocations × the Lambda request price ($0.20 per million) + the entry point's own charge: API Gateway REST API $3.50 per million requests, HTTP API $1.00 per million (tiered beyond), ALB one LCU ($0.008 per hour) per 25 new connections per second, every request counted as a new connection; function URLs and direct invocation add nothing. Each period starts from an empty month: the dearest price tier first, no free tier. When an entry point lets fewer requests through than the attack needs, its limit caps the rate (and in FullTimeout the busy concurrency, rate × T): API Gateway's account throttle (10,000 requests/s) or a lower stage, method or usage plan rate (-ThrottleRateLimit), and a WAF rate-based rule that counts all requests together (-WafRateLimit, per 5 minutes; REST APIs and ALBs only). A per-IP WAF rule does not bound a distributed attack and is not counted. With several entry points the dearest is reported (EntryPoint). BindingLimit and CappedBy say what bounds the worst case.</para>
/// <para type="description">With -BudgetPerDay, RecommendedReservedConcurrency is the largest reserved concurrency (up to the account limit less the 100 Lambda keeps unreserved) whose worst case stays within the budget: set it with Put-LMFunctionConcurrency. Prices come from the module's Data/prices.json (with their sources and date: on-demand us-east-1 prices, the regions whose Lambda duration price differs listed separately); -PriceFile uses another file of that format.</para>
/// <para type="description">By default the functions (named, piped by FunctionName/FunctionArn, or all functions of each -Region) are looked up in AWS: memory, timeout and architecture (GetFunctionConfiguration), reserved concurrency (GetFunctionConcurrency), the account's concurrency (GetAccountSettings) and the entry points Get-LambdaExposure finds (API Gateway routes, load balancers, a publicly reachable function URL, and direct invocation when the resource policy admits another account or anyone; a function no outsider can reach is priced as Direct). The web ACL of each entry point is read and its most restrictive rate-based rule that counts all requests together caps the attack; stage throttles and usage plans are not read: give the lowest with -ThrottleRateLimit (-WafRateLimit adds a rule LambdaSec cannot read, for entry points with a web ACL). With -Offline no AWS call is made: the values come from the parameters or the piped objects (MemorySize, Timeout, Architectures and ReservedConcurrentExecutions bind by property name), with -UnreservedConcurrency, -AccountConcurrency and -EntryPoint.</para>
/// </summary>
/// <example>
/// <code>Measure-LambdaDenialOfWallet -Region us-east-1 -BudgetPerDay 100 | Sort-Object CostPerDay -Descending</code>
/// <para>Prices every function of us-east-1 from what AWS says about it (concurrency, entry points) and recommends, per function, the reserved concurrency that keeps its worst case under $100 a day.</para>
/// </example>
/// <example>
/// <code>Measure-LambdaDenialOfWallet -Offline -FunctionName api -MemorySize 1024 -Timeout 30</code>
/// <para>A 1 GB x86 function with 30 s timeout and no reserved concurrency, in an account with 1000 unreserved concurrency: 1000 slots × 1 GB × 3600 s × $0.0000166667 + 120,000 requests × $0.20/M = $60.02 per hour, $1440.58 per day, capped by the unreserved account concurrency.</para>
/// </example>
/// <example>
/// <code>Measure-LambdaDenialOfWallet -Offline -FunctionName api -MemorySize 1024 -Timeout 30 -EntryPoint RestApi -ThrottleRateLimit 100 -BudgetPerDay 50</code>
/// <para>The same function behind a REST API stage throttled at 100 requests/s: the throttle caps the attack, and RecommendedReservedConcurrency says how much concurrency keeps the worst case under $50 a day.</para>
/// </example>
/// <example>
/// <code>Get-LMFunctionList | Measure-LambdaDenialOfWallet -Offline -UnreservedConcurrency 900 | Sort-Object CostPerDay -Descending | Select-Object -First 10</code>
/// <para>Prices, without further AWS calls, every function that AWS.Tools lists (FunctionName, FunctionArn, MemorySize, Timeout and Architectures bind by property name) and shows the ten dearest worst cases.</para>
/// </example>
/// <example>
/// <code>Measure-LambdaDenialOfWallet -Offline -FunctionName arn:aws:lambda:af-south-1:111111111111:function:f -MemorySize 512 -Timeout 900 -Architectures arm64 -ReservedConcurrentExecutions 10 -PriceFile ./prices.json</code>
/// <para>Prices an arm64 function with reserved concurrency 10 in Cape Town (the region comes from the ARN) with a price file of your own.</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Measure, "LambdaDenialOfWallet", DefaultParameterSetName = LookupSet)]
[OutputType(typeof(LambdaDenialOfWallet))]
public sealed class MeasureLambdaDenialOfWalletCommand : LambdaSecAwsCmdlet, IDisposable
{
    private const string LookupSet = "Lookup";
    private const string OfflineSet = "Offline";

    private readonly List<FunctionRef> _functions = [];
    private readonly CancellationTokenSource _cancel = new();
    private LambdaPriceList _prices = LambdaPriceList.Default;

    /// <summary>
    /// <para type="description">The function's name or ARN. Binds by property name (FunctionName or FunctionArn); an ARN also gives the Region and AccountId. When looking functions up, leave it out to price every function of the regions.</para>
    /// </summary>
    [Parameter(Position = 0, ValueFromPipelineByPropertyName = true)]
    [Alias("FunctionArn")]
    public string? FunctionName { get; set; }

    /// <summary>
    /// <para type="description">Makes no AWS call: the function's values come from the parameters (-MemorySize, -Timeout, -Architectures, -ReservedConcurrentExecutions, -UnreservedConcurrency, -AccountConcurrency, -EntryPoint) or the piped objects.</para>
    /// </summary>
    [Parameter(Mandatory = true, ParameterSetName = OfflineSet)]
    public SwitchParameter Offline { get; set; }

    /// <summary>
    /// <para type="description">The function's memory in MB (128 to 10240). Defaults to Lambda's default, 128.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [ValidateRange(128, 10240)]
    public int MemorySize { get; set; } = 128;

    /// <summary>
    /// <para type="description">The function's timeout in seconds (1 to 900): how long each invocation an attacker starts can bill. Defaults to Lambda's default, 3.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [ValidateRange(1, 900)]
    public int Timeout { get; set; } = 3;

    /// <summary>
    /// <para type="description">The instruction set: x86_64 (the default) or arm64. Binds the Architectures property of a function configuration.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [Alias("Architecture")]
    [ValidateSet(LambdaPriceList.X86, LambdaPriceList.Arm64, IgnoreCase = true)]
    public string[]? Architectures { get; set; }

    /// <summary>
    /// <para type="description">The function's reserved concurrency, when it has one; 0 means it cannot be invoked. Without it the function draws on the account's unreserved concurrency.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [Alias("ReservedConcurrency")]
    [ValidateRange(0, int.MaxValue)]
    public int? ReservedConcurrentExecutions { get; set; }

    /// <summary>
    /// <para type="description">The regions whose functions are looked up (default: the region of the shell, environment or profile). Offline, the function's region, for its prices and the output (default: the region in the function ARN; without either, the default us-east-1 prices apply).</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string[]? Region { get; set; }

    /// <summary>
    /// <para type="description">The function's 12-digit account, carried into the output. Defaults to the account in the function ARN.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = OfflineSet)]
    [ValidateAccountId]
    public string? AccountId { get; set; }

    /// <summary>
    /// <para type="description">The account's unreserved concurrency in the region (GetAccountSettings' UnreservedConcurrentExecutions), used by functions without reserved concurrency. Defaults to -AccountConcurrency.</para>
    /// </summary>
    [Parameter(ParameterSetName = OfflineSet)]
    [ValidateRange(0, int.MaxValue)]
    public int? UnreservedConcurrency { get; set; }

    /// <summary>
    /// <para type="description">The account's concurrency limit in the region (GetAccountSettings' ConcurrentExecutions). Defaults to 1000, Lambda's default quota.</para>
    /// </summary>
    [Parameter(ParameterSetName = OfflineSet)]
    [ValidateRange(1, int.MaxValue)]
    public int AccountConcurrency { get; set; } = 1000;

    /// <summary>
    /// <para type="description">How an attacker reaches the functions: Direct (the Lambda Invoke API), FunctionUrl, RestApi, HttpApi or Alb; several are priced and the dearest reported. Defaults to Direct.</para>
    /// </summary>
    [Parameter(ParameterSetName = OfflineSet)]
    public FrontDoorKind[]? EntryPoint { get; set; }

    /// <summary>
    /// <para type="description">The lowest API Gateway throttle on the route, in requests per second: the stage or method throttling rate or the usage plan rate. Applies to RestApi and HttpApi entry points; without it API Gateway's account throttle of 10,000 requests/s applies.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(0.0, double.MaxValue)]
    public double? ThrottleRateLimit { get; set; }

    /// <summary>
    /// <para type="description">The limit of a WAF rate-based rule that counts all requests together (aggregate key CONSTANT), in requests per 5 minutes. Applies to RestApi and Alb entry points; a per-IP rule does not bound a distributed attack, so leave it out.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(1L, long.MaxValue)]
    public long? WafRateLimit { get; set; }

    /// <summary>
    /// <para type="description">The most the worst case may cost per day; gives RecommendedReservedConcurrency, the largest reserved concurrency that stays within it.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(0.0, double.MaxValue)]
    public decimal? BudgetPerDay { get; set; }

    /// <summary>
    /// <para type="description">A price list JSON file to use instead of the embedded one (format: the module's Data/prices.json), for other prices, currencies or newer AWS prices.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? PriceFile { get; set; }

    protected override void BeginProcessing()
    {
        _prices = PriceListLoader.Load(this, PriceFile);
        WriteVerbose($"Prices: {_prices.Origin}, compiled {_prices.Compiled:yyyy-MM-dd}, in {_prices.Currency}.");
        if (ParameterSetName == LookupSet)
        {
            return;
        }

        var doors = EntryPoint ?? [];
        if (ThrottleRateLimit is not null && !doors.Any(d => d is FrontDoorKind.RestApi or FrontDoorKind.HttpApi))
        {
            WriteWarning("-ThrottleRateLimit applies to API Gateway only; add -EntryPoint RestApi or HttpApi, or it is not counted.");
        }

        if (WafRateLimit is not null && !doors.Any(d => d is FrontDoorKind.RestApi or FrontDoorKind.Alb))
        {
            WriteWarning("-WafRateLimit applies to REST APIs and ALBs only (HTTP APIs and function URLs cannot have a WAF); add -EntryPoint RestApi or Alb, or it is not counted.");
        }
    }

    protected override void ProcessRecord()
    {
        if (ParameterSetName == LookupSet)
        {
            // Looked up once, for all functions, at the end: entry points are read per region, not per function.
            if (!string.IsNullOrEmpty(FunctionName))
            {
                _functions.Add(new FunctionRef(FunctionName!));
            }

            return;
        }

        var arn = LambdaFunctionArn.TryParse(FunctionName);
        var input = new DenialOfWalletInput
        {
            FunctionName = arn?.FunctionName ?? FunctionName,
            FunctionArn = arn?.Arn,
            Region = Region?.FirstOrDefault() ?? arn?.Region,
            AccountId = AccountId ?? arn?.AccountId,
            MemorySize = MemorySize,
            Architecture = Architectures is { Length: > 0 } a ? a[0].ToLowerInvariant() : LambdaPriceList.X86,
            Timeout = Timeout,
            ReservedConcurrency = ReservedConcurrentExecutions,
            UnreservedConcurrency = UnreservedConcurrency ?? AccountConcurrency,
            AccountConcurrency = AccountConcurrency,
            FrontDoors = FrontDoors(),
            BudgetPerDay = BudgetPerDay,
        };
        WriteObject(DenialOfWalletModel.Estimate(input, _prices));
    }

    protected override void EndProcessing()
    {
        if (ParameterSetName != LookupSet)
        {
            return;
        }

        var connection = ResolveConnection(Region?.FirstOrDefault(), FunctionPlan.FirstRegion(_functions));
        var session = connection.CreateSession();
        var requested = Region is { Length: > 0 } ? Region : [connection.Region];
        var regions = requested.Union(_functions.Select(f => LambdaFunctionArn.TryParse(f.NameOrArn)?.Region).OfType<string>()).ToList();
        using var bridge = new PipelineBridge();
        RunCollectors(bridge, async token =>
        {
            session.AccountId = (await new StsApi(session).GetCallerIdentityAsync(token).ConfigureAwait(false)).Account;
            await Task.WhenAll(regions.Select(region => CollectRegionAsync(session.ForRegion(region), FunctionsOf(region, requested.Contains(region)), bridge, token))).ConfigureAwait(false);
        }, _cancel.Token);
    }

    protected override void StopProcessing() => _cancel.Cancel();

    public void Dispose() => _cancel.Dispose();

    /// <summary>Functions named by ARN belong to the ARN's region; plain names are looked up in each region asked for; none means all functions.</summary>
    private List<FunctionRef>? FunctionsOf(string region, bool requested) =>
        _functions.Count == 0
            ? null
            : _functions.Where(f => LambdaFunctionArn.TryParse(f.NameOrArn) is { } arn ? arn.Region == region : requested).ToList();

    private async Task CollectRegionAsync(AwsSession session, List<FunctionRef>? functions, PipelineBridge bridge, CancellationToken token)
    {
        if (functions is { Count: 0 })
        {
            return;
        }

        try
        {
            await new DenialOfWalletCollector(session, bridge)
            {
                Prices = _prices,
                ThrottleRateLimit = ThrottleRateLimit,
                WafRateLimit = WafRateLimit,
                BudgetPerDay = BudgetPerDay,
            }.CollectAsync(functions, token).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            bridge.Error(session.Region, ex);
        }
    }

    private List<FrontDoor> FrontDoors() =>
        (EntryPoint ?? []).Distinct().Select(kind => new FrontDoor
        {
            Kind = kind,
            ThrottleRateLimit = ThrottleRateLimit,
            ThrottleSource = "throttle (-ThrottleRateLimit)",
            WafRateLimit = WafRateLimit,
        }).ToList();
}
