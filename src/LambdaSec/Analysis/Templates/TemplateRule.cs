using LambdaSec.Model;

namespace LambdaSec.Analysis.Templates;

/// <summary>One infrastructure-as-code rule: its stable id, what it reports and the matching controls of other tools (docs/rules.md).</summary>
public sealed record TemplateRule(string Id, string Title, FindingSeverity Severity, string Remediation, string[] ControlIds)
{
    /// <summary>A finding of this rule on one resource of a template.</summary>
    public LambdaSecFinding Finding(ParsedTemplate template, TemplateResource resource, string evidence, int? line = null, string? functionName = null, FindingSeverity? severity = null, string? accountId = null) => new()
    {
        RuleId = Id,
        Title = Title,
        Severity = severity ?? Severity,
        ResourceType = resource.DeclaredType,
        Evidence = evidence,
        Remediation = Remediation,
        ControlIds = ControlIds,
        Frameworks = LambdaSec.Analysis.Compliance.FrameworkMappings.For(Id, ControlIds),
        SourceFile = template.SourceFile,
        SourceLine = line ?? resource.Line,
        LogicalId = resource.LogicalId,
        FunctionName = functionName,
        AccountId = accountId,
        Fingerprint = FindingFingerprint.Of(Id, accountId, null, resource.DeclaredType, FindingFingerprint.Resource(null, template.SourcePath, resource.LogicalId), functionName, null),
    };
}
