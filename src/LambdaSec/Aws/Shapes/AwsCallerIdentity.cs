namespace LambdaSec.Aws.Shapes;

/// <summary>STS GetCallerIdentity: who the credentials are.</summary>
public sealed class AwsCallerIdentity
{
    public AwsCallerIdentity(string account, string arn, string userId)
    {
        Account = account;
        Arn = arn;
        UserId = userId;
    }

    public string Account { get; }

    public string Arn { get; }

    public string UserId { get; }

    public static AwsCallerIdentity From(AwsNode node) =>
        new(node.GetString("Account") ?? string.Empty, node.GetString("Arn") ?? string.Empty, node.GetString("UserId") ?? string.Empty);
}
