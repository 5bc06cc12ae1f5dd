using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Services;

/// <summary>WAFv2 (awsJson1_1): regional web ACLs and their associations with ALBs and
/// API Gateway REST API stages (an associated stage reports the ACL in its webAclArn).</summary>
public sealed partial class WafV2Service : JsonRpcService
{
    [GeneratedRegex(@"^arn:aws:apigateway:([a-z0-9-]+)::/restapis/([^/]+)/stages/([^/]+)$")]
    private static partial Regex StageArn();

    public WafV2Service() : base("wafv2")
    {
        Map("CreateWebACL", CreateWebAcl);
        Map("GetWebACL", GetWebAcl);
        Map("ListWebACLs", ListWebAcls);
        Map("AssociateWebACL", AssociateWebAcl);
        Map("DisassociateWebACL", DisassociateWebAcl);
        Map("GetWebACLForResource", GetWebAclForResource);
        Map("ListResourcesForWebACL", ListResourcesForWebAcl);
    }

    private static AwsException Nonexistent() =>
        new("WAFNonexistentItemException", "AWS WAF couldn’t perform the operation because your resource doesn’t exist.");

    private static AwsException InvalidParameter(string field, string reason) =>
        new AwsException("WAFInvalidParameterException", $"Error reason: {reason}, field: {field}, parameter: ").With("Field", field);

    private static JsonObject Summary(WebAcl acl) => new()
    {
        ["Name"] = acl.Name,
        ["Id"] = acl.Id,
        ["Description"] = acl.Definition["Description"]?.DeepClone() ?? "",
        ["LockToken"] = acl.LockToken,
        ["ARN"] = acl.Arn,
    };

    private static WebAcl ByArn(AwsRequest r, string arn) =>
        r.RegionState.WebAcls.Values.FirstOrDefault(a => a.Arn == arn) ?? throw Nonexistent();

    private JsonNode? CreateWebAcl(AwsRequest r)
    {
        var name = r.ReqStr("Name", "WAFInvalidParameterException");
        var scope = r.ReqStr("Scope", "WAFInvalidParameterException");
        if (scope is not ("REGIONAL" or "CLOUDFRONT")) throw InvalidParameter("SCOPE_VALUE", "illegal argument");
        if (scope == "CLOUDFRONT" && r.Region != "us-east-1") throw InvalidParameter("SCOPE_VALUE", "The scope is not valid");
        if (r.Json["DefaultAction"] is not JsonObject) throw InvalidParameter("DEFAULT_ACTION", "A required parameter is missing");
        if (r.Json["VisibilityConfig"] is not JsonObject) throw InvalidParameter("VISIBILITY_CONFIG", "A required parameter is missing");
        if (r.RegionState.WebAcls.Values.Any(a => a.Name == name && a.Scope == scope))
            throw new AwsException("WAFDuplicateItemException", "AWS WAF couldn’t perform the operation because some resource in your request is a duplicate of an existing one.");
        var id = Ids.Uuid();
        var arn = $"arn:aws:wafv2:{r.Region}:{r.AccountId}:{(scope == "REGIONAL" ? "regional" : "global")}/webacl/{name}/{id}";
        var definition = new JsonObject
        {
            ["Name"] = name,
            ["Id"] = id,
            ["ARN"] = arn,
            ["DefaultAction"] = r.Json["DefaultAction"]!.DeepClone(),
            ["Description"] = r.Str("Description") ?? "",
            ["Rules"] = r.Json["Rules"]?.DeepClone() ?? new JsonArray(),
            ["VisibilityConfig"] = r.Json["VisibilityConfig"]!.DeepClone(),
            ["Capacity"] = ((r.Json["Rules"] as JsonArray)?.Count ?? 0) * 50,
            ["ManagedByFirewallManager"] = false,
            ["LabelNamespace"] = $"awswaf:{r.AccountId}:webacl:{name}:",
            ["RetrofittedByFirewallManager"] = false,
        };
        var acl = new WebAcl { Name = name, Id = id, Arn = arn, Scope = scope, Definition = definition };
        r.RegionState.WebAcls[id] = acl;
        return new JsonObject { ["Summary"] = Summary(acl) };
    }

    private JsonNode? GetWebAcl(AwsRequest r)
    {
        var acl = r.Str("ARN") is { } arn
            ? ByArn(r, arn)
            : r.RegionState.WebAcls.GetValueOrDefault(r.ReqStr("Id", "WAFInvalidParameterException")) ?? throw Nonexistent();
        return new JsonObject { ["WebACL"] = acl.Definition.DeepClone(), ["LockToken"] = acl.LockToken };
    }

    private JsonNode? ListWebAcls(AwsRequest r)
    {
        var scope = r.ReqStr("Scope", "WAFInvalidParameterException");
        var all = r.RegionState.WebAcls.Values.Where(a => a.Scope == scope).Select(a => (JsonNode)Summary(a)).ToList();
        return JsonPaging.Page(new JsonObject(), "WebACLs", all, JsonPaging.Start(r.Str("NextMarker"), "WAFInvalidParameterException"), r.Number("Limit") ?? 100, "NextMarker");
    }

    /// <summary>Checks the resource exists in the emulated estate (ALB or REST API stage).</summary>
    private static void RequireResource(AwsRequest r, string resourceArn)
    {
        if (resourceArn.StartsWith("arn:aws:elasticloadbalancing:", StringComparison.Ordinal))
        {
            if (!r.RegionState.LoadBalancers.ContainsKey(resourceArn)) throw Nonexistent();
            return;
        }
        var m = StageArn().Match(resourceArn);
        if (m.Success)
        {
            if (!r.RegionState.RestApis.TryGetValue(m.Groups[2].Value, out var api) || !api.Stages.ContainsKey(m.Groups[3].Value))
                throw Nonexistent();
            return;
        }
        if (!resourceArn.StartsWith("arn:", StringComparison.Ordinal)) throw InvalidParameter("RESOURCE_ARN", "The ARN isn’t valid");
    }

    private JsonNode? AssociateWebAcl(AwsRequest r)
    {
        var acl = ByArn(r, r.ReqStr("WebACLArn", "WAFInvalidParameterException"));
        var resource = r.ReqStr("ResourceArn", "WAFInvalidParameterException");
        RequireResource(r, resource);
        r.RegionState.WebAclAssociations[resource] = acl.Arn;
        return new JsonObject();
    }

    private JsonNode? DisassociateWebAcl(AwsRequest r)
    {
        r.RegionState.WebAclAssociations.Remove(r.ReqStr("ResourceArn", "WAFInvalidParameterException"));
        return new JsonObject();
    }

    private JsonNode? GetWebAclForResource(AwsRequest r)
    {
        var resource = r.ReqStr("ResourceArn", "WAFInvalidParameterException");
        RequireResource(r, resource);
        if (!r.RegionState.WebAclAssociations.TryGetValue(resource, out var arn)) return new JsonObject();
        var acl = r.RegionState.WebAcls.Values.FirstOrDefault(a => a.Arn == arn);
        return acl is null ? new JsonObject() : new JsonObject { ["WebACL"] = acl.Definition.DeepClone() };
    }

    private JsonNode? ListResourcesForWebAcl(AwsRequest r)
    {
        var acl = ByArn(r, r.ReqStr("WebACLArn", "WAFInvalidParameterException"));
        var type = r.Str("ResourceType") ?? "APPLICATION_LOAD_BALANCER";
        var arns = r.RegionState.WebAclAssociations.Where(a => a.Value == acl.Arn).Select(a => a.Key)
            .Where(a => type == "API_GATEWAY" ? a.StartsWith("arn:aws:apigateway:", StringComparison.Ordinal) : a.StartsWith("arn:aws:elasticloadbalancing:", StringComparison.Ordinal));
        return new JsonObject { ["ResourceArns"] = new JsonArray(arns.Select(a => (JsonNode)a).ToArray()) };
    }
}
