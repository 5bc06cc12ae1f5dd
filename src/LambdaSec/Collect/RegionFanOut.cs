using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;

namespace LambdaSec.Collect;

/// <summary>
/// The common frame of the online cmdlets: the caller's account (GetCallerIdentity, so outputs carry AccountId),
/// then one collector per region of the plan, concurrently. A region that fails as a whole is one
/// non-terminating error; under -AllRegions a region not enabled for the account is skipped with a note.
/// </summary>
public static class RegionFanOut
{
    public static async Task RunAsync(
        AwsSession session,
        IReadOnlyList<string> regions,
        IReadOnlyList<FunctionRef> functions,
        bool allRegions,
        ICollectorSink sink,
        Func<AwsSession, IReadOnlyList<FunctionRef>?, Task> collect,
        CancellationToken cancellationToken)
    {
        session.AccountId = (await new StsApi(session).GetCallerIdentityAsync(cancellationToken).ConfigureAwait(false)).Account;
        await Task.WhenAll(FunctionPlan.Of(functions, regions).Select(p => RegionAsync(session.ForRegion(p.Region), p.Functions, allRegions, sink, collect))).ConfigureAwait(false);
    }

    private static async Task RegionAsync(AwsSession session, IReadOnlyList<FunctionRef>? functions, bool allRegions, ICollectorSink sink, Func<AwsSession, IReadOnlyList<FunctionRef>?, Task> collect)
    {
        try
        {
            await collect(session, functions).ConfigureAwait(false);
        }
        catch (AwsServiceException ex) when (allRegions && AwsRegions.IsRegionNotEnabled(ex.ErrorCode))
        {
            sink.Note($"Region {session.Region} was skipped: it is not enabled for this account ({ex.ErrorCode}).");
        }
        catch (AwsServiceException ex)
        {
            sink.Error(session.Region, ex);
        }
    }
}
