using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaSec.Emulator.Protocols;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.Services;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Scenario;

/// <summary>
/// Loads a declarative estate (see README.md, "Scenario files"). Every resource is created through
/// the same operation handlers the wire uses (CreateFunction, AddPermission, CreateRole...), so a
/// scenario can hold nothing the API would refuse; raw policy statements and historic CloudTrail
/// events are the two exceptions, written directly.
/// </summary>
public sealed class ScenarioLoader
{
    private readonly EmulatorState state;
    private readonly ServiceRegistry registry;
    private int functions, roles, events;

    private ScenarioLoader(EmulatorState state, ServiceRegistry registry)
    {
        this.state = state;
        this.registry = registry;
    }

    public static JsonObject LoadFile(StateStore store, ServiceRegistry registry, string path) =>
        Load(store, registry, File.ReadAllText(ResolvePath(path)));

    /// <summary>A path as given, else a scenario shipped beside the emulator ("demo" = Scenarios/demo.json).</summary>
    public static string ResolvePath(string path)
    {
        if (File.Exists(path)) return path;
        var name = Path.GetFileName(path);
        var shipped = Path.Combine(AppContext.BaseDirectory, "Scenarios", name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) ? name : name + ".json");
        return File.Exists(shipped) ? shipped : throw new FileNotFoundException($"Scenario file '{path}' not found (nor '{shipped}').");
    }

    public static JsonObject Load(StateStore store, ServiceRegistry registry, string json)
    {
        var root = JsonNode.Parse(json, documentOptions: new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true }) as JsonObject
            ?? throw new ArgumentException("A scenario must be a JSON object.");
        return Load(store, registry, root);
    }

    public static JsonObject Load(StateStore store, ServiceRegistry registry, JsonObject root)
    {
        lock (store.Gate)
        {
            var loader = new ScenarioLoader(store.Current, registry);
            try
            {
                loader.LoadRoot(root);
            }
            catch (AwsException e)
            {
                throw new InvalidOperationException($"Scenario rejected by the emulated API: {e.Code}: {e.Message}", e);
            }
            return new JsonObject
            {
                ["accounts"] = store.Current.Accounts.Count,
                ["functions"] = loader.functions,
                ["roles"] = loader.roles,
                ["events"] = loader.events,
            };
        }
    }

    private static string? S(JsonNode? n, string key) => n?[key] is JsonValue v ? v.ToString() : null;

    private static IEnumerable<JsonObject> Items(JsonNode? n, string key) => (n?[key] as JsonArray ?? []).OfType<JsonObject>();

    private static string Doc(JsonNode? n) => n is JsonValue v && v.TryGetValue<string>(out var s) ? s : n?.ToJsonString(JsonOut.Options) ?? "{}";

    private void LoadRoot(JsonObject root)
    {
        var accounts = Items(root, "accounts").ToList();
        if (root["organization"] is JsonObject org)
        {
            var master = S(org, "managementAccount") ?? S(accounts.FirstOrDefault(), "id") ?? CallerIdentity.DefaultAccount;
            var masterJson = accounts.FirstOrDefault(a => S(a, "id") == master);
            var o = OrganizationsService.Create(state, master, S(masterJson, "email"), S(masterJson, "name"), id: S(org, "id"));
            foreach (var a in accounts.Where(a => S(a, "id") != master))
                OrganizationsService.AddAccount(state, o, S(a, "id")!, S(a, "name") ?? S(a, "id")!, S(a, "email") ?? $"{S(a, "id")}@example.com", "INVITED");
            foreach (var extra in Items(org, "accounts"))
                OrganizationsService.AddAccount(state, o, S(extra, "id")!, S(extra, "name") ?? S(extra, "id")!, S(extra, "email") ?? $"{S(extra, "id")}@example.com", "INVITED");
            var targets = new Dictionary<string, string>(StringComparer.Ordinal) { ["Root"] = o.RootId };
            foreach (var ou in Items(org, "organizationalUnits")) LoadOrganizationalUnit(o, o.RootId, ou, targets);
            foreach (var policy in Items(org, "policies")) LoadServiceControlPolicy(o, policy, targets);
        }
        foreach (var account in accounts) LoadAccount(account);
    }

    // ---- Organizations ---------------------------------------------------------------------------

    /// <summary>An OU with its accounts (ids) and child OUs; its name becomes a policy target name (names are unique per parent only, so use distinct names).</summary>
    private static void LoadOrganizationalUnit(Organization org, string parentId, JsonObject ou, Dictionary<string, string> targets)
    {
        var name = S(ou, "name") ?? throw new ArgumentException("Every scenario organizationalUnit needs a \"name\".");
        var id = OrganizationsService.AddOrganizationalUnit(org, parentId, name)["Id"]!.GetValue<string>();
        targets[name] = id;
        foreach (var account in (ou["accounts"] as JsonArray ?? []).Select(a => a?.ToString() ?? ""))
            OrganizationsService.Place(org, account, id);
        foreach (var child in Items(ou, "organizationalUnits")) LoadOrganizationalUnit(org, id, child, targets);
    }

    /// <summary>A service control policy ("content": object or JSON text) attached to its "targets": "Root", OU names or account ids.</summary>
    private static void LoadServiceControlPolicy(Organization org, JsonObject policy, Dictionary<string, string> targets)
    {
        var name = S(policy, "name") ?? throw new ArgumentException("Every scenario policy of the organization needs a \"name\".");
        var id = name == "FullAWSAccess" ? OrganizationsService.FullAccessPolicyId
            : OrganizationsService.AddPolicy(org, name, S(policy, "description"), Doc(policy["content"]))["PolicySummary"]!["Id"]!.GetValue<string>();
        foreach (var target in (policy["targets"] as JsonArray ?? []).Select(t => t?.ToString() ?? ""))
            OrganizationsService.Attach(org, id, targets.TryGetValue(target, out var resolved) ? resolved : target);
    }

    private void LoadAccount(JsonObject account)
    {
        var id = S(account, "id") ?? throw new ArgumentException("Every scenario account needs an \"id\" (12 digits).");
        if (!CallerIdentity.IsAccountId(id)) throw new ArgumentException($"Scenario account id '{id}' is not 12 digits.");
        var acct = state.Account(id);
        acct.Name ??= S(account, "name");
        foreach (var p in Items(account, "policies")) LoadPolicy(id, p);
        foreach (var r in Items(account, "roles")) LoadRole(id, r);
        foreach (var g in Items(account, "groups")) LoadIdentity(id, "Group", g);
        foreach (var u in Items(account, "users")) LoadIdentity(id, "User", u);
        if (account["regions"] is JsonObject regions)
        {
            // Web ACLs and functions first: APIs, load balancers and associations refer to them.
            foreach (var (region, body) in regions) foreach (var acl in Items(body, "webAcls")) LoadWebAcl(id, region, acl);
            foreach (var (region, body) in regions) foreach (var fn in Items(body, "functions")) LoadFunction(id, region, fn);
            foreach (var (region, body) in regions)
            {
                foreach (var api in Items(body, "restApis")) LoadRestApi(id, region, api);
                foreach (var api in Items(body, "httpApis")) LoadHttpApi(id, region, api);
                foreach (var lb in Items(body, "loadBalancers")) LoadLoadBalancer(id, region, lb);
                foreach (var e in Items(body, "events")) LoadEvent(id, region, e);
                foreach (var g in Items(body, "logGroups")) LoadLogGroup(id, region, g);
                foreach (var subnet in Items(body, "subnets"))
                    Ec2Service.AddSubnet(state.Region(id, region), S(subnet, "id") ?? throw new ArgumentException("Every scenario subnet needs an \"id\"."),
                        S(subnet, "vpcId") ?? "vpc-0emulator000000001", S(subnet, "cidrBlock") ?? "10.0.0.0/24", S(subnet, "availabilityZone") ?? region + "a");
                if (body?["inspector"] is JsonObject inspector)
                    foreach (var (member, status) in inspector) Inspector2Service.Set(state.Region(id, region), member, status?.ToString() ?? "");
                if (body?["inspectorFindings"] is JsonArray findings) Inspector2Service.SetFindings(state.Region(id, region), id, region, findings);
                if (body is JsonObject regionBody && regionBody.ContainsKey("guardDuty")) LoadGuardDuty(state.Region(id, region), regionBody["guardDuty"]);
            }
        }
    }

    // ---- IAM ------------------------------------------------------------------------------------

    private object? Iam(string account, Dictionary<string, string> form) =>
        registry.Invoke(state, "iam", account, "us-east-1", "POST", "/", form: form);

    private static string PolicyArn(string account, string nameOrArn) =>
        nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? nameOrArn : $"arn:aws:iam::{account}:policy/{nameOrArn}";

    private void LoadPolicy(string account, JsonObject p)
    {
        var name = S(p, "name") ?? throw new ArgumentException("Every scenario policy needs a \"name\".");
        var versions = (p["versions"] as JsonArray)?.Select(Doc).ToList() ?? [Doc(p["document"])];
        Iam(account, new() { ["Action"] = "CreatePolicy", ["PolicyName"] = name, ["Path"] = S(p, "path") ?? "/", ["PolicyDocument"] = versions[0] });
        var arn = $"arn:aws:iam::{account}:policy{S(p, "path") ?? "/"}{name}";
        foreach (var doc in versions.Skip(1))
            Iam(account, new() { ["Action"] = "CreatePolicyVersion", ["PolicyArn"] = arn, ["PolicyDocument"] = doc, ["SetAsDefault"] = "true" });
    }

    private const string LambdaTrust = """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"Service":"lambda.amazonaws.com"},"Action":"sts:AssumeRole"}]}""";

    private void LoadRole(string account, JsonObject r)
    {
        var name = S(r, "name") ?? throw new ArgumentException("Every scenario role needs a \"name\".");
        var form = new Dictionary<string, string>
        {
            ["Action"] = "CreateRole",
            ["RoleName"] = name,
            ["Path"] = S(r, "path") ?? "/",
            ["AssumeRolePolicyDocument"] = r["trust"] is null ? LambdaTrust : Doc(r["trust"]),
        };
        if (S(r, "description") is { } d) form["Description"] = d;
        if (state.Account(account).Roles.ContainsKey(name)) return;
        Iam(account, form);
        roles++;
        if (r["inlinePolicies"] is JsonObject inline)
            foreach (var (policyName, doc) in inline)
                Iam(account, new() { ["Action"] = "PutRolePolicy", ["RoleName"] = name, ["PolicyName"] = policyName, ["PolicyDocument"] = Doc(doc) });
        foreach (var managed in (r["managedPolicies"] as JsonArray ?? []).Select(m => m!.ToString()))
            Iam(account, new() { ["Action"] = "AttachRolePolicy", ["RoleName"] = name, ["PolicyArn"] = PolicyArn(account, managed) });
        if (S(r, "permissionsBoundary") is { } boundary)
            Iam(account, new() { ["Action"] = "PutRolePermissionsBoundary", ["RoleName"] = name, ["PermissionsBoundary"] = PolicyArn(account, boundary) });
        if (r["lastAccessed"] is JsonObject last)
        {
            var role = state.Account(account).Roles[name];
            foreach (var (ns, when) in last)
                role.LastAccessed[ns] = DateTimeOffset.Parse(when!.ToString(), CultureInfo.InvariantCulture);
        }
    }

    /// <summary>A user or group: {name, path, inlinePolicies, managedPolicies}, a user also {groups, permissionsBoundary}.</summary>
    private void LoadIdentity(string account, string kind, JsonObject x)
    {
        var name = S(x, "name") ?? throw new ArgumentException($"Every scenario {kind.ToLowerInvariant()} needs a \"name\".");
        var key = kind + "Name";
        Iam(account, new() { ["Action"] = "Create" + kind, [key] = name, ["Path"] = S(x, "path") ?? "/" });
        if (x["inlinePolicies"] is JsonObject inline)
            foreach (var (policyName, doc) in inline)
                Iam(account, new() { ["Action"] = $"Put{kind}Policy", [key] = name, ["PolicyName"] = policyName, ["PolicyDocument"] = Doc(doc) });
        foreach (var managed in (x["managedPolicies"] as JsonArray ?? []).Select(m => m!.ToString()))
            Iam(account, new() { ["Action"] = $"Attach{kind}Policy", [key] = name, ["PolicyArn"] = PolicyArn(account, managed) });
        foreach (var group in (x["groups"] as JsonArray ?? []).Select(g => g!.ToString()))
            Iam(account, new() { ["Action"] = "AddUserToGroup", ["UserName"] = name, ["GroupName"] = group });
        if (S(x, "permissionsBoundary") is { } boundary)
            Iam(account, new() { ["Action"] = "PutUserPermissionsBoundary", ["UserName"] = name, ["PermissionsBoundary"] = PolicyArn(account, boundary) });
    }

    // ---- Lambda ---------------------------------------------------------------------------------

    private JsonObject? Lambda(string account, string region, string method, string path, JsonObject? body = null, string? query = null) =>
        registry.Invoke(state, "lambda", account, region, method, path, json: body, query: query) as JsonObject;

    private string RoleArn(string account, string? role)
    {
        if (role is null) return $"arn:aws:iam::{account}:role/lambda-basic-execution";
        if (role.StartsWith("arn:", StringComparison.Ordinal)) return role;
        return state.Account(account).Roles.TryGetValue(role, out var r) ? r.Arn : $"arn:aws:iam::{account}:role/{role}";
    }

    private static readonly string[] CopiedFunctionFields =
        ["Description", "Timeout", "MemorySize", "Architectures", "KMSKeyArn", "Layers", "EphemeralStorage", "Tags", "Publish", "DeadLetterConfig", "LoggingConfig"];

    private void LoadFunction(string account, string region, JsonObject f)
    {
        var name = S(f, "name") ?? throw new ArgumentException("Every scenario function needs a \"name\".");
        var image = S(f, "packageType") == "Image";
        var body = new JsonObject
        {
            ["FunctionName"] = name,
            ["Role"] = RoleArn(account, S(f, "role")),
            ["PackageType"] = image ? "Image" : "Zip",
            ["Code"] = image
                ? new JsonObject { ["ImageUri"] = S(f, "imageUri") ?? $"{account}.dkr.ecr.{region}.amazonaws.com/{name}:latest" }
                : new JsonObject { ["ZipFile"] = "UEsFBgAAAAAAAAAAAAAAAAAAAAAAAA==" },
        };
        if (!image)
        {
            body["Runtime"] = S(f, "runtime") ?? "python3.12";
            body["Handler"] = S(f, "handler") ?? "index.handler";
        }
        foreach (var field in CopiedFunctionFields)
        {
            var key = char.ToLowerInvariant(field[0]) + field[1..];
            if (f[key] is { } v) body[field] = v.DeepClone();
        }
        if (f["vpc"] is JsonObject vpc)
            body["VpcConfig"] = new JsonObject { ["SubnetIds"] = vpc["subnetIds"]?.DeepClone(), ["SecurityGroupIds"] = vpc["securityGroupIds"]?.DeepClone() ?? new JsonArray() };
        if (f["environment"] is JsonObject env) body["Environment"] = new JsonObject { ["Variables"] = env.DeepClone() };
        if (S(f, "tracing") is { } tracing) body["TracingConfig"] = new JsonObject { ["Mode"] = tracing };
        Lambda(account, region, "POST", "/2015-03-31/functions", body);
        functions++;

        var basePath = "/2015-03-31/functions/" + name;
        var versions = f["publishVersions"]?.GetValue<int>() ?? 0;
        for (var i = 0; i < versions; i++) Lambda(account, region, "POST", basePath + "/versions", new JsonObject());
        foreach (var alias in Items(f, "aliases"))
            Lambda(account, region, "POST", basePath + "/aliases", new JsonObject { ["Name"] = S(alias, "name"), ["FunctionVersion"] = S(alias, "version") ?? "$LATEST" });

        var sid = 0;
        foreach (var grant in Items(f, "permissions"))
        {
            var input = new JsonObject
            {
                ["StatementId"] = S(grant, "sid") ?? $"grant-{++sid}",
                ["Action"] = S(grant, "action") ?? "lambda:InvokeFunction",
                ["Principal"] = S(grant, "principal") ?? throw new ArgumentException($"Permission of {name} needs a \"principal\"."),
            };
            foreach (var (src, dst) in new[] { ("sourceArn", "SourceArn"), ("sourceAccount", "SourceAccount"), ("principalOrgId", "PrincipalOrgID"), ("functionUrlAuthType", "FunctionUrlAuthType"), ("eventSourceToken", "EventSourceToken") })
                if (S(grant, src) is { } v) input[dst] = v;
            var q = S(grant, "qualifier");
            Lambda(account, region, "POST", basePath + "/policy", input, q is null ? null : "?Qualifier=" + Uri.EscapeDataString(q));
        }
        if (f["policyStatements"] is JsonArray raw)
        {
            var fn = state.Region(account, region).Functions[name];
            if (!fn.Policies.TryGetValue("", out var policy)) fn.Policies[""] = policy = new ResourcePolicy();
            foreach (var st in raw.OfType<JsonObject>())
            {
                var copy = (JsonObject)st.DeepClone();
                copy["Resource"] ??= fn.Arn;
                policy.Statements.Add(copy);
            }
            policy.RevisionId = Ids.Uuid();
            fn.Config["RevisionId"] = policy.RevisionId;
        }
        if (f["url"] is JsonObject url)
        {
            var input = new JsonObject { ["AuthType"] = S(url, "authType") ?? "AWS_IAM" };
            if (url["cors"] is JsonObject cors) input["Cors"] = cors.DeepClone();
            var q = S(url, "qualifier");
            Lambda(account, region, "POST", "/2021-10-31/functions/" + name + "/url", input, q is null ? null : "?Qualifier=" + Uri.EscapeDataString(q));
        }
        if (f["reservedConcurrency"] is JsonValue rc)
            Lambda(account, region, "PUT", "/2017-10-31/functions/" + name + "/concurrency", new JsonObject { ["ReservedConcurrentExecutions"] = rc.GetValue<int>() });
    }

    private static string FunctionArn(string account, string region, string nameOrArn) =>
        nameOrArn.StartsWith("arn:", StringComparison.Ordinal) ? nameOrArn : $"arn:aws:lambda:{region}:{account}:function:{nameOrArn}";

    // ---- API Gateway, ELB, WAF ----------------------------------------------------------------------

    private JsonObject? Call(string service, string account, string region, string method, string path, JsonObject? body = null) =>
        registry.Invoke(state, service, account, region, method, path, json: body) as JsonObject;

    /// <summary>A CloudWatch Logs log group ("name", optional "retentionInDays"), through CreateLogGroup and PutRetentionPolicy.</summary>
    private void LoadLogGroup(string account, string region, JsonObject g)
    {
        var name = new JsonObject { ["logGroupName"] = S(g, "name") ?? throw new ArgumentException("Every scenario logGroup needs a \"name\".") };
        Rpc("logs", account, region, "CreateLogGroup", name);
        if (g["retentionInDays"] is { } days) Rpc("logs", account, region, "PutRetentionPolicy", new JsonObject { ["logGroupName"] = name["logGroupName"]!.DeepClone(), ["retentionInDays"] = days.DeepClone() });
    }

    /// <summary>
    /// The region's GuardDuty detector: {"enable": bool (default true), "features": {"LAMBDA_NETWORK_LOGS": "ENABLED", ...}}
    /// creates it or, when one exists (a scenario loaded on top of another), updates it; null deletes it.
    /// </summary>
    private static void LoadGuardDuty(RegionState region, JsonNode? spec)
    {
        if (spec is not JsonObject detector)
        {
            region.GuardDutyDetector = null;
            return;
        }

        var features = new JsonArray();
        foreach (var (name, status) in detector["features"] as JsonObject ?? []) features.Add(new JsonObject { ["name"] = name, ["status"] = status?.ToString() });
        var enable = detector["enable"]?.GetValue<bool>() ?? true;
        if (region.GuardDutyDetector is { } held)
        {
            held["status"] = enable ? "ENABLED" : "DISABLED";
            GuardDutyService.Apply(held, features);
        }
        else
        {
            GuardDutyService.Create(region, enable, features);
        }
    }

    private JsonObject? Rpc(string service, string account, string region, string operation, JsonObject body) =>
        registry.Invoke(state, service, account, region, "POST", "/", json: body, target: operation) as JsonObject;

    private void LoadWebAcl(string account, string region, JsonObject acl)
    {
        var body = new JsonObject
        {
            ["Name"] = S(acl, "name"),
            ["Scope"] = S(acl, "scope") ?? "REGIONAL",
            ["DefaultAction"] = new JsonObject { [S(acl, "defaultAction") ?? "Allow"] = new JsonObject() },
            ["Rules"] = acl["rules"]?.DeepClone() ?? new JsonArray(),
            ["VisibilityConfig"] = new JsonObject { ["SampledRequestsEnabled"] = true, ["CloudWatchMetricsEnabled"] = true, ["MetricName"] = S(acl, "name") },
        };
        Rpc("wafv2", account, region, "CreateWebACL", body);
    }

    private void Associate(string account, string region, string? aclName, string resourceArn)
    {
        if (aclName is null) return;
        var acl = state.Region(account, region).WebAcls.Values.FirstOrDefault(a => a.Name == aclName)
            ?? throw new ArgumentException($"Scenario web ACL '{aclName}' is not defined in {account}/{region}.");
        Rpc("wafv2", account, region, "AssociateWebACL", new JsonObject { ["WebACLArn"] = acl.Arn, ["ResourceArn"] = resourceArn });
    }

    /// <summary>Grants apigateway.amazonaws.com invoke rights the way the console does (SourceArn on the API).</summary>
    private void GrantApiGateway(string account, string region, string function, string apiId)
    {
        var name = function.StartsWith("arn:", StringComparison.Ordinal) ? function.Split(':')[6] : function;
        Lambda(account, region, "POST", "/2015-03-31/functions/" + name + "/policy", new JsonObject
        {
            ["StatementId"] = $"apigateway-{apiId}-{Ids.Alnum(6)}",
            ["Action"] = "lambda:InvokeFunction",
            ["Principal"] = "apigateway.amazonaws.com",
            ["SourceArn"] = $"arn:aws:execute-api:{region}:{account}:{apiId}/*",
        });
    }

    private void LoadRestApi(string account, string region, JsonObject spec)
    {
        var api = Call("apigateway", account, region, "POST", "/restapis", new JsonObject
        {
            ["name"] = S(spec, "name"),
            ["endpointConfiguration"] = new JsonObject { ["types"] = new JsonArray(S(spec, "endpointType") ?? "REGIONAL") },
        })!;
        var id = S(api, "id")!;
        var resources = new Dictionary<string, string>(StringComparer.Ordinal) { ["/"] = S(api, "rootResourceId")! };
        string? authorizerId = null;
        foreach (var route in Items(spec, "routes"))
        {
            var path = S(route, "path") ?? "/";
            var parent = "/";
            foreach (var part in path.Split('/', StringSplitOptions.RemoveEmptyEntries))
            {
                var full = (parent == "/" ? "" : parent) + "/" + part;
                if (!resources.ContainsKey(full))
                    resources[full] = S(Call("apigateway", account, region, "POST", $"/restapis/{id}/resources/{resources[parent]}", new JsonObject { ["pathPart"] = part }), "id")!;
                parent = full;
            }
            var auth = S(route, "authorizationType") ?? "NONE";
            var method = new JsonObject { ["authorizationType"] = auth, ["apiKeyRequired"] = route["apiKeyRequired"]?.GetValue<bool>() ?? false };
            if (auth is "CUSTOM" or "COGNITO_USER_POOLS")
            {
                authorizerId ??= S(Call("apigateway", account, region, "POST", $"/restapis/{id}/authorizers", new JsonObject
                {
                    ["name"] = "authorizer",
                    ["type"] = auth == "CUSTOM" ? "TOKEN" : "COGNITO_USER_POOLS",
                    ["identitySource"] = "method.request.header.Authorization",
                    ["providerARNs"] = auth == "CUSTOM" ? null : new JsonArray($"arn:aws:cognito-idp:{region}:{account}:userpool/{region}_example"),
                }), "id");
                method["authorizerId"] = authorizerId;
            }
            var verb = S(route, "method") ?? "ANY";
            var methodPath = $"/restapis/{id}/resources/{resources[parent]}/methods/{verb}";
            Call("apigateway", account, region, "PUT", methodPath, method);
            if (S(route, "function") is { } fn)
            {
                Call("apigateway", account, region, "PUT", methodPath + "/integration", new JsonObject
                {
                    ["type"] = "AWS_PROXY",
                    ["httpMethod"] = "POST",
                    ["uri"] = $"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{FunctionArn(account, region, fn)}/invocations",
                });
                GrantApiGateway(account, region, fn, id);
            }
        }
        var stage = S(spec, "stage") ?? "prod";
        Call("apigateway", account, region, "POST", $"/restapis/{id}/deployments", new JsonObject { ["stageName"] = stage });
        Associate(account, region, S(spec, "webAcl"), $"arn:aws:apigateway:{region}::/restapis/{id}/stages/{stage}");
    }

    private void LoadHttpApi(string account, string region, JsonObject spec)
    {
        var api = Call("apigatewayv2", account, region, "POST", "/v2/apis", new JsonObject { ["name"] = S(spec, "name"), ["protocolType"] = "HTTP" })!;
        var id = S(api, "apiId")!;
        string? jwt = null, custom = null;
        foreach (var route in Items(spec, "routes"))
        {
            var body = new JsonObject { ["routeKey"] = S(route, "routeKey") ?? "$default", ["authorizationType"] = S(route, "authorizationType") ?? "NONE" };
            if (S(route, "authorizationType") == "JWT")
            {
                jwt ??= S(Call("apigatewayv2", account, region, "POST", $"/v2/apis/{id}/authorizers", new JsonObject
                {
                    ["authorizerType"] = "JWT",
                    ["name"] = "jwt",
                    ["identitySource"] = new JsonArray("$request.header.Authorization"),
                    ["jwtConfiguration"] = new JsonObject { ["Audience"] = new JsonArray("app"), ["Issuer"] = $"https://cognito-idp.{region}.amazonaws.com/{region}_example" },
                }), "authorizerId");
                body["authorizerId"] = jwt;
            }
            else if (S(route, "authorizationType") == "CUSTOM")
            {
                custom ??= S(Call("apigatewayv2", account, region, "POST", $"/v2/apis/{id}/authorizers", new JsonObject
                {
                    ["authorizerType"] = "REQUEST",
                    ["name"] = "lambda-authorizer",
                    ["authorizerPayloadFormatVersion"] = "2.0",
                    ["identitySource"] = new JsonArray("$request.header.Authorization"),
                }), "authorizerId");
                body["authorizerId"] = custom;
            }
            if (S(route, "function") is { } fn)
            {
                var integration = Call("apigatewayv2", account, region, "POST", $"/v2/apis/{id}/integrations", new JsonObject
                {
                    ["integrationType"] = "AWS_PROXY",
                    ["integrationUri"] = FunctionArn(account, region, fn),
                    ["payloadFormatVersion"] = "2.0",
                });
                body["target"] = "integrations/" + S(integration, "integrationId");
                GrantApiGateway(account, region, fn, id);
            }
            Call("apigatewayv2", account, region, "POST", $"/v2/apis/{id}/routes", body);
        }
        Call("apigatewayv2", account, region, "POST", $"/v2/apis/{id}/stages", new JsonObject { ["stageName"] = S(spec, "stage") ?? "$default", ["autoDeploy"] = true });
    }

    private object? Elb(string account, string region, Dictionary<string, string> form) =>
        registry.Invoke(state, "elasticloadbalancing", account, region, "POST", "/", form: form);

    private void LoadLoadBalancer(string account, string region, JsonObject spec)
    {
        var name = S(spec, "name") ?? throw new ArgumentException("Every scenario load balancer needs a \"name\".");
        Elb(account, region, new()
        {
            ["Action"] = "CreateLoadBalancer",
            ["Name"] = name,
            ["Scheme"] = S(spec, "scheme") ?? "internet-facing",
            ["Subnets.member.1"] = "subnet-0a1b2c3d4e5f60001",
            ["Subnets.member.2"] = "subnet-0a1b2c3d4e5f60002",
        });
        var rs = state.Region(account, region);
        var lbArn = rs.LoadBalancers.Values.First(l => S(l, "LoadBalancerName") == name)["LoadBalancerArn"]!.GetValue<string>();
        var n = 0;
        foreach (var listener in Items(spec, "listeners"))
        {
            var fn = S(listener, "function") ?? throw new ArgumentException($"Listener of {name} needs a \"function\".");
            var tgName = $"{name}-tg{++n}";
            Elb(account, region, new() { ["Action"] = "CreateTargetGroup", ["Name"] = tgName, ["TargetType"] = "lambda" });
            var tgArn = rs.TargetGroups.Values.First(t => S(t, "TargetGroupName") == tgName)["TargetGroupArn"]!.GetValue<string>();
            var fnName = fn.StartsWith("arn:", StringComparison.Ordinal) ? fn.Split(':')[6] : fn;
            Lambda(account, region, "POST", "/2015-03-31/functions/" + fnName + "/policy", new JsonObject
            {
                ["StatementId"] = $"elb-{tgName}",
                ["Action"] = "lambda:InvokeFunction",
                ["Principal"] = "elasticloadbalancing.amazonaws.com",
                ["SourceArn"] = tgArn,
            });
            Elb(account, region, new() { ["Action"] = "RegisterTargets", ["TargetGroupArn"] = tgArn, ["Targets.member.1.Id"] = FunctionArn(account, region, fn) });
            Elb(account, region, new()
            {
                ["Action"] = "CreateListener",
                ["LoadBalancerArn"] = lbArn,
                ["Protocol"] = S(listener, "protocol") ?? "HTTP",
                ["Port"] = S(listener, "port") ?? "80",
                ["DefaultActions.member.1.Type"] = "forward",
                ["DefaultActions.member.1.TargetGroupArn"] = tgArn,
            });
        }
        Associate(account, region, S(spec, "webAcl"), lbArn);
    }

    // ---- CloudTrail history -----------------------------------------------------------------------

    private void LoadEvent(string account, string region, JsonObject e)
    {
        var name = S(e, "eventName") ?? throw new ArgumentException("Every scenario event needs an \"eventName\".");
        var time = S(e, "eventTime") is { } t ? DateTimeOffset.Parse(t, CultureInfo.InvariantCulture) : DateTimeOffset.UtcNow.AddDays(-1);
        var source = S(e, "eventSource") ?? LambdaService.EventSource;
        var caller = CallerIdentity.ForAccount(account, S(e, "accessKeyId") ?? "AKIA" + Ids.HexId(16).ToUpperInvariant());
        var identity = e["userIdentity"] as JsonObject ?? TrailRecorder.UserIdentity(caller, time);
        var id = Ids.Uuid();
        var functionName = S(e, "functionName");
        var record = new JsonObject
        {
            ["eventVersion"] = "1.08",
            ["userIdentity"] = identity.DeepClone(),
            ["eventTime"] = time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture),
            ["eventSource"] = source,
            ["eventName"] = name,
            ["awsRegion"] = region,
            ["sourceIPAddress"] = S(e, "sourceIPAddress") ?? "203.0.113.10",
            ["userAgent"] = S(e, "userAgent") ?? "aws-cli/2.15.0 Python/3.11.6 Linux/6.1 exe/x86_64",
            ["requestParameters"] = e["requestParameters"]?.DeepClone() ?? (functionName is null ? null : new JsonObject { ["functionName"] = functionName }),
            ["responseElements"] = e["responseElements"]?.DeepClone(),
            ["requestID"] = Ids.Uuid(),
            ["eventID"] = id,
            ["readOnly"] = false,
            ["eventType"] = "AwsApiCall",
            ["managementEvent"] = true,
            ["recipientAccountId"] = account,
            ["eventCategory"] = "Management",
        };
        state.Region(account, region).Events.Add(new CloudTrailEvent
        {
            EventId = id,
            EventName = name,
            EventSource = source,
            EventTime = time,
            Username = S(e, "username") ?? S(identity, "userName") ?? (S(identity, "type") == "Root" ? "root" : S(identity, "arn")),
            AccessKeyId = S(identity, "accessKeyId"),
            Resources = functionName is null ? [] : [("AWS::Lambda::Function", functionName)],
            Record = record,
        });
        events++;
    }
}
