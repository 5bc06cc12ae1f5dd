using System.Threading;
using System.Threading.Tasks;

namespace LambdaSec.Aws.Clients;

/// <summary>
/// The Amazon Inspector operation LambdaSec uses (botocore inspector2/2020-06-08, rest-json): BatchGetAccountStatus
/// (POST /status/batch/get), whose answer gives each account's <c>state</c> and <c>resourceState.lambda</c> /
/// <c>resourceState.lambdaCode</c> (each a State: status ENABLING, ENABLED, DISABLING, DISABLED, SUSPENDING, SUSPENDED;
/// errorCode; errorMessage), and <c>failedAccounts</c> (accountId, errorCode, errorMessage) for those it cannot answer.
/// </summary>
public sealed class Inspector2Api
{
    public static readonly AwsOperation BatchGetAccountStatus = new(AwsServices.Inspector2, "BatchGetAccountStatus") { HttpMethod = "POST", RequestUri = "/status/batch/get" };

    private readonly AwsSession _session;

    public Inspector2Api(AwsSession session) => _session = session;

    /// <summary>The Inspector status of <paramref name="accountId"/> (null: the caller's account) in the session's region (accounts, failedAccounts).</summary>
    public Task<AwsNode> BatchGetAccountStatusAsync(string? accountId, CancellationToken cancellationToken = default) =>
        _session.SendAsync(BatchGetAccountStatus, AwsInput.Of("accountIds", accountId is null ? null : new[] { accountId }), cancellationToken);
}
