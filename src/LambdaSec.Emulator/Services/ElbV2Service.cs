using LambdaSec.Emulator.Protocols;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;
using static LambdaSec.Emulator.Protocols.Xml;

namespace LambdaSec.Emulator.Services;

/// <summary>Elastic Load Balancing v2 (awsQuery, 2015-12-01): load balancers, Lambda target groups,
/// target registration (needs the elasticloadbalancing.amazonaws.com invoke permission, as in AWS),
/// target health and forwarding listeners.</summary>
public sealed class ElbV2Service : QueryService
{
    public ElbV2Service() : base("elasticloadbalancing", new QueryXmlProtocol("http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/"))
    {
        Map("CreateLoadBalancer", CreateLoadBalancer);
        Map("DescribeLoadBalancers", DescribeLoadBalancers);
        Map("CreateTargetGroup", CreateTargetGroup);
        Map("DescribeTargetGroups", DescribeTargetGroups);
        Map("RegisterTargets", RegisterTargets);
        Map("DescribeTargetHealth", DescribeTargetHealth);
        Map("CreateListener", CreateListener);
        Map("DescribeListeners", DescribeListeners);
    }

    private static AwsException Validation(string message) => new("ValidationError", message);

    private static string S16() => Ids.HexId(16);

    private static string Str(JsonObject o, string key) => o[key]?.GetValue<string>() ?? "";

    // ---- load balancers -----------------------------------------------------------------------

    private static XElement LoadBalancerXml(JsonObject lb) => Member(
        E("LoadBalancerArn", Str(lb, "LoadBalancerArn")),
        E("DNSName", Str(lb, "DNSName")),
        E("CanonicalHostedZoneId", Str(lb, "CanonicalHostedZoneId")),
        E("CreatedTime", Str(lb, "CreatedTime")),
        E("LoadBalancerName", Str(lb, "LoadBalancerName")),
        E("Scheme", Str(lb, "Scheme")),
        E("VpcId", Str(lb, "VpcId")),
        S("State", E("Code", "active")),
        E("Type", Str(lb, "Type")),
        List("AvailabilityZones", lb["Subnets"]!.AsArray().Select((s, i) => Member(E("ZoneName", Str(lb, "Region") + (char)('a' + i)), E("SubnetId", s!.GetValue<string>())))),
        List("SecurityGroups", lb["SecurityGroups"]!.AsArray().Select(s => s!.GetValue<string>())),
        E("IpAddressType", Str(lb, "IpAddressType")));

    private XElement? CreateLoadBalancer(AwsRequest r)
    {
        var name = r.ReqP("Name");
        var type = r.P("Type") ?? "application";
        var scheme = r.P("Scheme") ?? "internet-facing";
        if (scheme is not ("internet-facing" or "internal")) throw Validation($"The scheme '{scheme}' is not valid; use internet-facing or internal.");
        var subnets = r.ListP("Subnets");
        if (subnets.Count == 0) subnets = r.StructListP("SubnetMappings").Select(m => m["SubnetId"]).ToList();
        if (type == "application" && subnets.Count < 2)
            throw Validation("At least two subnets in two different Availability Zones must be specified");
        var rs = r.RegionState;
        var existing = rs.LoadBalancers.Values.FirstOrDefault(l => Str(l, "LoadBalancerName") == name);
        if (existing is not null) return Result(List("LoadBalancers", [LoadBalancerXml(existing)]));
        var kind = type switch { "network" => "net", "gateway" => "gwy", _ => "app" };
        var arn = $"arn:aws:elasticloadbalancing:{r.Region}:{r.AccountId}:loadbalancer/{kind}/{name}/{S16()}";
        var lb = new JsonObject
        {
            ["LoadBalancerArn"] = arn,
            ["DNSName"] = $"{(scheme == "internal" ? "internal-" : "")}{name}-{Random.Shared.Next(100000000, 999999999)}.{r.Region}.elb.amazonaws.com",
            ["CanonicalHostedZoneId"] = "Z35SXDOTRQ7X7K",
            ["CreatedTime"] = Time(DateTimeOffset.UtcNow),
            ["LoadBalancerName"] = name,
            ["Scheme"] = scheme,
            ["VpcId"] = "vpc-" + Ids.HexId(8),
            ["Type"] = type,
            ["Region"] = r.Region,
            ["Subnets"] = new JsonArray(subnets.Select(s => (JsonNode)s).ToArray()),
            ["SecurityGroups"] = new JsonArray(r.ListP("SecurityGroups").Select(s => (JsonNode)s).ToArray()),
            ["IpAddressType"] = r.P("IpAddressType") ?? "ipv4",
        };
        rs.LoadBalancers[arn] = lb;
        return Result(List("LoadBalancers", [LoadBalancerXml(lb)]));
    }

    /// <summary>Marker paging for Describe* calls (PageSize up to 400).</summary>
    private static object?[] Paged(AwsRequest r, List<XElement> all, string listName)
    {
        var start = JsonPaging.Start(r.P("Marker"), "ValidationError");
        var size = r.IntP("PageSize") ?? 400;
        if (size is < 1 or > 400) throw Validation("PageSize must be between 1 and 400");
        var page = all.Skip(start).Take(size);
        return [List(listName, page), start + size < all.Count ? E("NextMarker", JsonPaging.Token(start + size)) : null];
    }

    private XElement? DescribeLoadBalancers(AwsRequest r)
    {
        var rs = r.RegionState;
        var arns = r.ListP("LoadBalancerArns");
        var names = r.ListP("Names");
        var all = rs.LoadBalancers.Values.ToList();
        if (arns.Count > 0)
        {
            var missing = arns.FirstOrDefault(a => !rs.LoadBalancers.ContainsKey(a));
            if (missing is not null) throw new AwsException("LoadBalancerNotFound", $"Load balancers '[{missing}]' not found");
            all = all.Where(l => arns.Contains(Str(l, "LoadBalancerArn"))).ToList();
        }
        if (names.Count > 0)
        {
            var missing = names.FirstOrDefault(n => all.All(l => Str(l, "LoadBalancerName") != n));
            if (missing is not null) throw new AwsException("LoadBalancerNotFound", $"Load balancers '[{missing}]' not found");
            all = all.Where(l => names.Contains(Str(l, "LoadBalancerName"))).ToList();
        }
        return Result(Paged(r, all.Select(LoadBalancerXml).ToList(), "LoadBalancers"));
    }

    // ---- target groups ------------------------------------------------------------------------

    private static XElement TargetGroupXml(RegionState rs, JsonObject tg)
    {
        var arn = Str(tg, "TargetGroupArn");
        var lbs = rs.Listeners.Values.Where(l => l["TargetGroupArns"]!.AsArray().Any(t => t!.GetValue<string>() == arn))
            .Select(l => Str(l, "LoadBalancerArn")).Distinct(StringComparer.Ordinal);
        var isLambda = Str(tg, "TargetType") == "lambda";
        return Member(
            E("TargetGroupArn", arn),
            E("TargetGroupName", Str(tg, "TargetGroupName")),
            isLambda ? null : E("Protocol", Str(tg, "Protocol")),
            isLambda ? null : E("Port", tg["Port"]?.GetValue<int>()),
            isLambda ? null : E("VpcId", Str(tg, "VpcId")),
            E("HealthCheckEnabled", tg["HealthCheckEnabled"]!.GetValue<bool>()),
            E("HealthCheckIntervalSeconds", isLambda ? 35 : 30),
            E("HealthCheckTimeoutSeconds", isLambda ? 30 : 5),
            E("HealthyThresholdCount", 5),
            E("UnhealthyThresholdCount", 2),
            E("HealthCheckPath", "/"),
            S("Matcher", E("HttpCode", "200")),
            List("LoadBalancerArns", lbs),
            E("TargetType", Str(tg, "TargetType")),
            isLambda ? null : E("ProtocolVersion", "HTTP1"),
            isLambda ? null : E("IpAddressType", "ipv4"));
    }

    private XElement? CreateTargetGroup(AwsRequest r)
    {
        var name = r.ReqP("Name");
        var targetType = r.P("TargetType") ?? "instance";
        if (targetType is not ("instance" or "ip" or "lambda" or "alb")) throw Validation($"Target type '{targetType}' is not valid");
        if (targetType == "lambda" && (r.P("Protocol") is not null || r.P("Port") is not null || r.P("VpcId") is not null))
            throw Validation("A protocol, port and VPC ID cannot be specified for target groups with target type 'lambda'");
        if (targetType != "lambda" && (r.P("Protocol") is null || r.P("Port") is null || r.P("VpcId") is null))
            throw Validation($"A protocol, port and VPC ID must be specified for target groups with target type '{targetType}'");
        var rs = r.RegionState;
        if (rs.TargetGroups.Values.Any(t => Str(t, "TargetGroupName") == name))
            throw new AwsException("DuplicateTargetGroupName", "A target group with the same name exists, but with different settings");
        var arn = $"arn:aws:elasticloadbalancing:{r.Region}:{r.AccountId}:targetgroup/{name}/{S16()}";
        var tg = new JsonObject
        {
            ["TargetGroupArn"] = arn,
            ["TargetGroupName"] = name,
            ["TargetType"] = targetType,
            ["Protocol"] = r.P("Protocol"),
            ["Port"] = r.IntP("Port"),
            ["VpcId"] = r.P("VpcId"),
            ["HealthCheckEnabled"] = r.P("HealthCheckEnabled") is { } hc ? hc == "true" : targetType != "lambda",
        };
        rs.TargetGroups[arn] = tg;
        rs.Targets[arn] = [];
        return Result(List("TargetGroups", [TargetGroupXml(rs, tg)]));
    }

    private static JsonObject TargetGroup(AwsRequest r, string arn) =>
        r.RegionState.TargetGroups.GetValueOrDefault(arn) ?? throw new AwsException("TargetGroupNotFound", $"Target groups '[{arn}]' not found");

    private XElement? DescribeTargetGroups(AwsRequest r)
    {
        var rs = r.RegionState;
        IEnumerable<JsonObject> all = rs.TargetGroups.Values;
        var arns = r.ListP("TargetGroupArns");
        if (arns.Count > 0) all = arns.Select(a => TargetGroup(r, a));
        var names = r.ListP("Names");
        if (names.Count > 0)
        {
            var list = all.Where(t => names.Contains(Str(t, "TargetGroupName"))).ToList();
            if (list.Count < names.Count) throw new AwsException("TargetGroupNotFound", $"One or more target groups not found");
            all = list;
        }
        if (r.P("LoadBalancerArn") is { } lbArn)
        {
            if (!rs.LoadBalancers.ContainsKey(lbArn)) throw new AwsException("LoadBalancerNotFound", $"Load balancer '{lbArn}' not found");
            var forwarded = rs.Listeners.Values.Where(l => Str(l, "LoadBalancerArn") == lbArn)
                .SelectMany(l => l["TargetGroupArns"]!.AsArray().Select(t => t!.GetValue<string>())).ToHashSet(StringComparer.Ordinal);
            all = all.Where(t => forwarded.Contains(Str(t, "TargetGroupArn")));
        }
        return Result(Paged(r, all.Select(t => TargetGroupXml(rs, t)).ToList(), "TargetGroups"));
    }

    private XElement? RegisterTargets(AwsRequest r)
    {
        var tg = TargetGroup(r, r.ReqP("TargetGroupArn"));
        var arn = Str(tg, "TargetGroupArn");
        var targets = r.StructListP("Targets").Select(t => t["Id"]).ToList();
        if (targets.Count == 0) throw Validation("1 validation error detected: Value null at 'targets' failed to satisfy constraint: Member must not be null");
        if (Str(tg, "TargetType") == "lambda")
        {
            if (targets.Count > 1 || r.RegionState.Targets[arn].Count > 0)
                throw new AwsException("TooManyTargets", "You can register only one Lambda function per target group");
            RequireInvokePermission(r, targets[0], arn);
        }
        foreach (var t in targets.Where(t => !r.RegionState.Targets[arn].Contains(t))) r.RegionState.Targets[arn].Add(t);
        return null;
    }

    /// <summary>As AWS does: the function must exist and allow elasticloadbalancing.amazonaws.com to invoke it.</summary>
    private static void RequireInvokePermission(AwsRequest r, string functionArn, string targetGroupArn)
    {
        var parts = functionArn.Split(':');
        var name = parts.Length >= 7 ? parts[6] : functionArn;
        var qualifier = parts.Length >= 8 ? parts[7] : "";
        if (!r.RegionState.Functions.TryGetValue(name, out var fn))
            throw new AwsException("InvalidTarget", $"The target '{functionArn}' is not a valid Lambda function");
        var allowed = fn.Policies.TryGetValue(qualifier, out var policy) && policy.Statements.Any(s =>
            s["Principal"] is JsonObject p && p["Service"]?.GetValue<string>() == "elasticloadbalancing.amazonaws.com");
        if (!allowed)
            throw new AwsException("AccessDenied", $"elasticloadbalancing principal does not have permission to invoke {functionArn} from target group {targetGroupArn}", 403);
    }

    private XElement? DescribeTargetHealth(AwsRequest r)
    {
        var tg = TargetGroup(r, r.ReqP("TargetGroupArn"));
        var arn = Str(tg, "TargetGroupArn");
        var isLambda = Str(tg, "TargetType") == "lambda";
        var inUse = r.RegionState.Listeners.Values.Any(l => l["TargetGroupArns"]!.AsArray().Any(t => t!.GetValue<string>() == arn));
        return Result(List("TargetHealthDescriptions", r.RegionState.Targets[arn].Select(t => Member(
            S("Target", E("Id", t), isLambda ? E("AvailabilityZone", "all") : null),
            !inUse
                ? S("TargetHealth", E("State", "unused"), E("Reason", "Target.NotInUse"), E("Description", "Target group is not configured to receive traffic from the load balancer"))
                : isLambda && !tg["HealthCheckEnabled"]!.GetValue<bool>()
                    ? S("TargetHealth", E("State", "unavailable"), E("Reason", "Target.HealthCheckDisabled"), E("Description", "Health checks are disabled"))
                    : S("TargetHealth", E("State", "healthy"))))));
    }

    // ---- listeners ----------------------------------------------------------------------------

    private static XElement ListenerXml(JsonObject l) => Member(
        E("ListenerArn", Str(l, "ListenerArn")),
        E("LoadBalancerArn", Str(l, "LoadBalancerArn")),
        E("Port", l["Port"]!.GetValue<int>()),
        E("Protocol", Str(l, "Protocol")),
        List("DefaultActions", l["DefaultActions"]!.AsArray().Select(a => Member(
            E("Type", a!["Type"]!.GetValue<string>()),
            a["TargetGroupArn"] is { } t ? E("TargetGroupArn", t.GetValue<string>()) : null,
            a["TargetGroupArn"] is { } t2 ? S("ForwardConfig", List("TargetGroups", [Member(E("TargetGroupArn", t2.GetValue<string>()), E("Weight", 1))]), S("TargetGroupStickinessConfig", E("Enabled", false))) : null,
            a["Order"] is { } o ? E("Order", o.GetValue<int>()) : null))));

    private XElement? CreateListener(AwsRequest r)
    {
        var rs = r.RegionState;
        var lbArn = r.ReqP("LoadBalancerArn");
        if (!rs.LoadBalancers.ContainsKey(lbArn)) throw new AwsException("LoadBalancerNotFound", $"Load balancer '{lbArn}' not found");
        var port = r.IntP("Port") ?? 80;
        var protocol = r.P("Protocol") ?? "HTTP";
        var actions = r.StructListP("DefaultActions");
        if (actions.Count == 0) throw Validation("1 validation error detected: Value null at 'defaultActions' failed to satisfy constraint: Member must not be null");
        var actionJson = new JsonArray();
        var targetGroups = new JsonArray();
        foreach (var a in actions)
        {
            var item = new JsonObject { ["Type"] = a.GetValueOrDefault("Type") ?? throw Validation("Action type is required") };
            if (a.TryGetValue("Order", out var order)) item["Order"] = int.Parse(order, System.Globalization.CultureInfo.InvariantCulture);
            var tgArn = a.GetValueOrDefault("TargetGroupArn") ?? a.GetValueOrDefault("ForwardConfig.TargetGroups.member.1.TargetGroupArn");
            if (item["Type"]!.GetValue<string>() == "forward")
            {
                if (tgArn is null) throw Validation("A target group ARN must be specified for forward actions");
                TargetGroup(r, tgArn);
                item["TargetGroupArn"] = tgArn;
                targetGroups.Add(tgArn);
            }
            actionJson.Add(item);
        }
        if (rs.Listeners.Values.Any(l => Str(l, "LoadBalancerArn") == lbArn && l["Port"]!.GetValue<int>() == port))
            throw new AwsException("DuplicateListener", "A listener already exists on this port for this load balancer");
        var lbPath = lbArn[(lbArn.IndexOf(":loadbalancer/", StringComparison.Ordinal) + ":loadbalancer/".Length)..];
        var arn = $"arn:aws:elasticloadbalancing:{r.Region}:{r.AccountId}:listener/{lbPath}/{S16()}";
        var listener = new JsonObject
        {
            ["ListenerArn"] = arn,
            ["LoadBalancerArn"] = lbArn,
            ["Port"] = port,
            ["Protocol"] = protocol,
            ["DefaultActions"] = actionJson,
            ["TargetGroupArns"] = targetGroups,
        };
        rs.Listeners[arn] = listener;
        return Result(List("Listeners", [ListenerXml(listener)]));
    }

    private XElement? DescribeListeners(AwsRequest r)
    {
        var rs = r.RegionState;
        IEnumerable<JsonObject> all = rs.Listeners.Values;
        if (r.P("LoadBalancerArn") is { } lbArn)
        {
            if (!rs.LoadBalancers.ContainsKey(lbArn)) throw new AwsException("LoadBalancerNotFound", $"Load balancer '{lbArn}' not found");
            all = all.Where(l => Str(l, "LoadBalancerArn") == lbArn);
        }
        var arns = r.ListP("ListenerArns");
        if (arns.Count > 0)
        {
            var missing = arns.FirstOrDefault(a => !rs.Listeners.ContainsKey(a));
            if (missing is not null) throw new AwsException("ListenerNotFound", $"One or more listeners not found");
            all = all.Where(l => arns.Contains(Str(l, "ListenerArn")));
        }
        return Result(Paged(r, all.Select(ListenerXml).ToList(), "Listeners"));
    }
}
