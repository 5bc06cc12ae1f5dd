using System.Text.Json.Nodes;
using LambdaSec.Emulator.Protocols;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Services;

/// <summary>API Gateway REST APIs (rest-json, /restapis...): APIs, resources, methods with their
/// authorization, Lambda proxy integrations, authorizers, deployments and stages (with webAclArn).</summary>
public sealed class ApiGatewayService : RestJsonService
{
    private static readonly string[] AuthorizationTypes = ["NONE", "AWS_IAM", "CUSTOM", "COGNITO_USER_POOLS"];
    private static readonly string[] IntegrationTypes = ["HTTP", "AWS", "MOCK", "HTTP_PROXY", "AWS_PROXY"];

    public ApiGatewayService() : base("apigateway", lambdaStyleErrors: false)
    {
        Map("POST", "/restapis", "CreateRestApi", CreateRestApi);
        Map("GET", "/restapis", "GetRestApis", GetRestApis);
        Map("GET", "/restapis/{restapi_id}", "GetRestApi", r => ApiResult.Ok(Api(r).Api.DeepClone()));
        Map("POST", "/restapis/{restapi_id}/resources/{parent_id}", "CreateResource", CreateResource);
        Map("GET", "/restapis/{restapi_id}/resources", "GetResources", GetResources);
        Map("GET", "/restapis/{restapi_id}/resources/{resource_id}", "GetResource", r => ApiResult.Ok(ResourceView(Resource(r, Api(r)), r.Query("embed") == "methods")));
        Map("PUT", "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}", "PutMethod", PutMethod);
        Map("GET", "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}", "GetMethod", r => ApiResult.Ok(Method(r).DeepClone()));
        Map("PUT", "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration", "PutIntegration", PutIntegration);
        Map("GET", "/restapis/{restapi_id}/resources/{resource_id}/methods/{http_method}/integration", "GetIntegration", GetIntegration);
        Map("POST", "/restapis/{restapi_id}/authorizers", "CreateAuthorizer", CreateAuthorizer);
        Map("GET", "/restapis/{restapi_id}/authorizers", "GetAuthorizers", GetAuthorizers);
        Map("POST", "/restapis/{restapi_id}/deployments", "CreateDeployment", CreateDeployment);
        Map("POST", "/restapis/{restapi_id}/stages", "CreateStage", CreateStage);
        Map("GET", "/restapis/{restapi_id}/stages", "GetStages", GetStages);
        Map("GET", "/restapis/{restapi_id}/stages/{stage_name}", "GetStage", GetStage);
    }

    public override AwsException Throttled(int retryAfterSeconds) =>
        WithRetryAfter(new AwsException("TooManyRequestsException", "Too Many Requests", 429), retryAfterSeconds);

    public override AwsException InternalError() => new("InternalFailure", "Internal server error", 500, false);

    private static double Epoch() => Math.Floor(DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0);

    private static AwsException NotFound(string what) => new("NotFoundException", what, 404);

    private static AwsException BadRequest(string what) => new("BadRequestException", what);

    private static RestApi Api(AwsRequest r)
    {
        var id = r.PathParams["restapi_id"];
        return r.RegionState.RestApis.TryGetValue(id, out var api) ? api : throw NotFound($"Invalid API identifier specified {r.AccountId}:{id}");
    }

    private static JsonObject Resource(AwsRequest r, RestApi api, string param = "resource_id")
    {
        var id = r.PathParams[param];
        return api.Resources.TryGetValue(id, out var res) ? res : throw NotFound("Invalid Resource identifier specified");
    }

    private static JsonObject Method(AwsRequest r)
    {
        var res = Resource(r, Api(r));
        var verb = r.PathParams["http_method"].ToUpperInvariant();
        return (res["resourceMethods"] as JsonObject)?[verb] as JsonObject ?? throw NotFound("Invalid Method identifier specified");
    }

    /// <summary>Creates a REST API with its root resource (used by the API and scenarios).</summary>
    public static RestApi Create(RegionState rs, string name, string? description, string endpointType)
    {
        var id = Ids.Alnum(10);
        var rootId = Ids.Alnum(10);
        var api = new RestApi
        {
            Api = new JsonObject
            {
                ["id"] = id,
                ["name"] = name,
                ["description"] = description,
                ["createdDate"] = Epoch(),
                ["apiKeySource"] = "HEADER",
                ["endpointConfiguration"] = new JsonObject { ["types"] = new JsonArray(endpointType), ["ipAddressType"] = "ipv4" },
                ["disableExecuteApiEndpoint"] = false,
                ["rootResourceId"] = rootId,
            },
        };
        if (description is null) api.Api.Remove("description");
        api.Resources[rootId] = new JsonObject { ["id"] = rootId, ["path"] = "/" };
        rs.RestApis[id] = api;
        return api;
    }

    private ApiResult CreateRestApi(AwsRequest r)
    {
        var name = r.Str("name") ?? throw BadRequest("Invalid REST API name specified");
        var types = (r.Json["endpointConfiguration"] as JsonObject)?["types"] as JsonArray;
        var api = Create(r.RegionState, name, r.Str("description"), types?.FirstOrDefault()?.GetValue<string>() ?? "EDGE");
        return ApiResult.Created(api.Api.DeepClone());
    }

    private ApiResult GetRestApis(AwsRequest r)
    {
        var all = r.RegionState.RestApis.Values.Select(a => (JsonNode)a.Api).ToList();
        return ApiResult.Ok(JsonPaging.Page(new JsonObject(), "item", all, JsonPaging.Start(r.Query("position"), "BadRequestException"), Limit(r), "position"));
    }

    private static int Limit(AwsRequest r)
    {
        var limit = int.TryParse(r.Query("limit"), out var l) ? l : 25;
        return limit is < 1 or > 500 ? throw BadRequest("Invalid limit specified") : limit;
    }

    private ApiResult CreateResource(AwsRequest r)
    {
        var api = Api(r);
        var parent = Resource(r, api, "parent_id");
        var part = r.Str("pathPart") ?? throw BadRequest("Invalid resource path part specified");
        var parentPath = parent["path"]!.GetValue<string>();
        var path = parentPath == "/" ? "/" + part : parentPath + "/" + part;
        if (api.Resources.Values.Any(x => x["path"]!.GetValue<string>() == path))
            throw new AwsException("ConflictException", $"Another resource with the same parent already has this name: {part}", 409);
        var id = Ids.Alnum(6);
        var res = new JsonObject { ["id"] = id, ["parentId"] = parent["id"]!.GetValue<string>(), ["pathPart"] = part, ["path"] = path };
        api.Resources[id] = res;
        return ApiResult.Created(res.DeepClone());
    }

    private static JsonObject ResourceView(JsonObject res, bool embedMethods)
    {
        var copy = (JsonObject)res.DeepClone();
        if (!embedMethods && copy["resourceMethods"] is JsonObject methods)
            foreach (var key in methods.Select(m => m.Key).ToList()) methods[key] = new JsonObject();
        return copy;
    }

    private ApiResult GetResources(AwsRequest r)
    {
        var api = Api(r);
        var embed = r.Http.Request.Query["embed"].Any(e => e == "methods");
        var all = api.Resources.Values.OrderBy(x => x["path"]!.GetValue<string>(), StringComparer.Ordinal).Select(x => (JsonNode)ResourceView(x, embed)).ToList();
        return ApiResult.Ok(JsonPaging.Page(new JsonObject(), "item", all, JsonPaging.Start(r.Query("position"), "BadRequestException"), Limit(r), "position"));
    }

    private ApiResult PutMethod(AwsRequest r)
    {
        var api = Api(r);
        var res = Resource(r, api);
        var verb = r.PathParams["http_method"].ToUpperInvariant();
        var auth = r.Str("authorizationType") ?? throw BadRequest("Invalid authorization type specified");
        if (!AuthorizationTypes.Contains(auth))
            throw BadRequest($"Invalid authorization type specified. Valid values are: {string.Join(", ", AuthorizationTypes)}");
        var authorizerId = r.Str("authorizerId");
        if (auth is "CUSTOM" or "COGNITO_USER_POOLS" && (authorizerId is null || !api.Authorizers.ContainsKey(authorizerId)))
            throw BadRequest("Invalid authorizer ID specified. Setting the authorization type to CUSTOM or COGNITO_USER_POOLS requires a valid authorizer.");
        var methods = res["resourceMethods"] as JsonObject ?? (JsonObject)(res["resourceMethods"] = new JsonObject());
        if (methods.ContainsKey(verb)) throw new AwsException("ConflictException", "Method already exists for this resource", 409);
        var method = new JsonObject
        {
            ["httpMethod"] = verb,
            ["authorizationType"] = auth,
            ["apiKeyRequired"] = r.Bool("apiKeyRequired") ?? false,
        };
        if (authorizerId is not null) method["authorizerId"] = authorizerId;
        if (r.Json["requestParameters"] is JsonObject rp) method["requestParameters"] = rp.DeepClone();
        if (r.Str("operationName") is { } opName) method["operationName"] = opName;
        methods[verb] = method;
        return ApiResult.Created(method.DeepClone());
    }

    private ApiResult PutIntegration(AwsRequest r)
    {
        var method = Method(r);
        var type = r.Str("type") ?? throw BadRequest("Invalid integration type specified");
        if (!IntegrationTypes.Contains(type)) throw BadRequest($"Invalid integration type specified. Valid values are: {string.Join(", ", IntegrationTypes)}");
        var uri = r.Str("uri");
        var httpMethod = r.Str("httpMethod");
        if (type is "AWS" or "AWS_PROXY" or "HTTP" or "HTTP_PROXY")
        {
            if (string.IsNullOrEmpty(httpMethod)) throw BadRequest("Enumeration value for HttpMethod must be non-empty");
            if (string.IsNullOrEmpty(uri)) throw BadRequest("Invalid HTTP endpoint specified for URI");
        }
        if (type is "AWS" or "AWS_PROXY" && !uri!.StartsWith("arn:aws:apigateway:", StringComparison.Ordinal))
            throw BadRequest("AWS ARN for integration must contain path or action");
        var integration = new JsonObject
        {
            ["type"] = type,
            ["httpMethod"] = httpMethod,
            ["uri"] = uri,
            ["connectionType"] = "INTERNET",
            ["passthroughBehavior"] = r.Str("passthroughBehavior") ?? "WHEN_NO_MATCH",
            ["timeoutInMillis"] = r.Number("timeoutInMillis") ?? 29000,
            ["cacheNamespace"] = r.PathParams["resource_id"],
            ["cacheKeyParameters"] = new JsonArray(),
        };
        if (r.Str("credentials") is { } creds) integration["credentials"] = creds;
        foreach (var key in integration.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList()) integration.Remove(key);
        method["methodIntegration"] = integration;
        return ApiResult.Created(integration.DeepClone());
    }

    private ApiResult GetIntegration(AwsRequest r) =>
        Method(r)["methodIntegration"] is JsonObject i ? ApiResult.Ok(i.DeepClone()) : throw NotFound("No integration defined for method");

    private ApiResult CreateAuthorizer(AwsRequest r)
    {
        var api = Api(r);
        var type = r.Str("type") ?? throw BadRequest("Invalid authorizer type specified");
        var id = Ids.Alnum(6);
        var authorizer = new JsonObject { ["id"] = id, ["name"] = r.Str("name") ?? id, ["type"] = type };
        foreach (var key in new[] { "providerARNs", "authorizerUri", "identitySource", "authorizerResultTtlInSeconds", "authType" })
            if (r.Json[key] is { } v) authorizer[key] = v.DeepClone();
        api.Authorizers[id] = authorizer;
        return ApiResult.Created(authorizer.DeepClone());
    }

    private ApiResult GetAuthorizers(AwsRequest r)
    {
        var api = Api(r);
        var all = api.Authorizers.Values.Select(a => (JsonNode)a.DeepClone()).ToArray();
        return ApiResult.Ok(new JsonObject { ["item"] = new JsonArray(all) });
    }

    private ApiResult CreateDeployment(AwsRequest r)
    {
        var api = Api(r);
        if (api.Resources.Values.All(x => x["resourceMethods"] is not JsonObject { Count: > 0 }))
            throw BadRequest("The REST API doesn't contain any methods");
        var id = Ids.Alnum(6);
        var deployment = new JsonObject { ["id"] = id, ["description"] = r.Str("description"), ["createdDate"] = Epoch() };
        if (deployment["description"] is null) deployment.Remove("description");
        api.Deployments[id] = deployment;
        if (r.Str("stageName") is { } stage) AddStage(api, stage, id, r.Str("stageDescription"));
        return ApiResult.Created(deployment.DeepClone());
    }

    private static JsonObject AddStage(RestApi api, string name, string deploymentId, string? description)
    {
        var now = Epoch();
        var stage = new JsonObject
        {
            ["deploymentId"] = deploymentId,
            ["stageName"] = name,
            ["description"] = description,
            ["cacheClusterEnabled"] = false,
            ["cacheClusterStatus"] = "NOT_AVAILABLE",
            ["methodSettings"] = new JsonObject(),
            ["tracingEnabled"] = false,
            ["createdDate"] = now,
            ["lastUpdatedDate"] = now,
        };
        if (description is null) stage.Remove("description");
        api.Stages[name] = stage;
        return stage;
    }

    private ApiResult CreateStage(AwsRequest r)
    {
        var api = Api(r);
        var name = r.Str("stageName") ?? throw BadRequest("Invalid stage name specified");
        var deploymentId = r.Str("deploymentId") ?? throw BadRequest("Invalid deployment identifier specified");
        if (!api.Deployments.ContainsKey(deploymentId)) throw NotFound("Invalid Deployment identifier specified");
        if (api.Stages.ContainsKey(name)) throw new AwsException("ConflictException", "Stage already exists", 409);
        var stage = AddStage(api, name, deploymentId, r.Str("description"));
        if (r.Json["variables"] is JsonObject vars) stage["variables"] = vars.DeepClone();
        if (r.Bool("tracingEnabled") is { } tracing) stage["tracingEnabled"] = tracing;
        return ApiResult.Created(StageView(r, api, stage));
    }

    /// <summary>The stage as returned, with webAclArn when a web ACL is associated with it.</summary>
    private static JsonObject StageView(AwsRequest r, RestApi api, JsonObject stage)
    {
        var copy = (JsonObject)stage.DeepClone();
        var arn = $"arn:aws:apigateway:{r.Region}::/restapis/{api.Api["id"]}/stages/{stage["stageName"]}";
        if (r.RegionState.WebAclAssociations.TryGetValue(arn, out var acl)) copy["webAclArn"] = acl;
        return copy;
    }

    private ApiResult GetStages(AwsRequest r)
    {
        var api = Api(r);
        var deployment = r.Query("deploymentId");
        var stages = api.Stages.Values.Where(s => deployment is null || s["deploymentId"]!.GetValue<string>() == deployment)
            .Select(s => (JsonNode)StageView(r, api, s)).ToArray();
        return ApiResult.Ok(new JsonObject { ["item"] = new JsonArray(stages) });
    }

    private ApiResult GetStage(AwsRequest r)
    {
        var api = Api(r);
        return api.Stages.TryGetValue(r.PathParams["stage_name"], out var stage)
            ? ApiResult.Ok(StageView(r, api, stage))
            : throw NotFound("Invalid Stage identifier specified");
    }
}
