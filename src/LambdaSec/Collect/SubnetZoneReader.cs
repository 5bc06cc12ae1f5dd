using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;

namespace LambdaSec.Collect;

/// <summary>
/// The Availability Zones of the VPC functions' subnets in one region, for LS-CONFIG-005 (Security Hub Lambda.5): EC2
/// DescribeSubnets once per region for the subnet ids not already known (a subnet-id filter of up to 200 ids per call).
/// </summary>
public static class SubnetZoneReader
{
    /// <summary>
    /// <paramref name="known"/> (given by the caller, e.g. -SubnetZone; they win) plus the zones EC2 gives for the other ids of
    /// <paramref name="subnetIds"/>. When EC2 cannot be read the known zones alone come back and a note says so; the rule then
    /// counts subnets for the functions whose zones are unknown.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, string>> ReadAsync(AwsSession session, IEnumerable<string> subnetIds, IReadOnlyDictionary<string, string> known, ICollectorSink sink, CancellationToken cancellationToken)
    {
        var zones = known.ToDictionary(z => z.Key, z => z.Value, StringComparer.Ordinal);
        var unknown = subnetIds.Where(id => !zones.ContainsKey(id)).Distinct(StringComparer.Ordinal).ToList();
        if (unknown.Count == 0)
        {
            return zones;
        }

        try
        {
            foreach (var subnet in await new Ec2Api(session).DescribeSubnetsAsync(unknown, cancellationToken).ConfigureAwait(false))
            {
                if (subnet.GetString("subnetId") is { } id && subnet.GetString("availabilityZone") is { Length: > 0 } zone)
                {
                    zones[id] = zone;
                }
            }
        }
        catch (AwsServiceException ex)
        {
            sink.Note($"EC2 subnets of {session.Region} cannot be read ({ex.ErrorCode ?? ex.ErrorId}); the multi-AZ rule (LS-CONFIG-005) counts subnets instead of zones (give them with -SubnetZone).");
        }

        return zones;
    }
}
