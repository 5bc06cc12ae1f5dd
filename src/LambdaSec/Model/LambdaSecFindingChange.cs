namespace LambdaSec.Model;

/// <summary>
/// One finding of Compare-LambdaSecAudit: whether it is New, Resolved or Unchanged between the reference (older) and
/// difference (newer) audits, matched by <see cref="LambdaSecFinding.Fingerprint"/>, with the finding itself (the newer
/// one, or for Resolved the older one).
/// </summary>
public sealed class LambdaSecFindingChange
{
    public FindingChange Change { get; init; }

    public string Fingerprint { get; init; } = string.Empty;

    public FindingSeverity Severity { get; init; }

    public string RuleId { get; init; } = string.Empty;

    public string? AccountId { get; init; }

    public string? Region { get; init; }

    public string? FunctionName { get; init; }

    public string? ResourceArn { get; init; }

    public string Title { get; init; } = string.Empty;

    /// <summary>Whether the finding (newer, or for Resolved older) is an accepted risk.</summary>
    public bool Suppressed { get; init; }

    public LambdaSecFinding Finding { get; init; } = new();

    public override string ToString() => $"{Change} {Finding}";
}
