using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Cost;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Model;

namespace LambdaSec.Collect;

/// <summary>
/// Gathers what the denial-of-wallet model needs for the functions of one account and region: the account's
/// concurrency (GetAccountSettings), each function's memory, timeout, architecture (GetFunctionConfiguration) and
/// reserved concurrency (GetFunctionConcurrency), and its entry points (through <see cref="ExposureCollector"/>),
/// then prices each function. One <see cref="LambdaDenialOfWallet"/> per function goes to the sink.
/// </summary>
public sealed class DenialOfWalletCollector
{
    private readonly AwsSession _session;
    private readonly ICollectorSink _sink;
    private readonly LambdaApi _lambda;

    public DenialOfWalletCollector(AwsSession session, ICollectorSink sink)
    {
        _session = session;
        _sink = sink;
        _lambda = new LambdaApi(session);
    }

    public LambdaPriceList Prices { get; init; } = LambdaPriceList.Default;

    public double? ThrottleRateLimit { get; init; }

    public long? WafRateLimit { get; init; }

    public decimal? BudgetPerDay { get; init; }

    public async Task CollectAsync(IReadOnlyList<FunctionRef>? functions, CancellationToken cancellationToken)
    {
        var limits = (await _lambda.GetAccountSettingsAsync(cancellationToken).ConfigureAwait(false)).Get("AccountLimit");
        var accountConcurrency = limits?.GetInt("ConcurrentExecutions") ?? 1000;
        var unreserved = limits?.GetInt("UnreservedConcurrentExecutions") ?? accountConcurrency;

        var exposures = new CapturingSink<LambdaExposure>(_sink);
        await new ExposureCollector(_session, exposures) { UrlsOnlyWhereReachable = true }.CollectAsync(functions, cancellationToken).ConfigureAwait(false);
        var wafRules = await WafRulesAsync(exposures.Items.SelectMany(e => e.EntryPoints), cancellationToken).ConfigureAwait(false);
        foreach (var function in exposures.Items.GroupBy(e => e.FunctionName))
        {
            try
            {
                var configuration = _lambda.GetFunctionConfigurationAsync(function.Key, null, cancellationToken);
                var reserved = _lambda.GetFunctionConcurrencyAsync(function.Key, cancellationToken);
                await Task.WhenAll(configuration, reserved).ConfigureAwait(false);
                var input = new DenialOfWalletInput
                {
                    FunctionName = function.Key,
                    FunctionArn = configuration.Result.FunctionArn,
                    Region = _session.Region,
                    AccountId = _session.AccountId,
                    MemorySize = configuration.Result.MemorySize ?? 128,
                    Architecture = configuration.Result.Architectures.Count > 0 ? configuration.Result.Architectures[0] : LambdaPriceList.X86,
                    Timeout = configuration.Result.Timeout ?? 3,
                    ReservedConcurrency = reserved.Result,
                    UnreservedConcurrency = unreserved,
                    AccountConcurrency = accountConcurrency,
                    FrontDoors = FrontDoors.From(function, ThrottleRateLimit, WafRateLimit, wafRules),
                    BudgetPerDay = BudgetPerDay,
                };
                _sink.Result(DenialOfWalletModel.Estimate(input, Prices));
            }
            catch (AwsServiceException ex)
            {
                _sink.Error(function.Key, ex);
            }
        }
    }

    /// <summary>The capping rate rule of each web ACL in front of the functions, read once per web ACL through one resource it protects.</summary>
    private async Task<Dictionary<string, WafRateRule>> WafRulesAsync(IEnumerable<EntryPoint> entryPoints, CancellationToken cancellationToken)
    {
        var waf = new WafV2Api(_session);
        var rules = new Dictionary<string, WafRateRule>();
        foreach (var group in entryPoints.Where(e => e.WebAclArn is not null && e.ResourceArn is not null).GroupBy(e => e.WebAclArn!))
        {
            try
            {
                var acl = await waf.GetWebAclForResourceAsync(group.First().ResourceArn!, cancellationToken).ConfigureAwait(false);
                if (acl is not null && WafRateRule.MostRestrictive(acl.Json) is { } rule)
                {
                    rules[group.Key] = rule;
                }
            }
            catch (AwsServiceException ex)
            {
                // Without its rules the web ACL caps nothing: the worst case stays an upper bound.
                _sink.Note($"The rules of web ACL {group.Key} could not be read ({ex.ErrorCode ?? ex.ErrorId}); its rate rules are not counted.");
            }
        }

        return rules;
    }
}
