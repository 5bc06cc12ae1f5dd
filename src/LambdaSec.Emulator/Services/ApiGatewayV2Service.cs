using System.Globalization;
using System.Text.Json.Nodes;
using LambdaSec.Emulator.Protocols;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Services;

/// <summary>API Gateway v2 HTTP/WebSocket APIs (rest-json, /v2/apis...): APIs (with quick create),
/// routes and their authorization, Lambda integrations, authorizers and stages.</summary>
public sealed class ApiGatewayV2Service : RestJsonService
{
    private static readonly string[] AuthorizationTypes = ["NONE", "AWS_IAM", "CUSTOM", "JWT"];

    public ApiGatewayV2Service() : base("apigatewayv2", lambdaStyleErrors: false)
    {
        Map("POST", "/v2/apis", "CreateApi", CreateApi);
        Map("GET", "/v2/apis", "GetApis", r => List(r, r.RegionState.HttpApis.Values.Select(a => a.Api)));
        Map("GET", "/v2/apis/{apiId}", "GetApi", r => ApiResult.Ok(Api(r).Api.DeepClone()));
        Map("POST", "/v2/apis/{apiId}/routes", "CreateRoute", CreateRoute);
        Map("GET", "/v2/apis/{apiId}/routes", "GetRoutes", r => List(r, Api(r).Routes.Values));
        Map("POST", "/v2/apis/{apiId}/integrations", "CreateIntegration", CreateIntegration);
        Map("GET", "/v2/apis/{apiId}/integrations", "GetIntegrations", r => List(r, Api(r).Integrations.Values));
        Map("POST", "/v2/apis/{apiId}/authorizers", "CreateAuthorizer", CreateAuthorizer);
        Map("GET", "/v2/apis/{apiId}/authorizers", "GetAuthorizers", r => List(r, Api(r).Authorizers.Values));
        Map("POST", "/v2/apis/{apiId}/stages", "CreateStage", CreateStage);
        Map("GET", "/v2/apis/{apiId}/stages", "GetStages", r => List(r, Api(r).Stages.Values));
    }

    public override AwsException Throttled(int retryAfterSeconds) =>
        WithRetryAfter(new AwsException("TooManyRequestsException", "Too Many Requests", 429), retryAfterSeconds);

    public override AwsException InternalError() => new("InternalFailure", "Internal server error", 500, false);

    private static string Iso() => DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    private static AwsException BadRequest(string message) => new("BadRequestException", message);

    private static HttpApi Api(AwsRequest r)
    {
        var id = r.PathParams["apiId"];
        return r.RegionState.HttpApis.TryGetValue(id, out var api) ? api : throw new AwsException("NotFoundException", $"Invalid API identifier specified {id}", 404);
    }

    private static ApiResult List(AwsRequest r, IEnumerable<JsonObject> items)
    {
        var max = int.TryParse(r.Query("maxResults"), out var m) ? m : 100;
        return ApiResult.Ok(JsonPaging.Page(new JsonObject(), "items", items.Cast<JsonNode>().ToList(), JsonPaging.Start(r.Query("nextToken"), "BadRequestException"), max, "nextToken"));
    }

    private ApiResult CreateApi(AwsRequest r)
    {
        var name = r.Str("name") ?? throw BadRequest("Invalid API name specified");
        var protocol = r.Str("protocolType") ?? throw BadRequest("Invalid protocol type specified");
        if (protocol is not ("HTTP" or "WEBSOCKET")) throw BadRequest("Invalid protocol type specified. Valid values are: HTTP, WEBSOCKET");
        var id = Ids.Alnum(10);
        var json = new JsonObject
        {
            ["apiEndpoint"] = protocol == "HTTP" ? $"https://{id}.execute-api.{r.Region}.amazonaws.com" : $"wss://{id}.execute-api.{r.Region}.amazonaws.com",
            ["apiId"] = id,
            ["apiKeySelectionExpression"] = "$request.header.x-api-key",
            ["createdDate"] = Iso(),
            ["disableExecuteApiEndpoint"] = r.Bool("disableExecuteApiEndpoint") ?? false,
            ["ipAddressType"] = "ipv4",
            ["name"] = name,
            ["protocolType"] = protocol,
            ["routeSelectionExpression"] = r.Str("routeSelectionExpression") ?? "$request.method $request.path",
            ["tags"] = r.Json["tags"]?.DeepClone() ?? new JsonObject(),
        };
        if (r.Str("description") is { } d) json["description"] = d;
        if (r.Json["corsConfiguration"] is JsonObject cors) json["corsConfiguration"] = cors.DeepClone();
        var api = new HttpApi { Api = json };
        r.RegionState.HttpApis[id] = api;
        if (r.Str("target") is { } target)
        {
            // Quick create: Lambda proxy integration, $default route and auto-deployed $default stage.
            var integration = AddIntegration(api, "AWS_PROXY", target, "POST", "2.0");
            AddRoute(api, r.Str("routeKey") ?? "$default", "NONE", null, false, "integrations/" + integration["integrationId"]);
            AddStage(api, "$default", autoDeploy: true);
        }
        return ApiResult.Created(json.DeepClone());
    }

    private static JsonObject AddRoute(HttpApi api, string routeKey, string auth, string? authorizerId, bool apiKeyRequired, string? target)
    {
        var id = Ids.Alnum(7);
        var route = new JsonObject
        {
            ["apiKeyRequired"] = apiKeyRequired,
            ["authorizationType"] = auth,
            ["routeId"] = id,
            ["routeKey"] = routeKey,
        };
        if (authorizerId is not null) route["authorizerId"] = authorizerId;
        if (target is not null) route["target"] = target;
        api.Routes[id] = route;
        return route;
    }

    private ApiResult CreateRoute(AwsRequest r)
    {
        var api = Api(r);
        var key = r.Str("routeKey") ?? throw BadRequest("Invalid route key specified");
        var auth = r.Str("authorizationType") ?? "NONE";
        if (!AuthorizationTypes.Contains(auth)) throw BadRequest($"Invalid authorization type specified. Valid values are: {string.Join(", ", AuthorizationTypes)}");
        var authorizerId = r.Str("authorizerId");
        if (auth is "CUSTOM" or "JWT" && (authorizerId is null || !api.Authorizers.ContainsKey(authorizerId)))
            throw BadRequest("Unable to create route. An authorizer id must be specified for authorization type " + auth + ".");
        if (api.Routes.Values.Any(x => x["routeKey"]!.GetValue<string>() == key))
            throw new AwsException("ConflictException", $"Unable to create route {key}. Route key already exists for this API", 409);
        var target = r.Str("target");
        if (target is not null && !api.Integrations.ContainsKey(target.Replace("integrations/", "", StringComparison.Ordinal)))
            throw new AwsException("NotFoundException", $"Invalid integration identifier specified {target}", 404);
        return ApiResult.Created(AddRoute(api, key, auth, authorizerId, r.Bool("apiKeyRequired") ?? false, target).DeepClone());
    }

    private static JsonObject AddIntegration(HttpApi api, string type, string? uri, string? method, string? payloadFormat)
    {
        var id = Ids.Alnum(7);
        var integration = new JsonObject
        {
            ["connectionType"] = "INTERNET",
            ["integrationId"] = id,
            ["integrationMethod"] = method,
            ["integrationType"] = type,
            ["integrationUri"] = uri,
            ["payloadFormatVersion"] = payloadFormat ?? "2.0",
            ["timeoutInMillis"] = 30000,
        };
        foreach (var key in integration.Where(kv => kv.Value is null).Select(kv => kv.Key).ToList()) integration.Remove(key);
        api.Integrations[id] = integration;
        return integration;
    }

    private ApiResult CreateIntegration(AwsRequest r)
    {
        var api = Api(r);
        var type = r.Str("integrationType") ?? throw BadRequest("Invalid integration type specified");
        if (type is not ("AWS" or "HTTP" or "MOCK" or "HTTP_PROXY" or "AWS_PROXY"))
            throw BadRequest("Invalid integration type specified. Valid values are: AWS, HTTP, MOCK, HTTP_PROXY, AWS_PROXY");
        var uri = r.Str("integrationUri");
        if (type == "AWS_PROXY" && string.IsNullOrEmpty(uri)) throw BadRequest("Integration URI must be specified for integration type AWS_PROXY");
        var payload = r.Str("payloadFormatVersion");
        if (api.Api["protocolType"]!.GetValue<string>() == "HTTP" && type == "AWS_PROXY" && payload is null)
            throw BadRequest("Payload format version must be specified for AWS_PROXY integrations of HTTP APIs");
        var integration = AddIntegration(api, type, uri, r.Str("integrationMethod") ?? (type == "AWS_PROXY" ? "POST" : null), payload);
        return ApiResult.Created(integration.DeepClone());
    }

    private ApiResult CreateAuthorizer(AwsRequest r)
    {
        var api = Api(r);
        var id = Ids.Alnum(6);
        var authorizer = new JsonObject
        {
            ["authorizerId"] = id,
            ["authorizerType"] = r.Str("authorizerType") ?? throw BadRequest("Invalid authorizer type specified"),
            ["name"] = r.Str("name") ?? id,
        };
        foreach (var key in new[] { "identitySource", "jwtConfiguration", "authorizerUri", "authorizerPayloadFormatVersion" })
            if (r.Json[key] is { } v) authorizer[key] = v.DeepClone();
        api.Authorizers[id] = authorizer;
        return ApiResult.Created(authorizer.DeepClone());
    }

    private static JsonObject AddStage(HttpApi api, string name, bool autoDeploy)
    {
        var now = Iso();
        var stage = new JsonObject
        {
            ["autoDeploy"] = autoDeploy,
            ["createdDate"] = now,
            ["defaultRouteSettings"] = new JsonObject { ["detailedMetricsEnabled"] = false },
            ["lastUpdatedDate"] = now,
            ["routeSettings"] = new JsonObject(),
            ["stageName"] = name,
            ["stageVariables"] = new JsonObject(),
            ["tags"] = new JsonObject(),
        };
        api.Stages[name] = stage;
        return stage;
    }

    private ApiResult CreateStage(AwsRequest r)
    {
        var api = Api(r);
        var name = r.Str("stageName") ?? throw BadRequest("Invalid stage name specified");
        if (api.Stages.ContainsKey(name)) throw new AwsException("ConflictException", $"Stage {name} already exists", 409);
        var stage = AddStage(api, name, r.Bool("autoDeploy") ?? false);
        if (r.Str("description") is { } d) stage["description"] = d;
        return ApiResult.Created(stage.DeepClone());
    }
}
