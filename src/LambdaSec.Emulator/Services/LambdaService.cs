using System.Globalization;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LambdaSec.Emulator.Protocols;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Services;

/// <summary>AWS Lambda control plane (rest-json, 2015-03-31 and later URI versions).</summary>
public sealed partial class LambdaService : RestJsonService
{
    public const string EventSource = "lambda.amazonaws.com";
    private const int AccountConcurrency = 1000;
    private const int MinimumUnreserved = 100;

    [GeneratedRegex(@"^arn:(aws[a-zA-Z-]*)?:iam::\d{12}:role/?[a-zA-Z_0-9+=,.@\-_/]+$")]
    private static partial Regex RolePattern();

    [GeneratedRegex(@"^(arn:(aws[a-zA-Z-]*)?:lambda:)?(([a-z]{2}(-gov)?-[a-z]+-\d{1}):)?((\d{12}):)?(function:)?([a-zA-Z0-9-_\.]+)(:(\$LATEST|[a-zA-Z0-9-_]+))?$")]
    private static partial Regex FunctionNamePattern();

    [GeneratedRegex(@"^[a-z][a-z0-9]*(\d+(\.\d+)*)?(\.x|\.al2|\.al2023)?$|^provided(\.al2|\.al2023)?$")]
    private static partial Regex RuntimePattern();

    public LambdaService() : base("lambda", lambdaStyleErrors: true)
    {
        Map("POST", "/2015-03-31/functions", "CreateFunction", CreateFunction);
        Map("GET", "/2015-03-31/functions", "ListFunctions", ListFunctions);
        Map("GET", "/2015-03-31/functions/{FunctionName}", "GetFunction", GetFunction);
        Map("DELETE", "/2015-03-31/functions/{FunctionName}", "DeleteFunction", DeleteFunction);
        Map("GET", "/2015-03-31/functions/{FunctionName}/configuration", "GetFunctionConfiguration", GetFunctionConfiguration);
        Map("POST", "/2015-03-31/functions/{FunctionName}/policy", "AddPermission", AddPermission);
        Map("GET", "/2015-03-31/functions/{FunctionName}/policy", "GetPolicy", GetPolicy);
        Map("DELETE", "/2015-03-31/functions/{FunctionName}/policy/{StatementId}", "RemovePermission", RemovePermission);
        Map("POST", "/2015-03-31/functions/{FunctionName}/aliases", "CreateAlias", CreateAlias);
        Map("GET", "/2015-03-31/functions/{FunctionName}/aliases", "ListAliases", ListAliases);
        Map("GET", "/2015-03-31/functions/{FunctionName}/aliases/{Name}", "GetAlias", GetAlias);
        Map("POST", "/2015-03-31/functions/{FunctionName}/versions", "PublishVersion", PublishVersion);
        Map("GET", "/2015-03-31/functions/{FunctionName}/versions", "ListVersionsByFunction", ListVersionsByFunction);
        Map("POST", "/2021-10-31/functions/{FunctionName}/url", "CreateFunctionUrlConfig", CreateFunctionUrlConfig);
        Map("GET", "/2021-10-31/functions/{FunctionName}/url", "GetFunctionUrlConfig", GetFunctionUrlConfig);
        Map("PUT", "/2021-10-31/functions/{FunctionName}/url", "UpdateFunctionUrlConfig", UpdateFunctionUrlConfig);
        Map("DELETE", "/2021-10-31/functions/{FunctionName}/url", "DeleteFunctionUrlConfig", DeleteFunctionUrlConfig);
        Map("GET", "/2021-10-31/functions/{FunctionName}/urls", "ListFunctionUrlConfigs", ListFunctionUrlConfigs);
        Map("PUT", "/2017-10-31/functions/{FunctionName}/concurrency", "PutFunctionConcurrency", PutFunctionConcurrency);
        Map("GET", "/2019-09-30/functions/{FunctionName}/concurrency", "GetFunctionConcurrency", GetFunctionConcurrency);
        Map("DELETE", "/2017-10-31/functions/{FunctionName}/concurrency", "DeleteFunctionConcurrency", DeleteFunctionConcurrency);
        Map("GET", "/2016-08-19/account-settings", "GetAccountSettings", GetAccountSettings);
        Map("POST", "/2015-03-31/event-source-mappings", "CreateEventSourceMapping", CreateEventSourceMapping);
        Map("GET", "/2015-03-31/event-source-mappings", "ListEventSourceMappings", ListEventSourceMappings);
        MapConfigurationOperations();
        MapTagOperations();
    }

    public override AwsException Throttled(int retryAfterSeconds) =>
        WithRetryAfter(new AwsException("TooManyRequestsException", "Rate exceeded", 429).With("Reason", "CallerRateLimitExceeded"), retryAfterSeconds);

    public override AwsException InternalError() => new("ServiceException", "Lambda encountered an internal error.", 500, senderFault: false);

    // ---- helpers ------------------------------------------------------------------------------

    private static string Now() => DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.fff+0000", CultureInfo.InvariantCulture);

    private static string IsoNow() => DateTimeOffset.UtcNow.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss.ffffff'Z'", CultureInfo.InvariantCulture);

    private static AwsException NotFound(string arn) => new("ResourceNotFoundException", $"Function not found: {arn}", 404);

    private static string FunctionArn(RegionState rs, string name) => $"arn:aws:lambda:{rs.Region}:{rs.AccountId}:function:{name}";

    /// <summary>Resolves a FunctionName path parameter (name, partial or full ARN, optional qualifier).</summary>
    private static (LambdaFunction Function, string? Qualifier, RegionState Region) Find(AwsRequest r, bool allowQualifierInName = true)
    {
        var raw = r.PathParams.GetValueOrDefault("FunctionName") ?? r.Str("FunctionName") ?? "";
        var m = FunctionNamePattern().Match(raw);
        if (!m.Success)
            throw new AwsException("ValidationException", $"1 validation error detected: Value '{raw}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{{2}}(-gov)?-[a-z]+-\\d{{1}}:)?(\\d{{12}}:)?(function:)?([a-zA-Z0-9-_\\.]+)(:(\\$LATEST|[a-zA-Z0-9-_]+))?");
        var region = m.Groups[4].Success ? m.Groups[4].Value : r.Region;
        var account = m.Groups[7].Success ? m.Groups[7].Value : r.AccountId;
        var name = m.Groups[9].Value;
        var qualifier = m.Groups[11].Success ? m.Groups[11].Value : null;
        if (qualifier is not null && !allowQualifierInName)
            throw new AwsException("InvalidParameterValueException", "Qualifier is not supported for this operation.");
        var query = r.Query("Qualifier");
        if (query is not null && qualifier is not null && query != qualifier)
            throw new AwsException("InvalidParameterValueException", "The derived qualifier from the function name does not match the specified qualifier.");
        qualifier ??= query;
        var rs = r.State.Region(account, region);
        if (!rs.Functions.TryGetValue(name, out var fn)) throw NotFound(FunctionArn(rs, name) + (qualifier is null ? "" : ":" + qualifier));
        if (qualifier is not null && qualifier != "$LATEST" && !fn.Aliases.ContainsKey(qualifier)
            && !(int.TryParse(qualifier, out var v) && fn.Versions.ContainsKey(v)))
            throw NotFound(fn.Arn + ":" + qualifier);
        return (fn, qualifier, rs);
    }

    private static string PolicyKey(string? qualifier) => qualifier is null or "$LATEST" ? "" : qualifier;

    private static string QualifiedArn(LambdaFunction fn, string? qualifier) => qualifier is null ? fn.Arn : $"{fn.Arn}:{qualifier}";

    private static JsonObject ConfigFor(LambdaFunction fn, string? qualifier)
    {
        if (qualifier is null or "$LATEST") return fn.Config;
        if (fn.Aliases.TryGetValue(qualifier, out var alias)) qualifier = alias["FunctionVersion"]!.GetValue<string>();
        return qualifier == "$LATEST" ? fn.Config : fn.Versions[int.Parse(qualifier, CultureInfo.InvariantCulture)];
    }

    private static void Trail(AwsRequest r, string eventName, JsonObject requestParameters, JsonNode? response, LambdaFunction fn) =>
        TrailRecorder.Record(r, EventSource, eventName, requestParameters, response, [("AWS::Lambda::Function", fn.Name)]);

    private static JsonObject TrailInput(AwsRequest r, LambdaFunction fn, string? qualifier)
    {
        var p = TrailRecorder.CamelCase(r.Json);
        p["functionName"] = r.PathParams.GetValueOrDefault("FunctionName") ?? fn.Name;
        if (qualifier is not null) p["qualifier"] = qualifier;
        return p;
    }

    private static (int Start, int Max) Page(AwsRequest r, int defaultMax = 50, int limit = 10000)
    {
        var start = 0;
        if (r.Query("Marker") is { Length: > 0 } marker)
        {
            try { start = int.Parse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(marker)), CultureInfo.InvariantCulture); }
            catch (FormatException) { throw new AwsException("InvalidParameterValueException", "Invalid marker."); }
        }
        var max = defaultMax;
        if (r.Query("MaxItems") is { Length: > 0 } m)
        {
            if (!int.TryParse(m, out max) || max < 1 || max > limit)
                throw new AwsException("ValidationException", $"1 validation error detected: Value '{m}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to {limit}");
            max = Math.Min(max, 50);
        }
        return (start, max);
    }

    private static JsonObject PageResult(string listName, IReadOnlyList<JsonNode> all, (int Start, int Max) page)
    {
        var items = all.Skip(page.Start).Take(page.Max).Select(n => n.DeepClone()).ToArray();
        var result = new JsonObject();
        var next = page.Start + page.Max;
        if (next < all.Count) result["NextMarker"] = Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(next.ToString(CultureInfo.InvariantCulture)));
        result[listName] = new JsonArray(items);
        return result;
    }

    // ---- functions ----------------------------------------------------------------------------

    private ApiResult CreateFunction(AwsRequest r)
    {
        var name = r.ReqStr("FunctionName");
        var m = FunctionNamePattern().Match(name);
        if (!m.Success || m.Groups[11].Success || name.Length > 140)
            throw new AwsException("ValidationException", $"1 validation error detected: Value '{name}' at 'functionName' failed to satisfy constraint: Member must satisfy regular expression pattern: (arn:(aws[a-zA-Z-]*)?:lambda:)?([a-z]{{2}}(-gov)?-[a-z]+-\\d{{1}}:)?(\\d{{12}}:)?(function:)?([a-zA-Z0-9-_]+)");
        name = m.Groups[9].Value;
        var role = r.ReqStr("Role");
        if (!RolePattern().IsMatch(role))
            throw new AwsException("ValidationException", $"1 validation error detected: Value '{role}' at 'role' failed to satisfy constraint: Member must satisfy regular expression pattern: arn:(aws[a-zA-Z-]*)?:iam::\\d{{12}}:role/?[a-zA-Z_0-9+=,.@\\-_/]+");
        var packageType = r.Str("PackageType") ?? "Zip";
        if (packageType is not ("Zip" or "Image"))
            throw new AwsException("ValidationException", $"1 validation error detected: Value '{packageType}' at 'packageType' failed to satisfy constraint: Member must satisfy enum value set: [Image, Zip]");
        var code = r.Json["Code"] as JsonObject ?? throw new AwsException("ValidationException", "1 validation error detected: Value null at 'code' failed to satisfy constraint: Member must not be null");
        var runtime = r.Str("Runtime");
        var handler = r.Str("Handler");
        if (packageType == "Zip")
        {
            if (runtime is null || handler is null)
                throw new AwsException("InvalidParameterValueException", "Runtime and Handler are mandatory parameters for functions created with deployment packages.");
            if (!RuntimePattern().IsMatch(runtime))
                throw new AwsException("InvalidParameterValueException", $"Value {runtime} at 'runtime' failed to satisfy constraint: Member must satisfy enum value set.");
            if (code["ZipFile"] is null && code["S3Bucket"] is null)
                throw new AwsException("InvalidParameterValueException", "Please provide a source for function code.");
        }
        else if (code["ImageUri"] is null)
        {
            throw new AwsException("InvalidParameterValueException", "ImageUri must be provided for functions with Image package type.");
        }
        var rs = r.RegionState;
        if (rs.Functions.ContainsKey(name)) throw new AwsException("ResourceConflictException", $"Function already exist: {name}", 409);

        var memory = r.Number("MemorySize") ?? 128;
        var timeout = r.Number("Timeout") ?? 3;
        if (memory is < 128 or > 10240)
            throw new AwsException("ValidationException", $"1 validation error detected: Value '{memory}' at 'memorySize' failed to satisfy constraint: Member must have value less than or equal to 10240");
        if (timeout is < 1 or > 900)
            throw new AwsException("ValidationException", $"1 validation error detected: Value '{timeout}' at 'timeout' failed to satisfy constraint: Member must have value less than or equal to 900");

        var arn = FunctionArn(rs, name);
        var zipSize = code["ZipFile"] is JsonValue z && z.TryGetValue<string>(out var b64) ? b64.Length * 3 / 4 : 0;
        var config = new JsonObject
        {
            ["FunctionName"] = name,
            ["FunctionArn"] = arn,
        };
        if (packageType == "Zip")
        {
            config["Runtime"] = runtime;
        }
        config["Role"] = role;
        if (packageType == "Zip") config["Handler"] = handler;
        config["CodeSize"] = zipSize;
        config["Description"] = r.Str("Description") ?? "";
        config["Timeout"] = timeout;
        config["MemorySize"] = memory;
        config["LastModified"] = Now();
        config["CodeSha256"] = Ids.CodeSha();
        config["Version"] = "$LATEST";
        if (r.Json["VpcConfig"] is JsonObject vpc && vpc["SubnetIds"] is JsonArray { Count: > 0 } subnets)
        {
            config["VpcConfig"] = new JsonObject
            {
                ["SubnetIds"] = subnets.DeepClone(),
                ["SecurityGroupIds"] = vpc["SecurityGroupIds"]?.DeepClone() ?? new JsonArray(),
                ["VpcId"] = "vpc-" + Math.Abs(subnets[0]!.ToString().GetHashCode(StringComparison.Ordinal)).ToString("x8", CultureInfo.InvariantCulture),
                ["Ipv6AllowedForDualStack"] = vpc["Ipv6AllowedForDualStack"]?.DeepClone() ?? false,
            };
        }
        if (r.Json["Environment"] is JsonObject env) config["Environment"] = new JsonObject { ["Variables"] = env["Variables"]?.DeepClone() ?? new JsonObject() };
        if (r.Str("KMSKeyArn") is { } kms) config["KMSKeyArn"] = kms;
        config["TracingConfig"] = new JsonObject { ["Mode"] = (r.Json["TracingConfig"] as JsonObject)?["Mode"]?.GetValue<string>() ?? "PassThrough" };
        if (r.Json["DeadLetterConfig"] is JsonObject dlq) config["DeadLetterConfig"] = dlq.DeepClone();
        config["RevisionId"] = Ids.Uuid();
        if (r.Json["Layers"] is JsonArray { Count: > 0 } layers)
            config["Layers"] = new JsonArray(layers.Select(l => (JsonNode)new JsonObject { ["Arn"] = l!.GetValue<string>(), ["CodeSize"] = 1024 }).ToArray());
        config["State"] = "Active";
        config["LastUpdateStatus"] = "Successful";
        config["PackageType"] = packageType;
        if (packageType == "Image")
        {
            config["ImageConfigResponse"] = new JsonObject();
        }
        config["Architectures"] = r.Json["Architectures"] is JsonArray { Count: > 0 } arch ? arch.DeepClone() : new JsonArray("x86_64");
        config["EphemeralStorage"] = new JsonObject { ["Size"] = (r.Json["EphemeralStorage"] as JsonObject)?["Size"]?.GetValue<int>() ?? 512 };
        config["SnapStart"] = new JsonObject { ["ApplyOn"] = "None", ["OptimizationStatus"] = "Off" };
        if (packageType == "Zip")
            config["RuntimeVersionConfig"] = new JsonObject { ["RuntimeVersionArn"] = $"arn:aws:lambda:{rs.Region}::runtime:{Ids.HexId(64)}" };
        var logging = r.Json["LoggingConfig"] as JsonObject;
        config["LoggingConfig"] = new JsonObject { ["LogFormat"] = logging?["LogFormat"]?.GetValue<string>() ?? "Text", ["LogGroup"] = logging?["LogGroup"]?.GetValue<string>() ?? $"/aws/lambda/{name}" };

        var fn = new LambdaFunction { Name = name, Arn = arn, Config = config };
        if (r.Json["Tags"] is JsonObject tags) fn.Tags = tags.ToDictionary(t => t.Key, t => t.Value?.ToString() ?? "");
        if (packageType == "Image") fn.ImageUri = code["ImageUri"]!.GetValue<string>();
        else if (code["ZipFile"] is JsonValue zip && zip.TryGetValue<string>(out var zipBase64)) fn.ZipFile = Convert.FromBase64String(zipBase64);
        rs.Functions[name] = fn;
        if (r.Bool("Publish") == true) Publish(fn, null);

        var input = TrailRecorder.CamelCase(r.Json);
        Trail(r, "CreateFunction20150331", input, config.DeepClone(), fn);
        return ApiResult.Created(config.DeepClone());
    }

    private ApiResult ListFunctions(AwsRequest r)
    {
        var page = Page(r);
        var all = new List<JsonNode>();
        var allVersions = r.Query("FunctionVersion") == "ALL";
        foreach (var fn in r.RegionState.Functions.Values)
        {
            all.Add(fn.Config);
            if (allVersions) all.AddRange(fn.Versions.Values);
        }
        return ApiResult.Ok(PageResult("Functions", all, page));
    }

    private ApiResult GetFunction(AwsRequest r)
    {
        var (fn, q, rs) = Find(r);
        var config = ConfigFor(fn, q);
        var result = new JsonObject { ["Configuration"] = config.DeepClone() };
        result["Code"] = fn.ImageUri is { } image
            ? new JsonObject { ["RepositoryType"] = "ECR", ["ImageUri"] = image, ["ResolvedImageUri"] = image.Split(':')[0] + "@sha256:" + Ids.HexId(64) }
            : new JsonObject { ["RepositoryType"] = "S3", ["Location"] = fn.ZipFile is null ? $"https://awslambda-{rs.Region}-tasks.s3.{rs.Region}.amazonaws.com/snapshots/{rs.AccountId}/{fn.Name}-{Ids.Uuid()}" : CodeDownloads.Url(r.Http, "function", rs.AccountId, rs.Region, fn.Name) };
        if (fn.Tags.Count > 0) result["Tags"] = new JsonObject(fn.Tags.Select(t => KeyValuePair.Create(t.Key, (JsonNode?)t.Value)));
        if (fn.ReservedConcurrency is { } c) result["Concurrency"] = new JsonObject { ["ReservedConcurrentExecutions"] = c };
        return ApiResult.Ok(result);
    }

    private ApiResult GetFunctionConfiguration(AwsRequest r)
    {
        var (fn, q, _) = Find(r);
        return ApiResult.Ok(ConfigFor(fn, q).DeepClone());
    }

    private ApiResult DeleteFunction(AwsRequest r)
    {
        var (fn, q, rs) = Find(r);
        if (q is not null && q != "$LATEST")
        {
            if (fn.Aliases.ContainsKey(q))
                throw new AwsException("InvalidParameterValueException", "Deletion of aliases is not supported by DeleteFunction; use DeleteAlias.");
            fn.Versions.Remove(int.Parse(q, CultureInfo.InvariantCulture));
            fn.Policies.Remove(q);
        }
        else
        {
            rs.Functions.Remove(fn.Name);
            rs.EventSourceMappings.RemoveAll(m => m["FunctionArn"]?.GetValue<string>()?.StartsWith(fn.Arn, StringComparison.Ordinal) == true);
        }
        Trail(r, "DeleteFunction20150331", TrailInput(r, fn, q), null, fn);
        return ApiResult.NoContent;
    }

    // ---- permissions --------------------------------------------------------------------------

    private ApiResult AddPermission(AwsRequest r)
    {
        var (fn, q, _) = Find(r);
        var key = PolicyKey(q);
        var statement = LambdaPermissions.BuildStatement(r.Json, QualifiedArn(fn, q));
        fn.Policies.TryGetValue(key, out var policy);
        if (r.Str("RevisionId") is { } revision && revision != (policy?.RevisionId ?? fn.Config["RevisionId"]!.GetValue<string>()))
            throw new AwsException("PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id", 412);
        var sid = statement["Sid"]!.GetValue<string>();
        if (policy?.Statements.Any(s => s["Sid"]?.GetValue<string>() == sid) == true)
            throw new AwsException("ResourceConflictException", $"The statement id ({sid}) provided already exists. Please provide a new statement id, or remove the existing statement.", 409);
        policy ??= fn.Policies[key] = new ResourcePolicy();
        if (policy.ToJson().Length + statement.ToJsonString(JsonOut.Options).Length > 20480)
            throw new AwsException("PolicyLengthExceededException", "The final policy size (20481) is bigger than the limit (20480).");
        policy.Statements.Add(statement);
        Touch(fn, policy, q);
        var result = new JsonObject { ["Statement"] = statement.ToJsonString(JsonOut.Options) };
        Trail(r, "AddPermission20150331v2", TrailInput(r, fn, q), new JsonObject { ["statement"] = statement.ToJsonString(JsonOut.Options) }, fn);
        return ApiResult.Created(result);
    }

    /// <summary>A policy change gives the policy (and, unqualified, the function) a new revision.</summary>
    private static void Touch(LambdaFunction fn, ResourcePolicy policy, string? qualifier)
    {
        policy.RevisionId = Ids.Uuid();
        if (PolicyKey(qualifier) == "") fn.Config["RevisionId"] = policy.RevisionId;
        else if (fn.Aliases.TryGetValue(qualifier!, out var alias)) alias["RevisionId"] = policy.RevisionId;
    }

    private ApiResult GetPolicy(AwsRequest r)
    {
        var (fn, q, _) = Find(r);
        if (!fn.Policies.TryGetValue(PolicyKey(q), out var policy) || policy.Statements.Count == 0)
            throw new AwsException("ResourceNotFoundException", "The resource you requested does not exist.", 404);
        return ApiResult.Ok(new JsonObject { ["Policy"] = policy.ToJson(), ["RevisionId"] = policy.RevisionId });
    }

    private ApiResult RemovePermission(AwsRequest r)
    {
        var (fn, q, _) = Find(r);
        var sid = r.PathParams["StatementId"];
        if (!fn.Policies.TryGetValue(PolicyKey(q), out var policy) || policy.Statements.Count == 0)
            throw new AwsException("ResourceNotFoundException", "No policy is associated with the given resource.", 404);
        if (r.Query("RevisionId") is { } revision && revision != policy.RevisionId)
            throw new AwsException("PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetPolicy API to retrieve the latest Revision Id", 412);
        var index = policy.Statements.FindIndex(s => s["Sid"]?.GetValue<string>() == sid);
        if (index < 0) throw new AwsException("ResourceNotFoundException", $"Statement {sid} is not found in resource policy.", 404);
        policy.Statements.RemoveAt(index);
        if (policy.Statements.Count == 0) fn.Policies.Remove(PolicyKey(q));
        Touch(fn, policy, q);
        var input = TrailInput(r, fn, q);
        input["statementId"] = sid;
        if (r.Query("RevisionId") is { } rev) input["revisionId"] = rev;
        Trail(r, "RemovePermission20150331v2", input, null, fn);
        return ApiResult.NoContent;
    }

    // ---- aliases and versions -----------------------------------------------------------------

    private static JsonObject Publish(LambdaFunction fn, string? description)
    {
        var version = fn.NextVersion++;
        var snapshot = (JsonObject)fn.Config.DeepClone();
        snapshot["Version"] = version.ToString(CultureInfo.InvariantCulture);
        snapshot["FunctionArn"] = $"{fn.Arn}:{version}";
        snapshot["RevisionId"] = Ids.Uuid();
        if (description is not null) snapshot["Description"] = description;
        fn.Versions[version] = snapshot;
        return snapshot;
    }

    private ApiResult PublishVersion(AwsRequest r)
    {
        var (fn, _, _) = Find(r, allowQualifierInName: false);
        if (r.Str("RevisionId") is { } rev && rev != fn.Config["RevisionId"]?.GetValue<string>())
            throw new AwsException("PreconditionFailedException", "The Revision Id provided does not match the latest Revision Id. Call the GetFunction/GetAlias API to retrieve the latest Revision Id", 412);
        var snapshot = Publish(fn, r.Str("Description"));
        Trail(r, "PublishVersion20150331", TrailInput(r, fn, null), snapshot.DeepClone(), fn);
        return ApiResult.Created(snapshot.DeepClone());
    }

    private ApiResult ListVersionsByFunction(AwsRequest r)
    {
        var (fn, _, _) = Find(r, allowQualifierInName: false);
        var all = new List<JsonNode> { fn.Config };
        all.AddRange(fn.Versions.Values);
        return ApiResult.Ok(PageResult("Versions", all, Page(r)));
    }

    private ApiResult CreateAlias(AwsRequest r)
    {
        var (fn, _, _) = Find(r, allowQualifierInName: false);
        var name = r.ReqStr("Name");
        var version = r.ReqStr("FunctionVersion");
        if (int.TryParse(name, out _)) throw new AwsException("ValidationException", $"1 validation error detected: Value '{name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: (?!^[0-9]+$)([a-zA-Z0-9-_]+)");
        if (fn.Aliases.ContainsKey(name)) throw new AwsException("ResourceConflictException", $"Alias already exists: {fn.Arn}:{name}", 409);
        if (version != "$LATEST" && !(int.TryParse(version, out var v) && fn.Versions.ContainsKey(v)))
            throw new AwsException("ResourceNotFoundException", $"Function not found: {fn.Arn}:{version}", 404);
        var alias = new JsonObject
        {
            ["AliasArn"] = $"{fn.Arn}:{name}",
            ["Name"] = name,
            ["FunctionVersion"] = version,
            ["Description"] = r.Str("Description") ?? "",
            ["RevisionId"] = Ids.Uuid(),
        };
        if (r.Json["RoutingConfig"] is JsonObject routing) alias["RoutingConfig"] = routing.DeepClone();
        fn.Aliases[name] = alias;
        Trail(r, "CreateAlias20150331", TrailInput(r, fn, null), alias.DeepClone(), fn);
        return ApiResult.Created(alias.DeepClone());
    }

    private ApiResult ListAliases(AwsRequest r)
    {
        var (fn, _, _) = Find(r, allowQualifierInName: false);
        var version = r.Query("FunctionVersion");
        var all = fn.Aliases.Values.Where(a => version is null || a["FunctionVersion"]!.GetValue<string>() == version).Cast<JsonNode>().ToList();
        return ApiResult.Ok(PageResult("Aliases", all, Page(r)));
    }

    private ApiResult GetAlias(AwsRequest r)
    {
        var (fn, _, _) = Find(r, allowQualifierInName: false);
        var name = r.PathParams["Name"];
        return fn.Aliases.TryGetValue(name, out var alias)
            ? ApiResult.Ok(alias.DeepClone())
            : throw new AwsException("ResourceNotFoundException", $"Cannot find alias arn: {fn.Arn}:{name}", 404);
    }

    // ---- function URLs ------------------------------------------------------------------------

    private static string UrlKey(LambdaFunction fn, string? q)
    {
        if (q is not null && q != "$LATEST" && !fn.Aliases.ContainsKey(q))
            throw new AwsException("InvalidParameterValueException", "Function URLs are only supported on $LATEST and aliases; the qualifier must be an alias name.");
        return PolicyKey(q);
    }

    private static JsonObject? ReadCors(AwsRequest r)
    {
        if (r.Json["Cors"] is not JsonObject cors) return null;
        return (JsonObject)cors.DeepClone();
    }

    private static AwsException UrlNotFound() => new("ResourceNotFoundException", "The resource you requested does not exist.", 404);

    private ApiResult CreateFunctionUrlConfig(AwsRequest r)
    {
        var (fn, q, rs) = Find(r);
        var key = UrlKey(fn, q);
        var authType = r.ReqStr("AuthType");
        if (authType is not ("NONE" or "AWS_IAM"))
            throw new AwsException("ValidationException", $"1 validation error detected: Value '{authType}' at 'authType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AWS_IAM]");
        if (fn.Urls.ContainsKey(key))
            throw new AwsException("ResourceConflictException", $"Failed to create function url config for [functionArn = {QualifiedArn(fn, q)}]. Error message:  FunctionUrlConfig exists for this Lambda function", 409);
        var now = IsoNow();
        var url = new JsonObject
        {
            ["FunctionUrl"] = $"https://{Ids.Alnum(32)}.lambda-url.{rs.Region}.on.aws/",
            ["FunctionArn"] = QualifiedArn(fn, q),
            ["AuthType"] = authType,
            ["CreationTime"] = now,
            ["LastModifiedTime"] = now,
            ["InvokeMode"] = r.Str("InvokeMode") ?? "BUFFERED",
        };
        if (ReadCors(r) is { } cors) url["Cors"] = cors;
        fn.Urls[key] = url;
        var response = (JsonObject)url.DeepClone();
        response.Remove("LastModifiedTime");
        Trail(r, "CreateFunctionUrlConfig20211031", TrailInput(r, fn, q), TrailRecorder.CamelCase(response), fn);
        return ApiResult.Created(response);
    }

    private ApiResult GetFunctionUrlConfig(AwsRequest r)
    {
        var (fn, q, _) = Find(r);
        return fn.Urls.TryGetValue(UrlKey(fn, q), out var url) ? ApiResult.Ok(url.DeepClone()) : throw UrlNotFound();
    }

    private ApiResult UpdateFunctionUrlConfig(AwsRequest r)
    {
        var (fn, q, _) = Find(r);
        if (!fn.Urls.TryGetValue(UrlKey(fn, q), out var url)) throw UrlNotFound();
        if (r.Str("AuthType") is { } authType)
        {
            if (authType is not ("NONE" or "AWS_IAM"))
                throw new AwsException("ValidationException", $"1 validation error detected: Value '{authType}' at 'authType' failed to satisfy constraint: Member must satisfy enum value set: [NONE, AWS_IAM]");
            url["AuthType"] = authType;
        }
        if (ReadCors(r) is { } cors) url["Cors"] = cors;
        if (r.Str("InvokeMode") is { } mode) url["InvokeMode"] = mode;
        url["LastModifiedTime"] = IsoNow();
        Trail(r, "UpdateFunctionUrlConfig20211031", TrailInput(r, fn, q), TrailRecorder.CamelCase(url), fn);
        return ApiResult.Ok(url.DeepClone());
    }

    private ApiResult DeleteFunctionUrlConfig(AwsRequest r)
    {
        var (fn, q, _) = Find(r);
        if (!fn.Urls.Remove(UrlKey(fn, q))) throw UrlNotFound();
        Trail(r, "DeleteFunctionUrlConfig20211031", TrailInput(r, fn, q), null, fn);
        return ApiResult.NoContent;
    }

    private ApiResult ListFunctionUrlConfigs(AwsRequest r)
    {
        var (fn, _, _) = Find(r, allowQualifierInName: false);
        return ApiResult.Ok(PageResult("FunctionUrlConfigs", fn.Urls.Values.Cast<JsonNode>().ToList(), Page(r)));
    }

    // ---- concurrency and account --------------------------------------------------------------

    private static int Reserved(RegionState rs) => rs.Functions.Values.Sum(f => f.ReservedConcurrency ?? 0);

    private ApiResult PutFunctionConcurrency(AwsRequest r)
    {
        var (fn, _, rs) = Find(r, allowQualifierInName: false);
        var value = r.Number("ReservedConcurrentExecutions")
            ?? throw new AwsException("ValidationException", "1 validation error detected: Value null at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must not be null");
        if (value < 0) throw new AwsException("ValidationException", $"1 validation error detected: Value '{value}' at 'reservedConcurrentExecutions' failed to satisfy constraint: Member must have value greater than or equal to 0");
        var others = Reserved(rs) - (fn.ReservedConcurrency ?? 0);
        if (AccountConcurrency - others - value < MinimumUnreserved)
            throw new AwsException("InvalidParameterValueException", $"Specified ReservedConcurrentExecutions for function decreases account's UnreservedConcurrentExecution below its minimum value of [{MinimumUnreserved}].");
        fn.ReservedConcurrency = value;
        var result = new JsonObject { ["ReservedConcurrentExecutions"] = value };
        Trail(r, "PutFunctionConcurrency20171031", TrailInput(r, fn, null), result.DeepClone(), fn);
        return ApiResult.Ok(result);
    }

    private ApiResult GetFunctionConcurrency(AwsRequest r)
    {
        var (fn, _, _) = Find(r, allowQualifierInName: false);
        return ApiResult.Ok(fn.ReservedConcurrency is { } c ? new JsonObject { ["ReservedConcurrentExecutions"] = c } : new JsonObject());
    }

    private ApiResult DeleteFunctionConcurrency(AwsRequest r)
    {
        var (fn, _, _) = Find(r, allowQualifierInName: false);
        fn.ReservedConcurrency = null;
        Trail(r, "DeleteFunctionConcurrency20171031", TrailInput(r, fn, null), null, fn);
        return ApiResult.NoContent;
    }

    private ApiResult GetAccountSettings(AwsRequest r)
    {
        var rs = r.RegionState;
        long codeSize = rs.Functions.Values.Sum(f => (long)(f.Config["CodeSize"]?.GetValue<int>() ?? 0));
        return ApiResult.Ok(new JsonObject
        {
            ["AccountLimit"] = new JsonObject
            {
                ["TotalCodeSize"] = 80530636800L,
                ["CodeSizeUnzipped"] = 262144000,
                ["CodeSizeZipped"] = 52428800,
                ["ConcurrentExecutions"] = AccountConcurrency,
                ["UnreservedConcurrentExecutions"] = AccountConcurrency - Reserved(rs),
            },
            ["AccountUsage"] = new JsonObject { ["TotalCodeSize"] = codeSize, ["FunctionCount"] = rs.Functions.Count },
        });
    }

    // ---- event source mappings ----------------------------------------------------------------

    private ApiResult CreateEventSourceMapping(AwsRequest r)
    {
        var (fn, q, rs) = Find(r);
        var uuid = Ids.Uuid();
        var source = r.Str("EventSourceArn");
        if (source is null && r.Json["SelfManagedEventSource"] is null)
            throw new AwsException("InvalidParameterValueException", "Unrecognized event source, must be kinesis, dynamodb stream, sqs, msk, mq, documentdb or a self-managed event source.");
        var mapping = new JsonObject
        {
            ["UUID"] = uuid,
            // Lambda's defaults (botocore BatchSize documentation): 10 for SQS, 100 for streams and Kafka.
            ["BatchSize"] = r.Number("BatchSize") ?? (source?.StartsWith("arn:aws:sqs:", StringComparison.Ordinal) == true ? 10 : 100),
            ["MaximumBatchingWindowInSeconds"] = r.Number("MaximumBatchingWindowInSeconds") ?? 0,
            ["FunctionArn"] = QualifiedArn(fn, q),
            ["LastModified"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
            ["State"] = r.Bool("Enabled") == false ? "Disabled" : "Creating",
            ["StateTransitionReason"] = "USER_INITIATED",
            ["FunctionResponseTypes"] = new JsonArray(),
            ["EventSourceMappingArn"] = $"arn:aws:lambda:{rs.Region}:{rs.AccountId}:event-source-mapping:{uuid}",
        };
        if (source is not null) mapping["EventSourceArn"] = source;
        if (r.Str("StartingPosition") is { } pos) mapping["StartingPosition"] = pos;
        // The members that say where events come from and how Lambda authenticates (botocore EventSourceMappingConfiguration).
        foreach (var member in new[] { "SelfManagedEventSource", "SourceAccessConfigurations", "Topics", "Queues", "AmazonManagedKafkaEventSourceConfig", "SelfManagedKafkaEventSourceConfig", "DestinationConfig", "FilterCriteria" })
            if (r.Json[member] is { } value) mapping[member] = value.DeepClone();
        rs.EventSourceMappings.Add(mapping);
        Trail(r, "CreateEventSourceMapping20150331", TrailRecorder.CamelCase(r.Json), mapping.DeepClone(), fn);
        var response = (JsonObject)mapping.DeepClone();
        mapping["State"] = r.Bool("Enabled") == false ? "Disabled" : "Enabled";
        return new ApiResult(202, response);
    }

    private ApiResult ListEventSourceMappings(AwsRequest r)
    {
        IEnumerable<JsonObject> all = r.RegionState.EventSourceMappings;
        if (r.Query("FunctionName") is { Length: > 0 })
        {
            r.PathParams["FunctionName"] = r.Query("FunctionName")!;
            var (fn, _, _) = Find(r);
            all = all.Where(m => m["FunctionArn"]!.GetValue<string>().StartsWith(fn.Arn, StringComparison.Ordinal));
        }
        if (r.Query("EventSourceArn") is { Length: > 0 } source)
            all = all.Where(m => m["EventSourceArn"]?.GetValue<string>() == source);
        return ApiResult.Ok(PageResult("EventSourceMappings", all.Cast<JsonNode>().ToList(), Page(r)));
    }
}
