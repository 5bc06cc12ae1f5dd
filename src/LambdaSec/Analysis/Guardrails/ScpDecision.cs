namespace LambdaSec.Analysis.Guardrails;

/// <summary>Whether the SCPs on an account's path let a request through, and the policy and node that decided it.</summary>
public sealed record ScpDecision(bool Allowed, string? DecidingPolicy, string? DecidingTarget, string Reason);
