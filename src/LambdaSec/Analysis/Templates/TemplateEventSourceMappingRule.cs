using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Configuration;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Templates;

/// <summary>
/// The event source mapping rules (LS-ESM-*) on templates: AWS::Lambda::EventSourceMapping, aws_lambda_event_source_mapping
/// and the events of an AWS::Serverless::Function that SAM turns into mappings (SQS, Kinesis, DynamoDB, MSK, MQ, DocumentDB,
/// SelfManagedKafka). What the template states becomes <see cref="EventSourceMappingFacts"/>, judged by
/// <see cref="EventSourceMappingRules"/> like a mapping read from AWS. A source ARN whose account is known only at
/// deployment, or a credentials URI that is a parameter or reference, is not guessed.
/// </summary>
public static class TemplateEventSourceMappingRule
{
    /// <summary>SAM event types that become event source mappings, and the property naming their source.</summary>
    private static readonly Dictionary<string, string> SamSources = new(StringComparer.Ordinal)
    {
        ["SQS"] = "Queue", ["Kinesis"] = "Stream", ["DynamoDB"] = "Stream", ["MSK"] = "Stream", ["MQ"] = "Broker", ["DocumentDB"] = "Cluster", ["SelfManagedKafka"] = "KafkaBootstrapServers",
    };

    private static readonly Dictionary<string, string> Remediations = new(StringComparer.Ordinal)
    {
        [EventSourceMappingRules.SourceInOtherAccount] = "Take events from a queue, stream or cluster of this account in EventSourceArn (event_source_arn; SAM Events Queue/Stream), or pass -TrustedAccountId for an account of your organization.",
        [EventSourceMappingRules.KafkaWithoutSecretsManager] = "Add SourceAccessConfigurations (source_access_configuration) of type SASL_SCRAM_512_AUTH, SASL_SCRAM_256_AUTH, BASIC_AUTH or CLIENT_CERTIFICATE_TLS_AUTH whose URI is a Secrets Manager secret ARN (!Ref of an AWS::SecretsManager::Secret, aws_secretsmanager_secret.x.arn).",
    };

    public static IEnumerable<LambdaSecFinding> Evaluate(ParsedTemplate template, TemplateAnalysisContext context)
    {
        var resolver = new TemplateValueResolver(template, context.EffectiveOwner);
        var mappings = template.OfType("AWS::Lambda::EventSourceMapping").Select(m => new Source(
            m,
            m.Property("FunctionName", "function_name") is { } function ? TemplateValueResolver.ReferencedLogicalId(function) ?? m.ReferenceTo("aws_lambda_function") ?? resolver.Resolve(function).Expression : string.Empty,
            m.Property("EventSourceArn", "event_source_arn"),
            m.Property("SelfManagedEventSource", "self_managed_event_source"),
            KafkaServers(m.Property("SelfManagedEventSource", "self_managed_event_source"), resolver),
            m.Property("SourceAccessConfigurations", "source_access_configuration")));
        var samEvents = template.OfType("AWS::Serverless::Function")
            .SelectMany(f => (f.Property("Events", "events") as TemplateMap)?.Entries.Select(e => (Function: f, Event: e.Value as TemplateMap)) ?? [])
            .Where(e => e.Event?.Get("Type") is TemplateScalar { Text: { } type } && SamSources.ContainsKey(type))
            .Select(e => SamSource(e.Function, e.Event!, resolver));

        foreach (var source in mappings.Concat(samEvents))
        {
            var facts = new EventSourceMappingFacts
            {
                FunctionName = source.Function,
                EventSourceArn = source.Arn is null ? null : resolver.Resolve(source.Arn).Text,
                KafkaBootstrapServers = source.KafkaServers,
                SourceAccess = (source.Access as TemplateList)?.Items.OfType<TemplateMap>()
                    .Select(a => (resolver.Resolve(a.Get("Type") ?? a.Get("type")).Text ?? string.Empty, Uri(a.Get("URI") ?? a.Get("uri"), resolver)))
                    .ToList() ?? [],
            };
            foreach (var finding in EventSourceMappingRules.Evaluate(facts, context.EffectiveOwner, null, context.TrustedAccounts))
            {
                yield return new LambdaSecFinding
                {
                    RuleId = finding.RuleId,
                    Title = finding.Title,
                    Severity = finding.Severity,
                    AccountId = context.OwnerAccountId,
                    ResourceType = source.Resource.DeclaredType,
                    FunctionName = source.Function,
                    Evidence = context.Describe(finding.Evidence),
                    Remediation = Remediations[finding.RuleId],
                    ControlIds = finding.ControlIds,
                    Frameworks = finding.Frameworks,
                    SourceFile = template.SourceFile,
                    SourceLine = (finding.RuleId == EventSourceMappingRules.SourceInOtherAccount ? source.Arn?.Line : source.Access?.Line ?? source.Kafka?.Line) ?? source.Line,
                    LogicalId = source.Resource.LogicalId,
                };
            }
        }
    }

    /// <summary>A SAM event of a function: its source property (Queue, Stream...), or for SelfManagedKafka its brokers and credentials.</summary>
    private static Source SamSource(TemplateResource function, TemplateMap samEvent, TemplateValueResolver resolver)
    {
        var properties = samEvent.Get("Properties") as TemplateMap;
        var kafka = (samEvent.Get("Type") as TemplateScalar)?.Text == "SelfManagedKafka";
        var source = properties?.Get(SamSources[(samEvent.Get("Type") as TemplateScalar)!.Text!]);
        var servers = kafka && source is TemplateList list ? list.Items.Select(i => resolver.Resolve(i).Expression).ToList() : [];
        return new Source(function, function.LogicalId, kafka ? null : source, kafka ? source : null, servers, properties?.Get("SourceAccessConfigurations"), samEvent.Line);
    }

    /// <summary>CloudFormation Endpoints.KafkaBootstrapServers (a list); Terraform endpoints.KAFKA_BOOTSTRAP_SERVERS (one comma-separated string).</summary>
    private static IReadOnlyList<string> KafkaServers(TemplateNode? node, TemplateValueResolver resolver)
    {
        var source = node is TemplateList { Items.Count: > 0 } block ? block.Items[0] as TemplateMap : node as TemplateMap;
        var endpoints = (source?.Get("Endpoints") ?? source?.Get("endpoints")) as TemplateMap;
        return (endpoints?.Get("KafkaBootstrapServers") ?? endpoints?.Get("KAFKA_BOOTSTRAP_SERVERS")) switch
        {
            TemplateList list => list.Items.Select(i => resolver.Resolve(i).Expression).ToList(),
            TemplateNode one => resolver.Resolve(one).Expression.Split([','], StringSplitOptions.RemoveEmptyEntries).Select(s => s.Trim()).ToList(),
            null => [],
        };
    }

    /// <summary>A credentials URI the template fixes; null (not judged) when it is known only at deployment.</summary>
    private static string? Uri(TemplateNode? node, TemplateValueResolver resolver) =>
        resolver.Resolve(node) is { IsCertain: true, Text: { } text } ? text : null;

    /// <summary>One mapping as the template declares it; Line is where a finding without a more precise property points.</summary>
    private sealed record Source(TemplateResource Resource, string Function, TemplateNode? Arn, TemplateNode? Kafka, IReadOnlyList<string> KafkaServers, TemplateNode? Access, int? EventLine = null)
    {
        public int Line => EventLine ?? Resource.Line;
    }
}
