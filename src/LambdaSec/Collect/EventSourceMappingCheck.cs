using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Configuration;
using LambdaSec.Analysis.EntryPoints;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;

namespace LambdaSec.Collect;

/// <summary>
/// The event source mapping rules (LS-ESM-*) for one account and region: every mapping of the region from one
/// paginated ListEventSourceMappings (no call per function), judged by <see cref="EventSourceMappingRules"/>.
/// </summary>
public static class EventSourceMappingCheck
{
    /// <summary>
    /// Lists the region's mappings and sends the findings of those whose function (unqualified ARN) is in
    /// <paramref name="functionArns"/> to the sink. A failed listing throws <see cref="AwsServiceException"/>: the caller
    /// decides whether that is an error (the audit) or a note (Get-LambdaConfigurationRisk).
    /// </summary>
    public static async Task RunAsync(AwsSession session, ICollectorSink sink, ISet<string> functionArns, IReadOnlyCollection<string> trustedAccounts, CancellationToken cancellationToken)
    {
        var mappings = await new LambdaApi(session).ListEventSourceMappingsAsync(null, cancellationToken).ConfigureAwait(false);
        foreach (var mapping in mappings.Select(From).Where(m => m.FunctionArn is not null && functionArns.Contains(EntryPointResolver.SplitQualifier(m.FunctionArn).Unqualified)))
        {
            foreach (var finding in EventSourceMappingRules.Evaluate(mapping, session.AccountId, session.Region, trustedAccounts))
            {
                sink.Result(finding);
            }
        }
    }

    /// <summary>One EventSourceMappingConfiguration (botocore lambda/2015-03-31) as the rules' facts.</summary>
    public static EventSourceMappingFacts From(AwsNode node)
    {
        var functionArn = node.GetString("FunctionArn");
        var registry = (node.Get("AmazonManagedKafkaEventSourceConfig") ?? node.Get("SelfManagedKafkaEventSourceConfig"))?.Get("SchemaRegistryConfig");
        return new EventSourceMappingFacts
        {
            Uuid = node.GetString("UUID"),
            MappingArn = node.GetString("EventSourceMappingArn"),
            FunctionArn = functionArn,
            FunctionName = LambdaFunctionArn.TryParse(functionArn)?.FunctionName ?? functionArn ?? string.Empty,
            EventSourceArn = node.GetString("EventSourceArn"),
            KafkaBootstrapServers = node.Get("SelfManagedEventSource")?.Get("Endpoints")?.GetStrings("KAFKA_BOOTSTRAP_SERVERS") ?? [],
            SourceAccess = Access(node.GetList("SourceAccessConfigurations")),
            SchemaRegistryUri = registry?.GetString("SchemaRegistryURI"),
            SchemaRegistryAccess = Access(registry?.GetList("AccessConfigs") ?? []),
        };
    }

    /// <summary>A list of {Type, URI} (SourceAccessConfigurations, a schema registry's AccessConfigs).</summary>
    private static List<(string Type, string? Uri)> Access(IEnumerable<AwsNode> entries) => entries.Select(a => (a.GetString("Type") ?? string.Empty, a.GetString("URI"))).ToList();
}
