using LambdaSec.Model;

namespace LambdaSec.Remediation;

/// <summary>One statement to remove as it was read (and shown to the user for confirmation), in the policy snapshot of its target.</summary>
public sealed record PlannedRemoval(FunctionTarget Target, StatementExposure Statement);
