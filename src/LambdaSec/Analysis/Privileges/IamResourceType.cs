namespace LambdaSec.Analysis.Privileges;

/// <summary>
/// A resource type an action takes, from the Service Authorization Reference: its name, its ARN format as a
/// <see cref="ResourcePattern"/> (placeholders become wildcards), and whether the SAR marks it required.
/// </summary>
public sealed record IamResourceType(string Name, string Pattern, bool Required)
{
    public override string ToString() => Name + " " + ResourcePattern.Display(Pattern);
}
