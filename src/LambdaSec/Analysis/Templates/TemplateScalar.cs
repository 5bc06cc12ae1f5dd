namespace LambdaSec.Analysis.Templates;

/// <summary>A string, number or boolean as its text; <see cref="Text"/> is null for a JSON/YAML null.</summary>
public sealed class TemplateScalar : TemplateNode
{
    public TemplateScalar(string? text, int line)
        : base(line)
    {
        Text = text;
    }

    public string? Text { get; }

    public override string ToString() => Text ?? "null";
}
