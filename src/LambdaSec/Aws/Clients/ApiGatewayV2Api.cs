using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;

namespace LambdaSec.Aws.Clients;

/// <summary>The API Gateway v2 (HTTP and WebSocket APIs) operations LambdaSec uses (botocore apigatewayv2/2018-11-29); items are returned as views.</summary>
public sealed class ApiGatewayV2Api
{
    public static readonly AwsOperation GetApis = List("GetApis", "/v2/apis");
    public static readonly AwsOperation GetRoutes = List("GetRoutes", "/v2/apis/{apiId}/routes");
    public static readonly AwsOperation GetIntegrations = List("GetIntegrations", "/v2/apis/{apiId}/integrations");
    public static readonly AwsOperation GetStages = List("GetStages", "/v2/apis/{apiId}/stages");

    private readonly AwsSession _session;

    public ApiGatewayV2Api(AwsSession session) => _session = session;

    public Task<IReadOnlyList<AwsNode>> GetApisAsync(CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(GetApis, AwsInput.Of(), null, cancellationToken);

    public Task<IReadOnlyList<AwsNode>> GetRoutesAsync(string apiId, CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(GetRoutes, AwsInput.Of("apiId", apiId), null, cancellationToken);

    public Task<IReadOnlyList<AwsNode>> GetIntegrationsAsync(string apiId, CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(GetIntegrations, AwsInput.Of("apiId", apiId), null, cancellationToken);

    public Task<IReadOnlyList<AwsNode>> GetStagesAsync(string apiId, CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(GetStages, AwsInput.Of("apiId", apiId), null, cancellationToken);

    // Input members are the model's names; the wire names (locationName) are camelCase, and the JSON answer uses "items"/"nextToken".
    private static AwsOperation List(string name, string uri) =>
        new(AwsServices.ApiGatewayV2, name)
        {
            HttpMethod = "GET",
            RequestUri = uri,
            QueryBindings = new Dictionary<string, string> { ["NextToken"] = "nextToken", ["MaxResults"] = "maxResults" },
            InputToken = "NextToken",
            OutputToken = "nextToken",
            LimitKey = "MaxResults",
            ResultKey = "items",
        };
}
