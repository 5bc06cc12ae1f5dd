using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaSec.Aws.Clients;

/// <summary>
/// The Amazon Inspector operations LambdaSec uses (botocore inspector2/2020-06-08, rest-json): BatchGetAccountStatus
/// (POST /status/batch/get), whose answer gives each account's <c>state</c> and <c>resourceState.lambda</c> /
/// <c>resourceState.lambdaCode</c> (each a State: status ENABLING, ENABLED, DISABLING, DISABLED, SUSPENDING, SUSPENDED;
/// errorCode; errorMessage), and <c>failedAccounts</c> (accountId, errorCode, errorMessage) for those it cannot answer;
/// ListFindings (POST /findings/list: filterCriteria, maxResults 1 to 100, nextToken; answers findings and nextToken).
/// </summary>
public sealed class Inspector2Api
{
    public static readonly AwsOperation BatchGetAccountStatus = new(AwsServices.Inspector2, "BatchGetAccountStatus") { HttpMethod = "POST", RequestUri = "/status/batch/get" };

    /// <summary>ListFindings' largest page (maxResults, 1 to 100).</summary>
    public const int MaxPage = 100;

    public static readonly AwsOperation ListFindings = new(AwsServices.Inspector2, "ListFindings")
    {
        HttpMethod = "POST",
        RequestUri = "/findings/list",
        InputToken = "nextToken",
        OutputToken = "nextToken",
        LimitKey = "maxResults",
        ResultKey = "findings",
    };

    private readonly AwsSession _session;

    public Inspector2Api(AwsSession session) => _session = session;

    /// <summary>The Inspector status of <paramref name="accountId"/> (null: the caller's account) in the session's region (accounts, failedAccounts).</summary>
    public Task<AwsNode> BatchGetAccountStatusAsync(string? accountId, CancellationToken cancellationToken = default) =>
        _session.SendAsync(BatchGetAccountStatus, AwsInput.Of("accountIds", accountId is null ? null : new[] { accountId }), cancellationToken);

    /// <summary>
    /// The active package-vulnerability findings of one Lambda function (filterCriteria resourceType AWS_LAMBDA_FUNCTION,
    /// findingType PACKAGE_VULNERABILITY, findingStatus ACTIVE, lambdaFunctionName EQUALS the name), every page.
    /// </summary>
    public Task<IReadOnlyList<AwsNode>> ListLambdaPackageFindingsAsync(string functionName, CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(ListFindings, AwsInput.Of("filterCriteria", new Dictionary<string, object?>
        {
            ["resourceType"] = EqualTo("AWS_LAMBDA_FUNCTION"),
            ["findingType"] = EqualTo("PACKAGE_VULNERABILITY"),
            ["findingStatus"] = EqualTo("ACTIVE"),
            ["lambdaFunctionName"] = EqualTo(functionName),
        }), MaxPage, cancellationToken);

    /// <summary>A StringFilterList of one StringFilter (comparison EQUALS).</summary>
    private static object[] EqualTo(string value) => [new Dictionary<string, object?> { ["comparison"] = "EQUALS", ["value"] = value }];
}
