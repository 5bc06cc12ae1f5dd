using System.Collections.Generic;

namespace LambdaSec.Analysis.EntryPoints;

/// <summary>An API Gateway v2 API (HTTP or WebSocket) with its routes resolved to integration URIs.</summary>
public sealed record HttpApiFacts(string Id, string? Name, string? ProtocolType, IReadOnlyList<HttpRouteFacts> Routes, IReadOnlyList<string> StageNames);

public sealed record HttpRouteFacts(string RouteKey, string? AuthorizationType, bool ApiKeyRequired, string? IntegrationUri);
