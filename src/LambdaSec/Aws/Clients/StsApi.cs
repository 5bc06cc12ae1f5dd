using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws.Shapes;

namespace LambdaSec.Aws.Clients;

/// <summary>
/// STS GetCallerIdentity and AssumeRole (botocore sts/2011-06-15). Hand-described like the others rather than
/// AWSSDK.SecurityToken's client, so they go through the same endpoints, rate limiter, retries and counters.
/// </summary>
public sealed class StsApi
{
    public static readonly AwsOperation GetCallerIdentity = new(AwsServices.Sts, "GetCallerIdentity");
    public static readonly AwsOperation AssumeRole = new(AwsServices.Sts, "AssumeRole");

    private readonly AwsSession _session;

    public StsApi(AwsSession session) => _session = session;

    public async Task<AwsCallerIdentity> GetCallerIdentityAsync(CancellationToken cancellationToken = default) =>
        AwsCallerIdentity.From(await _session.SendAsync(GetCallerIdentity, AwsInput.Of(), cancellationToken).ConfigureAwait(false));

    public async Task<AwsTemporaryCredentials> AssumeRoleAsync(string roleArn, string sessionName, string? externalId = null, int? durationSeconds = null, CancellationToken cancellationToken = default) =>
        AwsTemporaryCredentials.From(await _session.SendAsync(AssumeRole, AwsInput.Of("RoleArn", roleArn, "RoleSessionName", sessionName, "ExternalId", externalId, "DurationSeconds", durationSeconds), cancellationToken).ConfigureAwait(false));

    /// <summary>A session in the role's account: same region, endpoints and transport, the role's credentials.</summary>
    public async Task<AwsSession> AssumeRoleSessionAsync(string roleArn, string sessionName, string? externalId = null, CancellationToken cancellationToken = default)
    {
        var credentials = await AssumeRoleAsync(roleArn, sessionName, externalId, null, cancellationToken).ConfigureAwait(false);
        return _session.WithCredentials(credentials.ToAwsCredentials(), credentials.AccountId);
    }
}
