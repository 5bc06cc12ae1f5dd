namespace LambdaSec.Model;

/// <summary>Where the function's network interfaces are: in a VPC (subnets, security groups) or not.</summary>
public sealed class VpcAttachment
{
    public string? VpcId { get; init; }

    public string[] SubnetIds { get; init; } = [];

    public string[] SecurityGroupIds { get; init; } = [];

    public bool IsAttached => SubnetIds.Length > 0;

    public override string ToString() => IsAttached ? $"{VpcId} ({SubnetIds.Length} subnets, {SecurityGroupIds.Length} security groups)" : "not in VPC";
}
