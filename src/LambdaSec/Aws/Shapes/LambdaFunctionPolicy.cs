namespace LambdaSec.Aws.Shapes;

/// <summary>A function's resource policy (GetPolicy): the JSON text and the RevisionId that guards RemovePermission.</summary>
public sealed class LambdaFunctionPolicy
{
    public LambdaFunctionPolicy(string policy, string? revisionId)
    {
        Policy = policy;
        RevisionId = revisionId;
    }

    public string Policy { get; }

    public string? RevisionId { get; }

    public static LambdaFunctionPolicy From(AwsNode node) => new(node.GetString("Policy") ?? string.Empty, node.GetString("RevisionId"));
}
