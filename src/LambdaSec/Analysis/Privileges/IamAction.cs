namespace LambdaSec.Analysis.Privileges;

/// <summary>One IAM action of the catalog, e.g. iam:PassRole (Write).</summary>
public sealed record IamAction(string Service, string Name, AccessLevel Level)
{
    public string FullName { get; } = Service + ":" + Name;

    public override string ToString() => FullName;
}
