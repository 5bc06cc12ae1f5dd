using System.Globalization;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using LambdaSec.Emulator.Protocols;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;
using static LambdaSec.Emulator.Protocols.Xml;

namespace LambdaSec.Emulator.Services;

/// <summary>
/// EC2 (botocore's ec2 protocol, 2016-11-15): subnets with their Availability Zone, for the multi-AZ rule. Any VpcId is
/// taken (the emulator holds no VPCs). Lists are Name.N in the form and &lt;item&gt; in the answer.
/// </summary>
public sealed class Ec2Service : QueryService
{
    /// <summary>The subnet filters DescribeSubnets honours here (botocore documents more; others are refused, not ignored).</summary>
    private static readonly Dictionary<string, string> FilterFields = new(StringComparer.Ordinal)
    {
        ["subnet-id"] = "subnetId", ["vpc-id"] = "vpcId", ["availability-zone"] = "availabilityZone", ["availabilityZone"] = "availabilityZone",
    };

    public Ec2Service() : base("ec2", new QueryXmlProtocol("http://ec2.amazonaws.com/doc/2016-11-15/", ec2: true))
    {
        Map("CreateSubnet", CreateSubnet);
        Map("DescribeSubnets", DescribeSubnets);
    }

    public override AwsException Throttled(int retryAfterSeconds) =>
        WithRetryAfter(new AwsException("RequestLimitExceeded", "Request limit exceeded.", 503, false), retryAfterSeconds);

    private static AwsException InvalidValue(string message) => new("InvalidParameterValue", message);

    /// <summary>Adds a subnet (CreateSubnet and scenarios, which fix the id their functions name).</summary>
    public static JsonObject AddSubnet(RegionState region, string subnetId, string vpcId, string cidrBlock, string availabilityZone)
    {
        if (!availabilityZone.StartsWith(region.Region, StringComparison.Ordinal) || availabilityZone.Length != region.Region.Length + 1)
            throw InvalidValue($"Value ({availabilityZone}) for parameter availabilityZone is invalid. Subnets can currently only be created in the following availability zones: {region.Region}a, {region.Region}b, {region.Region}c.");
        var subnet = new JsonObject
        {
            ["subnetId"] = subnetId,
            ["subnetArn"] = $"arn:aws:ec2:{region.Region}:{region.AccountId}:subnet/{subnetId}",
            ["state"] = "available",
            ["vpcId"] = vpcId,
            ["cidrBlock"] = cidrBlock,
            ["availabilityZone"] = availabilityZone,
            ["ownerId"] = region.AccountId,
        };
        region.Subnets[subnetId] = subnet;
        return subnet;
    }

    private static XElement Item(JsonObject subnet) =>
        new("item", subnet.Select(p => E(p.Key, p.Value!.GetValue<string>())));

    /// <summary>The values of a Name.N list in the form (Name.1, Name.2...).</summary>
    private static List<string> Indexed(AwsRequest r, string name)
    {
        var values = new List<string>();
        for (var i = 1; r.P(name + "." + i.ToString(CultureInfo.InvariantCulture)) is { } value; i++) values.Add(value);
        return values;
    }

    private XElement? CreateSubnet(AwsRequest r)
    {
        var vpc = r.P("VpcId") ?? throw new AwsException("MissingParameter", "The request must contain the parameter VpcId");
        var subnet = AddSubnet(r.RegionState, "subnet-" + Ids.HexId(17), vpc, r.P("CidrBlock") ?? "10.0.0.0/24", r.P("AvailabilityZone") ?? r.Region + "a");
        return Result(S("subnet", Item(subnet).Elements().Cast<object>().ToArray()));
    }

    private XElement? DescribeSubnets(AwsRequest r)
    {
        var ids = Indexed(r, "SubnetId");
        var missing = ids.Where(id => !r.RegionState.Subnets.ContainsKey(id)).ToList();
        if (missing.Count > 0) throw new AwsException("InvalidSubnetID.NotFound", $"The subnet ID '{string.Join("', '", missing)}' does not exist");
        var filters = new List<(string Field, List<string> Values)>();
        for (var i = 1; r.P($"Filter.{i}.Name") is { } name; i++)
        {
            if (!FilterFields.TryGetValue(name, out var field)) throw InvalidValue($"The filter '{name}' is invalid");
            filters.Add((field, Indexed(r, $"Filter.{i}.Value")));
        }
        var max = r.IntP("MaxResults");
        if (max is < 5 or > 1000) throw InvalidValue($"Value ( {max} ) for parameter maxResults is invalid. Expecting a value between 5 and 1000.");
        var start = JsonPaging.Start(r.P("NextToken"), "InvalidNextToken");
        var subnets = r.RegionState.Subnets.Values
            .Where(s => ids.Count == 0 || ids.Contains(s["subnetId"]!.GetValue<string>()))
            .Where(s => filters.All(f => f.Values.Contains(s[f.Field]!.GetValue<string>())))
            .ToList();
        var page = subnets.Skip(start).Take(max ?? int.MaxValue).ToList();
        var next = max is { } size && start + size < subnets.Count ? JsonPaging.Token(start + size) : null;
        return Result(new XElement("subnetSet", page.Select(Item)), E("nextToken", next));
    }
}
