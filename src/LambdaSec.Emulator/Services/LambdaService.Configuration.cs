using System.Globalization;
using System.Text.Json.Nodes;
using LambdaSec.Emulator.Protocols;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Services;

/// <summary>
/// The Lambda operations the configuration checks read: event invoke configs, code signing configs and
/// their attachment, and layer versions with their resource policies (botocore lambda/2015-03-31 shapes).
/// </summary>
public sealed partial class LambdaService
{
    private const string LayerVersionsPath = "/2018-10-31/layers/{LayerName}/versions";

    private void MapConfigurationOperations()
    {
        Map("PUT", "/2019-09-25/functions/{FunctionName}/event-invoke-config", "PutFunctionEventInvokeConfig", PutFunctionEventInvokeConfig);
        Map("GET", "/2019-09-25/functions/{FunctionName}/event-invoke-config", "GetFunctionEventInvokeConfig", GetFunctionEventInvokeConfig);
        Map("POST", "/2020-04-22/code-signing-configs", "CreateCodeSigningConfig", CreateCodeSigningConfig);
        Map("GET", "/2020-04-22/code-signing-configs/{CodeSigningConfigArn}", "GetCodeSigningConfig", GetCodeSigningConfig);
        Map("PUT", "/2020-06-30/functions/{FunctionName}/code-signing-config", "PutFunctionCodeSigningConfig", PutFunctionCodeSigningConfig);
        Map("GET", "/2020-06-30/functions/{FunctionName}/code-signing-config", "GetFunctionCodeSigningConfig", GetFunctionCodeSigningConfig);
        Map("POST", LayerVersionsPath, "PublishLayerVersion", PublishLayerVersion);
        Map("POST", LayerVersionsPath + "/{VersionNumber}/policy", "AddLayerVersionPermission", AddLayerVersionPermission);
        Map("GET", LayerVersionsPath + "/{VersionNumber}/policy", "GetLayerVersionPolicy", GetLayerVersionPolicy);
        Map("GET", "/2018-10-31/layers", "GetLayerVersionByArn", GetLayerVersionByArn);
    }

    private ApiResult PutFunctionEventInvokeConfig(AwsRequest r)
    {
        var (fn, _, _) = Find(r, allowQualifierInName: false);
        var config = new JsonObject
        {
            ["LastModified"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
            ["FunctionArn"] = fn.Arn + ":$LATEST",
            ["MaximumRetryAttempts"] = r.Number("MaximumRetryAttempts") ?? 2,
            ["MaximumEventAgeInSeconds"] = r.Number("MaximumEventAgeInSeconds") ?? 21600,
            ["DestinationConfig"] = r.Json["DestinationConfig"]?.DeepClone() ?? new JsonObject { ["OnSuccess"] = new JsonObject(), ["OnFailure"] = new JsonObject() },
        };
        fn.EventInvokeConfig = config;
        return ApiResult.Ok(config.DeepClone());
    }

    private ApiResult GetFunctionEventInvokeConfig(AwsRequest r)
    {
        var (fn, _, _) = Find(r, allowQualifierInName: false);
        return fn.EventInvokeConfig is { } config
            ? ApiResult.Ok(config.DeepClone())
            : throw new AwsException("ResourceNotFoundException", $"The function {fn.Arn} doesn't have an EventInvokeConfig", 404);
    }

    /// <summary>CreateCodeSigningConfig (201): AllowedPublishers is required; CodeSigningPolicies.UntrustedArtifactOnDeployment defaults to Warn.</summary>
    private ApiResult CreateCodeSigningConfig(AwsRequest r)
    {
        var publishers = r.Json["AllowedPublishers"] as JsonObject ?? throw new AwsException("ValidationException", "1 validation error detected: Value null at 'allowedPublishers' failed to satisfy constraint: Member must not be null");
        var policy = (r.Json["CodeSigningPolicies"] as JsonObject)?["UntrustedArtifactOnDeployment"]?.GetValue<string>() ?? "Warn";
        if (policy is not ("Warn" or "Enforce"))
            throw new AwsException("ValidationException", $"1 validation error detected: Value '{policy}' at 'codeSigningPolicies.untrustedArtifactOnDeployment' failed to satisfy constraint: Member must satisfy enum value set: [Enforce, Warn]");
        var rs = r.RegionState;
        var id = "csc-" + Ids.Alnum(17);
        var arn = $"arn:aws:lambda:{rs.Region}:{rs.AccountId}:code-signing-config:{id}";
        var config = new JsonObject
        {
            ["CodeSigningConfigId"] = id,
            ["CodeSigningConfigArn"] = arn,
            ["Description"] = r.Str("Description") ?? "",
            ["AllowedPublishers"] = publishers.DeepClone(),
            ["CodeSigningPolicies"] = new JsonObject { ["UntrustedArtifactOnDeployment"] = policy },
            ["LastModified"] = IsoNow(),
        };
        rs.CodeSigningConfigs[arn] = config;
        return ApiResult.Created(new JsonObject { ["CodeSigningConfig"] = config.DeepClone() });
    }

    private ApiResult GetCodeSigningConfig(AwsRequest r) =>
        FindCodeSigningConfig(r, r.PathParams["CodeSigningConfigArn"]) is { } config
            ? ApiResult.Ok(new JsonObject { ["CodeSigningConfig"] = config.DeepClone() })
            : throw new AwsException("ResourceNotFoundException", "The resource you requested does not exist.", 404);

    /// <summary>A code signing config by ARN, in the account and region the ARN names; null when there is none.</summary>
    private static JsonObject? FindCodeSigningConfig(AwsRequest r, string arn)
    {
        var parts = arn.Split(':');
        var (account, region) = parts.Length == 7 && parts[5] == "code-signing-config" ? (parts[4], parts[3]) : (r.AccountId, r.Region);
        return r.State.Region(account, region).CodeSigningConfigs.TryGetValue(arn, out var config) ? config : null;
    }

    private ApiResult PutFunctionCodeSigningConfig(AwsRequest r)
    {
        var (fn, _, _) = Find(r, allowQualifierInName: false);
        var arn = r.ReqStr("CodeSigningConfigArn");
        fn.CodeSigningConfigArn = FindCodeSigningConfig(r, arn) is not null
            ? arn
            : throw new AwsException("CodeSigningConfigNotFoundException", $"The code signing configuration cannot be found. Check that the provided configuration is not deleted: {arn}.", 404);
        return ApiResult.Ok(new JsonObject { ["CodeSigningConfigArn"] = fn.CodeSigningConfigArn, ["FunctionName"] = fn.Name });
    }

    private ApiResult GetFunctionCodeSigningConfig(AwsRequest r)
    {
        var (fn, _, _) = Find(r, allowQualifierInName: false);
        return ApiResult.Ok(new JsonObject { ["CodeSigningConfigArn"] = fn.CodeSigningConfigArn ?? "", ["FunctionName"] = fn.Name });
    }

    private ApiResult PublishLayerVersion(AwsRequest r)
    {
        var name = r.PathParams["LayerName"];
        var rs = r.RegionState;
        if (!rs.Layers.TryGetValue(name, out var versions)) rs.Layers[name] = versions = new SortedDictionary<long, LayerVersion>();
        var number = versions.Count == 0 ? 1 : versions.Keys.Max() + 1;
        var layerArn = $"arn:aws:lambda:{rs.Region}:{rs.AccountId}:layer:{name}";
        var zip = (r.Json["Content"] as JsonObject)?["ZipFile"] is JsonValue z && z.TryGetValue<string>(out var zipBase64) ? Convert.FromBase64String(zipBase64) : null;
        var info = new JsonObject
        {
            ["Content"] = new JsonObject
            {
                ["Location"] = CodeDownloads.Url(r.Http, "layer", rs.AccountId, rs.Region, name, number.ToString(CultureInfo.InvariantCulture)),
                ["CodeSha256"] = Ids.CodeSha(),
                ["CodeSize"] = zip?.Length ?? 0,
            },
            ["LayerArn"] = layerArn,
            ["LayerVersionArn"] = $"{layerArn}:{number.ToString(CultureInfo.InvariantCulture)}",
            ["Description"] = r.Str("Description") ?? "",
            ["CreatedDate"] = IsoNow(),
            ["Version"] = number,
            ["CompatibleRuntimes"] = r.Json["CompatibleRuntimes"]?.DeepClone() ?? new JsonArray(),
        };
        versions[number] = new LayerVersion { Info = info, ZipFile = zip };
        return ApiResult.Created(info.DeepClone());
    }

    /// <summary>The layer version named by the path: LayerName is a name (this account) or a layer ARN (any account).</summary>
    private static LayerVersion FindLayerVersion(AwsRequest r) => FindLayerVersion(r, r.PathParams["LayerName"], r.PathParams["VersionNumber"]);

    private static LayerVersion FindLayerVersion(AwsRequest r, string layer, string versionNumber)
    {
        var parts = layer.Split(':');
        var (account, region, name) = parts.Length == 7 && parts[5] == "layer" ? (parts[4], parts[3], parts[6]) : (r.AccountId, r.Region, layer);
        var number = long.TryParse(versionNumber, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) ? n : -1;
        return r.State.Region(account, region).Layers.TryGetValue(name, out var versions) && versions.TryGetValue(number, out var version)
            ? version
            : throw new AwsException("ResourceNotFoundException", "The resource you requested does not exist.", 404);
    }

    /// <summary>GET /2018-10-31/layers?find=LayerVersion&amp;Arn=...: a layer version by its ARN (arn:...:layer:name:version).</summary>
    private ApiResult GetLayerVersionByArn(AwsRequest r)
    {
        if (r.Query("find") != "LayerVersion")
            throw new AwsException("InvalidParameterValueException", "ListLayers is not supported by the emulator.");
        var arn = r.Query("Arn") ?? throw new AwsException("ValidationException", "1 validation error detected: Value null at 'arn' failed to satisfy constraint: Member must not be null");
        var split = arn.LastIndexOf(':');
        return ApiResult.Ok(FindLayerVersion(r, split < 0 ? arn : arn[..split], split < 0 ? "" : arn[(split + 1)..]).Info.DeepClone());
    }

    private ApiResult AddLayerVersionPermission(AwsRequest r)
    {
        var version = FindLayerVersion(r);
        var sid = r.ReqStr("StatementId");
        var action = r.ReqStr("Action");
        var principal = r.ReqStr("Principal");
        if (version.Policy.Statements.Any(s => s["Sid"]?.GetValue<string>() == sid))
            throw new AwsException("ResourceConflictException", $"The statement id ({sid}) provided already exists. Please provide a new statement id, or remove the existing statement.", 409);
        var statement = new JsonObject
        {
            ["Sid"] = sid,
            ["Effect"] = "Allow",
            ["Principal"] = principal == "*" ? "*" : new JsonObject { ["AWS"] = $"arn:aws:iam::{principal}:root" },
            ["Action"] = action,
            ["Resource"] = version.Info["LayerVersionArn"]!.GetValue<string>(),
        };
        if (r.Str("OrganizationId") is { } org)
            statement["Condition"] = new JsonObject { ["StringEquals"] = new JsonObject { ["aws:PrincipalOrgID"] = org } };
        version.Policy.Statements.Add(statement);
        version.Policy.RevisionId = Ids.Uuid();
        return ApiResult.Created(new JsonObject { ["Statement"] = statement.ToJsonString(JsonOut.Options), ["RevisionId"] = version.Policy.RevisionId });
    }

    private ApiResult GetLayerVersionPolicy(AwsRequest r)
    {
        var version = FindLayerVersion(r);
        return version.Policy.Statements.Count == 0
            ? throw new AwsException("ResourceNotFoundException", "No policy is associated with the given resource.", 404)
            : ApiResult.Ok(new JsonObject { ["Policy"] = version.Policy.ToJson(), ["RevisionId"] = version.Policy.RevisionId });
    }
}
