using System;

namespace LambdaSec.Aws.Shapes;

/// <summary>An IAM role (GetRole): the trust policy is decoded from the URL-encoding the query protocol uses.</summary>
public sealed class IamRole
{
    public string RoleName { get; init; } = string.Empty;
    public string Arn { get; init; } = string.Empty;
    public string? RoleId { get; init; }
    public string? Path { get; init; }
    public string? AssumeRolePolicyDocument { get; init; }
    public string? PermissionsBoundaryArn { get; init; }
    public DateTimeOffset? RoleLastUsed { get; init; }

    public static IamRole From(AwsNode node) => new()
    {
        RoleName = node.GetString("RoleName") ?? string.Empty,
        Arn = node.GetString("Arn") ?? string.Empty,
        RoleId = node.GetString("RoleId"),
        Path = node.GetString("Path"),
        AssumeRolePolicyDocument = IamDocument.Decode(node.GetString("AssumeRolePolicyDocument")),
        PermissionsBoundaryArn = node.Get("PermissionsBoundary")?.GetString("PermissionsBoundaryArn"),
        RoleLastUsed = node.Get("RoleLastUsed")?.GetTime("LastUsedDate"),
    };
}
