namespace LambdaSec.Analysis.Guardrails;

/// <summary>What Organizations says about the account being probed: its name, and whether it is the management account, where no SCP applies.</summary>
public sealed record GuardrailAccountContext(string? AccountName, bool IsManagementAccount);
