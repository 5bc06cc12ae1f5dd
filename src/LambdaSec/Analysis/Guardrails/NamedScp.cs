using LambdaSec.Analysis.Policy;

namespace LambdaSec.Analysis.Guardrails;

/// <summary>A service control policy with its name (or id), parsed by the shared policy parser.</summary>
public sealed record NamedScp(string Name, PolicyDocument Document);
