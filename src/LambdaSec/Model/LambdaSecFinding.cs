namespace LambdaSec.Model;

/// <summary>
/// One compliance or security finding: one rule on one resource. Invoke-LambdaSecAudit, Test-LambdaSecTemplate
/// and Test-LambdaSecGuardrail emit it; Export-LambdaSecReport writes it as HTML, JSON, CSV, SARIF, JUnit or ASFF.
/// The property set is a public contract: add properties, never rename or remove one.
/// </summary>
public sealed record LambdaSecFinding
{
    private string? _fingerprint;

    /// <summary>Stable rule id, e.g. LS-EXPOSURE-001; see docs/rules.md.</summary>
    public string RuleId { get; init; } = string.Empty;

    public string Title { get; init; } = string.Empty;

    public FindingSeverity Severity { get; init; }

    public string? AccountId { get; init; }

    public string? Region { get; init; }

    /// <summary>AWS CloudFormation-style resource type, e.g. AWS::Lambda::Function, AWS::ApiGateway::Stage.</summary>
    public string ResourceType { get; init; } = string.Empty;

    public string? ResourceArn { get; init; }

    public string? FunctionName { get; init; }

    /// <summary>What was observed, in one or two sentences a person can check.</summary>
    public string Evidence { get; init; } = string.Empty;

    /// <summary>How to fix it: the LambdaSec command when one does, else the AWS step.</summary>
    public string Remediation { get; init; } = string.Empty;

    /// <summary>Matching controls of other tools, e.g. "SecurityHub:Lambda.1", "Config:lambda-function-public-access-prohibited", "Prowler:awslambda_function_not_publicly_accessible".</summary>
    public string[] ControlIds { get; init; } = [];

    /// <summary>
    /// Compliance framework requirements the finding bears on, e.g. "NIST.800-53.r5 AC-3", "PCI DSS v4.0.1/7.2.1",
    /// "CIS AWS Foundations Benchmark v1.4.0/1.16": Security Hub's published mappings of its ControlIds, plus the CIS AWS
    /// Compute Services recommendations of its rule (Data/framework-mappings.json, with sources). Export-LambdaSecReport -Framework filters on it.
    /// </summary>
    public string[] Frameworks { get; init; } = [];

    /// <summary>For infrastructure-as-code findings: the template file, its line and the resource's logical id.</summary>
    public string? SourceFile { get; init; }

    public int? SourceLine { get; init; }

    public string? LogicalId { get; init; }

    /// <summary>When the finding was observed (UTC).</summary>
    public System.DateTime ObservedAt { get; init; } = System.DateTime.UtcNow;

    /// <summary>
    /// For runtime findings: the function's runtime identifier (e.g. python3.8). Added for Export-LambdaSecReport's
    /// runtime deprecation timeline; rules about runtimes should set it together with <see cref="DueDate"/>.
    /// </summary>
    public string? Runtime { get; init; }

    /// <summary>
    /// The date the risk takes (or took) effect, when the rule has one: for the end-of-life runtime rule, the
    /// runtime's deprecation date. Export-LambdaSecReport draws its deprecation timeline from it, so it is a
    /// property rather than text inside Evidence.
    /// </summary>
    public System.DateTime? DueDate { get; init; }

    /// <summary>
    /// The finding's stable identity across runs: SHA-256 hex of rule, account, region, resource type, resource (ARN, or
    /// IaC source path and logical id), function and runtime; never evidence wording, severity, line or time
    /// (<see cref="FindingFingerprint"/>, docs/daily-audit.md). Computed when not given; a finding read back from a
    /// report keeps the fingerprint written there.
    /// </summary>
    public string Fingerprint
    {
        get => _fingerprint ??= FindingFingerprint.Of(this);
        init => _fingerprint = string.IsNullOrEmpty(value) ? null : value;
    }

    /// <summary>
    /// True when an accepted risk covers the finding (a -SuppressionPath entry, or a template resource's
    /// Metadata.lambdasec.rules_to_suppress): it is still emitted and reported, apart, with the reason and the entry.
    /// </summary>
    public bool Suppressed { get; init; }

    /// <summary>Why the risk is accepted, from the suppression entry.</summary>
    public string? SuppressionReason { get; init; }

    /// <summary>The entry that suppresses the finding: "file:line (name)".</summary>
    public string? SuppressedBy { get; init; }

    /// <summary>With Invoke-LambdaSecAudit -BaselinePath: New when the baseline has no finding with this fingerprint, else Existing; null without a baseline.</summary>
    public BaselineState? BaselineState { get; init; }

    /// <summary>When the baseline audit was written (its generatedAt): a New finding is new since then.</summary>
    public System.DateTime? BaselineDate { get; init; }

    public override string ToString() => $"{Severity} {RuleId} {FunctionName ?? ResourceArn ?? LogicalId}";
}
