using System;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Audit;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;

namespace LambdaSec.Collect;

/// <summary>
/// The status of AWS's own Lambda detectors in one account and region, for LS-DETECT-001..004: Inspector's
/// BatchGetAccountStatus for the session's account (one call), GuardDuty's ListDetectors and GetDetector of its detector
/// (two calls; one when there is none). A call that fails (access denied, the service not offered or not subscribed,
/// retries exhausted) makes that status unknown, with the error, instead of failing the region.
/// </summary>
public static class DetectorStatusReader
{
    public static async Task<InspectorLambdaStatus> ReadInspectorAsync(AwsSession session, CancellationToken cancellationToken)
    {
        AwsNode answer;
        try
        {
            answer = await new Inspector2Api(session).BatchGetAccountStatusAsync(session.AccountId, cancellationToken).ConfigureAwait(false);
        }
        catch (AwsServiceException ex)
        {
            return InspectorLambdaStatus.NotRead(Failure(ex));
        }

        var account = answer.GetList("accounts").FirstOrDefault(a => session.AccountId is null || a.GetString("accountId") == session.AccountId);
        if (account is null)
        {
            var failed = answer.GetList("failedAccounts").FirstOrDefault(a => session.AccountId is null || a.GetString("accountId") == session.AccountId);
            return InspectorLambdaStatus.NotRead(failed is null
                ? "BatchGetAccountStatus did not list the account"
                : $"BatchGetAccountStatus listed the account as failed: {failed.GetString("errorCode")} ({failed.GetString("errorMessage")})");
        }

        var resources = account.Get("resourceState");
        return new InspectorLambdaStatus(account.Get("state")?.GetString("status"), resources?.Get("lambda")?.GetString("status"), resources?.Get("lambdaCode")?.GetString("status"));
    }

    public static async Task<GuardDutyLambdaStatus> ReadGuardDutyAsync(AwsSession session, CancellationToken cancellationToken)
    {
        var guardDuty = new GuardDutyApi(session);
        try
        {
            var detectors = await guardDuty.ListDetectorsAsync(cancellationToken).ConfigureAwait(false);
            if (detectors.Count == 0)
            {
                return new GuardDutyLambdaStatus(null, null, null);
            }

            var detector = await guardDuty.GetDetectorAsync(detectors[0], cancellationToken).ConfigureAwait(false);
            // Lambda Protection is only a feature (Features[].Name LAMBDA_NETWORK_LOGS); the deprecated DataSources has no Lambda member.
            var lambda = detector.GetList("features").FirstOrDefault(f => string.Equals(f.GetString("name"), "LAMBDA_NETWORK_LOGS", StringComparison.Ordinal));
            return new GuardDutyLambdaStatus(detectors[0], detector.GetString("status"), lambda?.GetString("status"));
        }
        catch (AwsServiceException ex)
        {
            return GuardDutyLambdaStatus.NotRead(Failure(ex));
        }
    }

    private static string Failure(AwsServiceException ex) => $"{ex.Operation} failed with {ex.ErrorCode ?? ex.ErrorId} ({ex.Message})";
}
