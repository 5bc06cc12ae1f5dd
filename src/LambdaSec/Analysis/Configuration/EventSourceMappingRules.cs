using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Policy;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Configuration;

/// <summary>
/// What the event source mapping rules need to know about one mapping (botocore lambda/2015-03-31
/// EventSourceMappingConfiguration): where its events come from and how Lambda authenticates to the source.
/// </summary>
public sealed record EventSourceMappingFacts
{
    public string? Uuid { get; init; }

    /// <summary>EventSourceMappingArn; null when the answer (or the template) does not give it.</summary>
    public string? MappingArn { get; init; }

    /// <summary>The function the mapping invokes: its ARN (online) or name/logical id (templates).</summary>
    public string FunctionName { get; init; } = string.Empty;

    public string? FunctionArn { get; init; }

    /// <summary>The queue, stream or cluster ARN; null for a self-managed Kafka source (it has bootstrap servers instead).</summary>
    public string? EventSourceArn { get; init; }

    /// <summary>SelfManagedEventSource.Endpoints.KAFKA_BOOTSTRAP_SERVERS; empty when the source is not self-managed Kafka.</summary>
    public IReadOnlyList<string> KafkaBootstrapServers { get; init; } = [];

    /// <summary>SourceAccessConfigurations: Type (BASIC_AUTH, SASL_SCRAM_512_AUTH, VPC_SUBNET...) and URI (null: known only at deployment, not judged).</summary>
    public IReadOnlyList<(string Type, string? Uri)> SourceAccess { get; init; } = [];

    /// <summary>
    /// The Kafka schema registry's URI (AmazonManagedKafkaEventSourceConfig or SelfManagedKafkaEventSourceConfig
    /// .SchemaRegistryConfig.SchemaRegistryURI: a Glue registry ARN or a Confluent registry URL); null without one.
    /// </summary>
    public string? SchemaRegistryUri { get; init; }

    /// <summary>The schema registry's AccessConfigs: Type (BASIC_AUTH, CLIENT_CERTIFICATE_TLS_AUTH, SERVER_ROOT_CA_CERTIFICATE) and URI (a Secrets Manager secret ARN).</summary>
    public IReadOnlyList<(string Type, string? Uri)> SchemaRegistryAccess { get; init; } = [];

    /// <summary>Whether the source is an Amazon MSK cluster (an EventSourceArn of service kafka).</summary>
    public bool IsAmazonMsk => EventSourceArn?.Split(':') is { Length: > 5 } parts && parts[0] == "arn" && parts[2] == "kafka";
}

/// <summary>
/// The event source mapping rules (docs/rules.md LS-ESM-*): pure, one finding per rule per mapping. No peer checks
/// event source mappings (docs/peer-coverage.md), so the findings carry no ControlIds.
/// </summary>
public static class EventSourceMappingRules
{
    public const string SourceInOtherAccount = "LS-ESM-001";
    public const string KafkaWithoutSecretsManager = "LS-ESM-002";

    /// <summary>The SourceAccessConfiguration types that authenticate Lambda to a Kafka cluster (self-managed, or MSK: SASL_SCRAM_512_AUTH, CLIENT_CERTIFICATE_TLS_AUTH); each URI is a Secrets Manager secret ARN.</summary>
    private static readonly string[] KafkaAuthTypes = ["BASIC_AUTH", "SASL_SCRAM_256_AUTH", "SASL_SCRAM_512_AUTH", "CLIENT_CERTIFICATE_TLS_AUTH"];

    private const string MappingType = "AWS::Lambda::EventSourceMapping";

    /// <summary>
    /// The findings of one mapping of <paramref name="accountId"/>'s function. A source in an account of
    /// <paramref name="trustedAccounts"/> counts like the owner's own (as for grants, DESIGN.md §3.6).
    /// </summary>
    public static IReadOnlyList<LambdaSecFinding> Evaluate(EventSourceMappingFacts m, string? accountId, string? region, IReadOnlyCollection<string> trustedAccounts)
    {
        var findings = new List<LambdaSecFinding>();
        var mapping = m.Uuid is null ? "the event source mapping" : $"event source mapping {m.Uuid}";
        void Add(string ruleId, string title, FindingSeverity severity, string evidence, string remediation) =>
            findings.Add(new LambdaSecFinding
            {
                RuleId = ruleId, Title = title, Severity = severity, AccountId = accountId, Region = region, FunctionName = m.FunctionName,
                ResourceType = MappingType, ResourceArn = m.MappingArn ?? m.FunctionArn, Evidence = evidence, Remediation = remediation, ControlIds = [],
                Frameworks = Compliance.FrameworkMappings.For(ruleId, []),
            });

        var sourceAccount = AwsIdentifiers.AccountOfArn(m.EventSourceArn);
        if (sourceAccount is not null && accountId is not null && sourceAccount != accountId && !trustedAccounts.Contains(sourceAccount))
        {
            Add(SourceInOtherAccount, "Event source is in another account", FindingSeverity.Medium,
                $"{mapping} feeds {m.FunctionName} from {m.EventSourceArn}, owned by account {sourceAccount}: whoever controls that account decides what events the function processes with its execution role, and can read or stop them.",
                $"Move the queue, stream or cluster into this account (or one of your organization and pass -TrustedAccountId {sourceAccount}), or delete the mapping: aws lambda delete-event-source-mapping --uuid {m.Uuid ?? "<uuid>"}.");
        }

        if (KafkaProblems(m, mapping) is { Count: > 0 } problems)
        {
            var kind = m.IsAmazonMsk ? "Amazon MSK" : "Self-managed Kafka";
            var title = problems[0].Kind switch
            {
                KafkaProblem.NoAuthentication => $"{kind} source without authentication",
                KafkaProblem.BrokerCredentials => $"{kind} credentials are not in Secrets Manager",
                _ => "Kafka schema registry credentials are not in Secrets Manager",
            };
            var fix = problems[0].Kind == KafkaProblem.NoAuthentication
                ? $"Turn on SASL/SCRAM or mutual TLS on the cluster, store the credentials in Secrets Manager and add them: aws lambda update-event-source-mapping --uuid {m.Uuid ?? "<uuid>"} --source-access-configurations Type=SASL_SCRAM_512_AUTH,URI=<secret-arn>."
                : $"Store the credentials in a Secrets Manager secret in the function's region and name its ARN (the broker's in --source-access-configurations, the schema registry's in its SchemaRegistryConfig.AccessConfigs, with a registry URL without user information): aws lambda update-event-source-mapping --uuid {m.Uuid ?? "<uuid>"} --source-access-configurations Type={problems.Select(p => p.Type).FirstOrDefault(t => t is not null) ?? "BASIC_AUTH"},URI=arn:aws:secretsmanager:<region>:<account>:secret:<name>.";
            Add(KafkaWithoutSecretsManager, title, FindingSeverity.Medium, string.Join(" ", problems.Select(p => p.Evidence)), fix);
        }

        return findings;
    }

    private enum KafkaProblem
    {
        NoAuthentication,
        BrokerCredentials,
        RegistryCredentials,
    }

    /// <summary>
    /// What LS-ESM-002 finds on a Kafka mapping (self-managed, or Amazon MSK), most severe first: a self-managed
    /// cluster reached without authentication; broker or schema registry credentials given other than as a Secrets
    /// Manager secret ARN; a schema registry URL that carries a user and password. An MSK mapping without
    /// SourceAccessConfigurations authenticates with the execution role (IAM) when the cluster allows it; whether the
    /// cluster also accepts unauthenticated clients is the cluster's setting (kafka:DescribeClusterV2), not read.
    /// </summary>
    private static List<(KafkaProblem Kind, string? Type, string Evidence)> KafkaProblems(EventSourceMappingFacts m, string mapping)
    {
        var problems = new List<(KafkaProblem Kind, string? Type, string Evidence)>();
        var selfManaged = m.KafkaBootstrapServers.Count > 0;
        if (!selfManaged && !m.IsAmazonMsk)
        {
            return problems;
        }

        var source = selfManaged ? $"the Kafka brokers {string.Join(", ", m.KafkaBootstrapServers)}" : $"the Amazon MSK cluster {m.EventSourceArn}";
        var auth = m.SourceAccess.Where(a => KafkaAuthTypes.Contains(a.Type, StringComparer.OrdinalIgnoreCase)).ToList();
        if (selfManaged && auth.Count == 0)
        {
            problems.Add((KafkaProblem.NoAuthentication, null, $"{mapping} reads {m.FunctionName}'s events from {source} with no BASIC_AUTH, SASL_SCRAM or CLIENT_CERTIFICATE_TLS_AUTH source access configuration: the cluster accepts unauthenticated clients, so anyone who reaches the brokers can write the events the function processes."));
        }

        var notSecrets = auth.Where(a => a.Uri is not null && !IsSecretArn(a.Uri)).ToList();
        if (notSecrets.Count > 0)
        {
            problems.Add((KafkaProblem.BrokerCredentials, notSecrets[0].Type, $"{mapping} authenticates {m.FunctionName} to {source} with {Listed(notSecrets)}: the URI is not a Secrets Manager secret ARN, so the credentials are not kept (and rotated) in Secrets Manager, and whatever the URI holds is readable by anyone allowed lambda:ListEventSourceMappings."));
        }

        var registryNotSecrets = m.SchemaRegistryAccess.Where(a => a.Uri is not null && !IsSecretArn(a.Uri)).ToList();
        if (registryNotSecrets.Count > 0)
        {
            problems.Add((KafkaProblem.RegistryCredentials, null, $"{mapping} authenticates to the schema registry {m.SchemaRegistryUri} with {Listed(registryNotSecrets)}: the URI is not a Secrets Manager secret ARN."));
        }

        if (Uri.TryCreate(m.SchemaRegistryUri, UriKind.Absolute, out var registry) && registry.UserInfo.Length > 0)
        {
            problems.Add((KafkaProblem.RegistryCredentials, null, $"{mapping}'s schema registry URL {registry.Scheme}://{registry.UserInfo.Split(':')[0]}:***@{registry.Authority} carries credentials in plain text, readable by anyone allowed lambda:ListEventSourceMappings."));
        }

        return problems.OrderBy(p => p.Kind).ToList();
    }

    private static string Listed(IEnumerable<(string Type, string? Uri)> access) => string.Join(", ", access.Select(a => $"{a.Type} '{a.Uri}'"));

    /// <summary>Whether a SourceAccessConfiguration URI names a Secrets Manager secret (arn:&lt;partition&gt;:secretsmanager:...).</summary>
    public static bool IsSecretArn(string? uri)
    {
        var parts = uri?.Split(':') ?? [];
        return parts.Length >= 7 && parts[0] == "arn" && parts[2] == "secretsmanager" && parts[5] == "secret";
    }
}
