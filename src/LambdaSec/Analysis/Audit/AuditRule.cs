namespace LambdaSec.Analysis.Audit;

/// <summary>One audit rule: stable id, title, default severity, the resource type it judges and the matching controls of peers.</summary>
public sealed record AuditRule(string Id, string Title, LambdaSec.Model.FindingSeverity Severity, string ResourceType, string[] ControlIds)
{
    public LambdaSec.Model.LambdaSecFinding Finding(FindingSubject subject, string evidence, string remediation, LambdaSec.Model.FindingSeverity? severity = null, string? runtime = null, System.DateTime? dueDate = null) => new()
    {
        RuleId = Id,
        Title = Title,
        Severity = severity ?? Severity,
        AccountId = subject.AccountId,
        Region = subject.Region,
        ResourceType = ResourceType,
        ResourceArn = subject.ResourceArn,
        FunctionName = subject.FunctionName,
        Evidence = evidence,
        Remediation = remediation,
        ControlIds = ControlIds,
        Frameworks = LambdaSec.Analysis.Compliance.FrameworkMappings.For(Id, ControlIds),
        Runtime = runtime,
        DueDate = dueDate,
    };
}

/// <summary>The resource a finding is about.</summary>
public sealed record FindingSubject(string? AccountId, string? Region, string? ResourceArn, string? FunctionName);
