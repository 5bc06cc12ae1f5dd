namespace LambdaSec.Model;

/// <summary>
/// One finding Send-LambdaSecFinding wrote to AWS Security Hub (with -PassThru): imported (created or updated by its
/// stable Id) or archived (RecordState ARCHIVED, because this run no longer reports it).
/// </summary>
public sealed class LambdaSecHubRecord
{
    /// <summary>Imported or Archived.</summary>
    public string Action { get; init; } = string.Empty;

    /// <summary>The ASFF finding Id: lambdasec/&lt;rule&gt;/&lt;fingerprint&gt;, the same on every run for the same finding.</summary>
    public string Id { get; init; } = string.Empty;

    public string RuleId { get; init; } = string.Empty;

    public string? AccountId { get; init; }

    public string? Region { get; init; }

    /// <summary>ACTIVE for imported findings, ARCHIVED for archived ones.</summary>
    public string RecordState { get; init; } = string.Empty;

    public string? ResourceArn { get; init; }

    public string? Title { get; init; }

    /// <summary>The Workflow.Status LambdaSec gave the finding: SUPPRESSED for an accepted risk (a suppressed finding), NEW when a suppression LambdaSec had set ended; null when it left the workflow as it was.</summary>
    public string? WorkflowStatus { get; init; }

    public override string ToString() => $"{Action} {Id}";
}
