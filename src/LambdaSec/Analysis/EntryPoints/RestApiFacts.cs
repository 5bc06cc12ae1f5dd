using System.Collections.Generic;

namespace LambdaSec.Analysis.EntryPoints;

/// <summary>A REST API as read from API Gateway: its methods with their integrations, and its stages.</summary>
public sealed record RestApiFacts(string Id, string? Name, string? EndpointType, IReadOnlyList<RestMethodFacts> Methods, IReadOnlyList<StageFacts> Stages);

/// <summary>One method of a REST API resource and the URI it integrates with (null when it has no integration).</summary>
public sealed record RestMethodFacts(string Path, string HttpMethod, string? AuthorizationType, bool ApiKeyRequired, string? IntegrationUri);

/// <summary>A deployed stage and the WAF web ACL associated with it (REST APIs only).</summary>
public sealed record StageFacts(string Name, string? WebAclArn);
