using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaSec.Aws.Clients;

/// <summary>Organizations ListAccounts (botocore organizations/2016-11-28, json-1.1, global); accounts are returned as views (Id, Arn, Name, Status).</summary>
public sealed class OrganizationsApi
{
    public static readonly AwsOperation ListAccounts = new(AwsServices.Organizations, "ListAccounts") { InputToken = "NextToken", OutputToken = "NextToken", LimitKey = "MaxResults", ResultKey = "Accounts" };

    private readonly AwsSession _session;

    public OrganizationsApi(AwsSession session) => _session = session;

    public Task<IReadOnlyList<AwsNode>> ListAccountsAsync(CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(ListAccounts, AwsInput.Of(), null, cancellationToken);
}
