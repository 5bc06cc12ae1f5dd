namespace LambdaSec.Model;

/// <summary>One principal of the role's trust policy, other than lambda.amazonaws.com, that may assume the role.</summary>
public sealed class RoleTrustIssue
{
    public TrustIssueKind Kind { get; init; }

    /// <summary>The principal as written, e.g. Service:ec2.amazonaws.com or AWS:arn:aws:iam::222222222222:root.</summary>
    public string Principal { get; init; } = string.Empty;

    /// <summary>The 12-digit account of an AWS principal, when it names one.</summary>
    public string? Account { get; init; }

    public string StatementId { get; init; } = string.Empty;

    /// <summary>The statement has a Condition, so the principal may assume the role only in some requests.</summary>
    public bool IsConditional { get; init; }

    /// <summary>A service or anyone principal with no aws:SourceAccount or aws:SourceArn pin (confused deputy).</summary>
    public bool MissingSourceCondition { get; init; }

    public FindingSeverity Severity { get; init; }

    public string Description { get; init; } = string.Empty;

    public override string ToString() => $"{Kind} {Principal}";
}
