using System.Globalization;
using System.Text.Json.Nodes;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Scenario;

/// <summary>
/// Builds a large estate for benchmarks: <c>--generate functions=10000,regions=4,accounts=3,seed=1</c>.
/// The estate's composition (names, runtimes, roles, grants, URLs, APIs, load balancers) depends only
/// on the parameters and the seed; generated identifiers (revision ids, URL hosts) are random as in AWS.
/// It is produced as a scenario document and loaded through <see cref="ScenarioLoader"/>.
/// </summary>
public static class EstateGenerator
{
    private static readonly string[] Regions = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2", "eu-central-1", "ap-northeast-1", "us-east-2", "sa-east-1"];

    // (runtime, weight): mostly current runtimes, a realistic tail of deprecated ones, a few images.
    private static readonly (string Runtime, int Weight)[] Runtimes =
    [
        ("python3.12", 18), ("nodejs20.x", 16), ("python3.13", 8), ("nodejs22.x", 8), ("python3.11", 7),
        ("nodejs18.x", 7), ("java21", 4), ("python3.9", 5), ("java17", 3), ("dotnet8", 3), ("provided.al2023", 3),
        ("nodejs16.x", 3), ("nodejs14.x", 3), ("python3.8", 3), ("nodejs12.x", 2), ("python3.7", 1), ("go1.x", 2),
        ("python2.7", 1), ("ruby2.7", 1), ("dotnet6", 1), ("java8", 1), ("image", 2),
    ];

    // (kind, weight) of the resource policy given to a function.
    private static readonly (string Kind, int Weight)[] Exposures =
    [
        ("none", 58), ("service-restricted", 12), ("service-unrestricted", 6), ("account", 3), ("cross-account", 5),
        ("organization", 4), ("public", 3), ("url-none-public", 4), ("url-iam", 3), ("url-iam-public", 2),
    ];

    private static readonly (string Kind, int Weight)[] RoleKinds =
        [("basic", 55), ("scoped", 18), ("wildcard", 10), ("admin", 6), ("escalation", 6), ("bounded-admin", 5)];

    public static void Generate(StateStore store, ServiceRegistry registry, string spec)
    {
        var p = Parse(spec);
        ScenarioLoader.Load(store, registry, Build(p["functions"], p["regions"], p["accounts"], p["seed"]));
    }

    private static Dictionary<string, int> Parse(string spec)
    {
        var values = new Dictionary<string, int>(StringComparer.OrdinalIgnoreCase) { ["functions"] = 1000, ["regions"] = 2, ["accounts"] = 1, ["seed"] = 1 };
        foreach (var part in spec.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            var kv = part.Split('=', 2);
            if (kv.Length != 2 || !values.ContainsKey(kv[0]) || !int.TryParse(kv[1], NumberStyles.Integer, CultureInfo.InvariantCulture, out var v) || v < 0)
                throw new ArgumentException($"--generate takes functions=N,regions=N,accounts=N,seed=N; '{part}' is not one of these.");
            values[kv[0]] = v;
        }
        if (values["regions"] is < 1 or > 8) throw new ArgumentException("--generate regions must be between 1 and 8.");
        if (values["accounts"] is < 1 or > 999) throw new ArgumentException("--generate accounts must be between 1 and 999.");
        return values;
    }

    private static T Pick<T>(Random rng, (T Value, int Weight)[] table)
    {
        var roll = rng.Next(table.Sum(t => t.Weight));
        foreach (var (value, weight) in table)
        {
            if (roll < weight) return value;
            roll -= weight;
        }
        return table[^1].Value;
    }

    /// <summary>111111111111, 222222222222 ... 999999999999, then 100000010000 + index.</summary>
    public static string AccountId(int index) => index < 9
        ? new string((char)('1' + index), 12)
        : (100000010000L + index).ToString(CultureInfo.InvariantCulture);

    public static JsonObject Build(int functionCount, int regionCount, int accountCount, int seed)
    {
        var rng = new Random(seed);
        var orgId = "o-gen" + seed.ToString("D7", CultureInfo.InvariantCulture);
        var accounts = Enumerable.Range(0, accountCount).Select(AccountId).ToList();
        var regions = Regions.Take(regionCount).ToList();
        var perCell = Math.Max(1, functionCount / (accountCount * regionCount));
        var remaining = functionCount;
        var accountArray = new JsonArray();
        for (var a = 0; a < accountCount; a++)
        {
            var account = accounts[a];
            var roleNames = new List<string>();
            var roles = new JsonArray();
            var roleCount = Math.Max(RoleKinds.Length, functionCount / accountCount / 15);
            for (var i = 0; i < roleCount; i++)
            {
                var kind = i < RoleKinds.Length ? RoleKinds[i].Kind : Pick(rng, RoleKinds);
                var name = $"{kind}-role-{i:D4}";
                roleNames.Add(name);
                roles.Add(Role(name, kind, account));
            }
            var regionObject = new JsonObject();
            for (var r = 0; r < regionCount; r++)
            {
                var count = a == accountCount - 1 && r == regionCount - 1 ? remaining : Math.Min(perCell, remaining);
                remaining -= count;
                regionObject[regions[r]] = Region(rng, account, accounts, regions[r], count, roleNames, orgId, a * 100 + r);
            }
            accountArray.Add(new JsonObject
            {
                ["id"] = account,
                ["name"] = a == 0 ? "management" : $"workload-{a:D2}",
                ["email"] = $"aws-{account}@example.com",
                ["policies"] = new JsonArray(new JsonObject
                {
                    ["name"] = "boundary-no-iam",
                    ["document"] = JsonNode.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*"],"Resource":"*"}]}"""),
                }),
                ["roles"] = roles,
                ["regions"] = regionObject,
            });
        }
        return new JsonObject
        {
            ["organization"] = new JsonObject { ["id"] = orgId, ["managementAccount"] = accounts[0] },
            ["accounts"] = accountArray,
        };
    }

    private static JsonObject Role(string name, string kind, string account)
    {
        var role = new JsonObject { ["name"] = name };
        var basic = "arn:aws:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole";
        switch (kind)
        {
            case "basic":
                role["managedPolicies"] = new JsonArray(basic);
                break;
            case "scoped":
                role["managedPolicies"] = new JsonArray(basic);
                role["inlinePolicies"] = new JsonObject
                {
                    ["table"] = JsonNode.Parse($$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:GetItem","dynamodb:PutItem"],"Resource":"arn:aws:dynamodb:*:{{account}}:table/{{name}}"}]}"""),
                };
                break;
            case "wildcard":
                role["managedPolicies"] = new JsonArray(basic, "arn:aws:iam::aws:policy/AmazonS3FullAccess");
                break;
            case "admin":
                role["managedPolicies"] = new JsonArray("arn:aws:iam::aws:policy/AdministratorAccess");
                break;
            case "escalation":
                role["inlinePolicies"] = new JsonObject
                {
                    ["deploy"] = JsonNode.Parse("""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:PassRole","lambda:CreateFunction","lambda:InvokeFunction"],"Resource":"*"}]}"""),
                };
                break;
            default:
                role["managedPolicies"] = new JsonArray("arn:aws:iam::aws:policy/AdministratorAccess");
                role["permissionsBoundary"] = "boundary-no-iam";
                break;
        }
        return role;
    }

    private static JsonObject Region(Random rng, string account, List<string> accounts, string region, int count,
        List<string> roleNames, string orgId, int cell)
    {
        var functions = new JsonArray();
        var names = new List<string>();
        for (var i = 0; i < count; i++)
        {
            var name = $"fn-{cell:D3}-{i:D5}";
            names.Add(name);
            var runtime = Pick(rng, Runtimes);
            var fn = new JsonObject
            {
                ["name"] = name,
                ["role"] = roleNames[rng.Next(roleNames.Count)],
                ["memorySize"] = new[] { 128, 256, 512, 1024, 2048 }[rng.Next(5)],
                ["timeout"] = new[] { 3, 10, 30, 60, 300, 900 }[rng.Next(6)],
            };
            if (runtime == "image") fn["packageType"] = "Image";
            else fn["runtime"] = runtime;
            if (rng.Next(10) == 0) fn["reservedConcurrency"] = rng.Next(1, 5);
            var grants = new JsonArray();
            var external = accounts.Count > 1 && rng.Next(2) == 0 ? accounts[(accounts.IndexOf(account) + 1) % accounts.Count] : "444455556666";
            switch (Pick(rng, Exposures))
            {
                case "service-restricted":
                    grants.Add(new JsonObject { ["sid"] = "s3", ["principal"] = "s3.amazonaws.com", ["sourceArn"] = $"arn:aws:s3:::bucket-{name}", ["sourceAccount"] = account });
                    break;
                case "service-unrestricted":
                    grants.Add(new JsonObject { ["sid"] = "s3", ["principal"] = "s3.amazonaws.com", ["sourceArn"] = $"arn:aws:s3:::bucket-{name}" });
                    break;
                case "account":
                    grants.Add(new JsonObject { ["sid"] = "self", ["principal"] = account });
                    break;
                case "cross-account":
                    grants.Add(new JsonObject { ["sid"] = "partner", ["principal"] = external });
                    break;
                case "organization":
                    grants.Add(new JsonObject { ["sid"] = "org", ["principal"] = "*", ["principalOrgId"] = orgId });
                    break;
                case "public":
                    grants.Add(new JsonObject { ["sid"] = "public", ["principal"] = "*" });
                    break;
                case "url-none-public":
                    fn["url"] = new JsonObject { ["authType"] = "NONE" };
                    grants.Add(new JsonObject { ["sid"] = "FunctionURLAllowPublicAccess", ["action"] = "lambda:InvokeFunctionUrl", ["principal"] = "*", ["functionUrlAuthType"] = "NONE" });
                    break;
                case "url-iam":
                    fn["url"] = new JsonObject { ["authType"] = "AWS_IAM" };
                    break;
                case "url-iam-public":
                    fn["url"] = new JsonObject { ["authType"] = "AWS_IAM" };
                    grants.Add(new JsonObject { ["sid"] = "AnyIam", ["action"] = "lambda:InvokeFunctionUrl", ["principal"] = "*", ["functionUrlAuthType"] = "AWS_IAM" });
                    break;
            }
            if (grants.Count > 0) fn["permissions"] = grants;
            functions.Add(fn);
        }

        var result = new JsonObject { ["functions"] = functions };
        if (names.Count == 0) return result;
        result["webAcls"] = new JsonArray(new JsonObject { ["name"] = $"acl-{cell:D3}" });
        var restApis = new JsonArray();
        for (var i = 0; i < Math.Max(1, count / 200); i++)
        {
            var withWaf = rng.Next(2) == 0;
            var api = new JsonObject
            {
                ["name"] = $"rest-{cell:D3}-{i:D3}",
                ["stage"] = "prod",
                ["routes"] = new JsonArray(
                    new JsonObject { ["path"] = "/items", ["method"] = "GET", ["authorizationType"] = rng.Next(3) == 0 ? "AWS_IAM" : "NONE", ["function"] = names[rng.Next(names.Count)] },
                    new JsonObject { ["path"] = "/items", ["method"] = "POST", ["authorizationType"] = rng.Next(2) == 0 ? "COGNITO_USER_POOLS" : "NONE", ["function"] = names[rng.Next(names.Count)] }),
            };
            if (withWaf) api["webAcl"] = $"acl-{cell:D3}";
            restApis.Add(api);
        }
        result["restApis"] = restApis;
        var httpApis = new JsonArray();
        for (var i = 0; i < Math.Max(1, count / 400); i++)
        {
            httpApis.Add(new JsonObject
            {
                ["name"] = $"http-{cell:D3}-{i:D3}",
                ["routes"] = new JsonArray(new JsonObject { ["routeKey"] = "ANY /{proxy+}", ["authorizationType"] = rng.Next(2) == 0 ? "JWT" : "NONE", ["function"] = names[rng.Next(names.Count)] }),
            });
        }
        result["httpApis"] = httpApis;
        var lbs = new JsonArray();
        for (var i = 0; i < Math.Max(1, count / 500); i++)
        {
            var lb = new JsonObject
            {
                ["name"] = $"alb-{cell:D3}-{i:D3}",
                ["scheme"] = rng.Next(3) == 0 ? "internal" : "internet-facing",
                ["listeners"] = new JsonArray(new JsonObject { ["port"] = 80, ["function"] = names[rng.Next(names.Count)] }),
            };
            if (rng.Next(2) == 0) lb["webAcl"] = $"acl-{cell:D3}";
            lbs.Add(lb);
        }
        result["loadBalancers"] = lbs;
        return result;
    }
}
