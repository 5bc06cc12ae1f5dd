using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaSec.Aws.Clients;

/// <summary>The API Gateway (REST APIs) operations LambdaSec uses (botocore apigateway/2015-07-09); items are returned as views.</summary>
public sealed class ApiGatewayApi
{
    private static readonly Dictionary<string, string> Paging = new() { ["position"] = "position", ["limit"] = "limit" };

    public static readonly AwsOperation GetRestApis = List("GetRestApis", "/restapis", new Dictionary<string, string>(Paging));
    public static readonly AwsOperation GetResources = List("GetResources", "/restapis/{restapi_id}/resources", new Dictionary<string, string>(Paging) { ["embed"] = "embed" });
    public static readonly AwsOperation GetMethod = new(AwsServices.ApiGateway, "GetMethod") { HttpMethod = "GET", RequestUri = "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}" };
    public static readonly AwsOperation GetStages = new(AwsServices.ApiGateway, "GetStages") { HttpMethod = "GET", RequestUri = "/restapis/{restapi_id}/stages", QueryBindings = new Dictionary<string, string> { ["deploymentId"] = "deploymentId" } };

    private readonly AwsSession _session;

    public ApiGatewayApi(AwsSession session) => _session = session;

    public Task<IReadOnlyList<AwsNode>> GetRestApisAsync(CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(GetRestApis, AwsInput.Of(), null, cancellationToken);

    /// <summary>Resources with their methods embedded (embed=methods), so one listing shows each method's authorizationType and apiKeyRequired.</summary>
    public Task<IReadOnlyList<AwsNode>> GetResourcesAsync(string restApiId, CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(GetResources, AwsInput.Of("restapi_id", restApiId, "embed", "methods"), null, cancellationToken);

    public Task<AwsNode> GetMethodAsync(string restApiId, string resourceId, string httpMethod, CancellationToken cancellationToken = default) =>
        _session.SendAsync(GetMethod, AwsInput.Of("restapi_id", restApiId, "resource_id", resourceId, "http_method", httpMethod), cancellationToken);

    /// <summary>Stages (stageName, webAclArn, deploymentId...); GetStages is not paginated.</summary>
    public async Task<IReadOnlyList<AwsNode>> GetStagesAsync(string restApiId, CancellationToken cancellationToken = default) =>
        (await _session.SendAsync(GetStages, AwsInput.Of("restapi_id", restApiId), cancellationToken).ConfigureAwait(false)).GetList("item");

    private static AwsOperation List(string name, string uri, Dictionary<string, string> query) =>
        new(AwsServices.ApiGateway, name) { HttpMethod = "GET", RequestUri = uri, QueryBindings = query, InputToken = "position", OutputToken = "position", LimitKey = "limit", ResultKey = "item" };
}
