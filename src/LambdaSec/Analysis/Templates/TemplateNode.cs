namespace LambdaSec.Analysis.Templates;

/// <summary>
/// A value of a template (CloudFormation, SAM or Terraform JSON), whatever the file format: map, list
/// or scalar, each with the 1-based line it starts on, so every finding can point at its source line.
/// </summary>
public abstract class TemplateNode
{
    protected TemplateNode(int line)
    {
        Line = line;
    }

    public int Line { get; }
}
