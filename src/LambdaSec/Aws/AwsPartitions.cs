using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using LambdaSec.Model;

namespace LambdaSec.Aws;

/// <summary>One AWS partition (aws, aws-cn, aws-us-gov, aws-eusc, the ISO partitions): its region pattern, DNS suffix and regions (as botocore lists them, no pseudo-regions).</summary>
public sealed record AwsPartition(string Id, Regex RegionPattern, string DnsSuffix, IReadOnlyList<string> Regions);

/// <summary>
/// The partitions botocore knows and the single-region endpoints of IAM and Organizations in each, from the embedded
/// Data/partitions.json (generated from botocore by build/New-EndpointData.py; its source and version are in the file).
/// </summary>
public static class AwsPartitions
{
    private const string ResourceName = "LambdaSec.Data.partitions.json";
    private static readonly Lazy<Catalog> Data = new(Load);

    public static IReadOnlyList<AwsPartition> All => Data.Value.Partitions;

    /// <summary>Where the data comes from (botocore version and files).</summary>
    public static string Source => Data.Value.Source;

    /// <summary>The partition of a region: listed in it, or matching its region pattern; null when none does.</summary>
    public static AwsPartition? Find(string region) =>
        All.FirstOrDefault(p => p.Regions.Contains(region, StringComparer.Ordinal)) ?? All.FirstOrDefault(p => p.RegionPattern.IsMatch(region));

    /// <summary>The partition of a region, or a clear error naming the partitions known.</summary>
    public static AwsPartition Of(string region) =>
        Find(region) ?? throw new AwsConfigurationException(
            $"The region '{region}' belongs to no AWS partition LambdaSec knows ({string.Join(", ", All.Select(p => p.Id))}; {Source}). Check the region name, or pass -EndpointUrl to reach another endpoint.",
            ErrorIds.UnknownRegion);

    /// <summary>The host and signing region of a service that has one endpoint per partition (IAM, Organizations), or null when it is regional there.</summary>
    public static (string Host, string SigningRegion)? GlobalEndpoint(string signingName, AwsPartition partition) =>
        Data.Value.Global.TryGetValue((signingName, partition.Id), out var endpoint) ? endpoint : null;

    private sealed record Catalog(string Source, IReadOnlyList<AwsPartition> Partitions, IReadOnlyDictionary<(string, string), (string, string)> Global);

    private static Catalog Load()
    {
        using var stream = typeof(AwsPartitions).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The module is incomplete: the embedded resource {ResourceName} is missing. Reinstall LambdaSec.");
        using var reader = new StreamReader(stream);
        using var json = JsonDocument.Parse(reader.ReadToEnd());
        var root = json.RootElement;
        var partitions = root.GetProperty("partitions").EnumerateArray().Select(p => new AwsPartition(
            p.GetProperty("id").GetString()!,
            new Regex(p.GetProperty("regionRegex").GetString()!, RegexOptions.CultureInvariant),
            p.GetProperty("dnsSuffix").GetString()!,
            p.GetProperty("regions").EnumerateArray().Select(r => r.GetString()!).ToList())).ToList();
        var global = new Dictionary<(string, string), (string, string)>();
        foreach (var service in root.GetProperty("globalEndpoints").EnumerateObject())
        {
            foreach (var partition in service.Value.EnumerateObject())
            {
                global[(service.Name, partition.Name)] = (partition.Value.GetProperty("host").GetString()!, partition.Value.GetProperty("signingRegion").GetString()!);
            }
        }

        return new Catalog(root.GetProperty("source").GetString()!, partitions, global);
    }
}
