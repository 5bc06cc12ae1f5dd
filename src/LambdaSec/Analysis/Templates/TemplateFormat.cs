namespace LambdaSec.Analysis.Templates;

/// <summary>What kind of infrastructure-as-code file a template came from.</summary>
public enum TemplateFormat
{
    CloudFormation,
    Sam,
    TerraformPlan,
}
