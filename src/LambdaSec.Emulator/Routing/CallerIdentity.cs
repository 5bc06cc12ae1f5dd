namespace LambdaSec.Emulator.Routing;

/// <summary>Who signed a request, as CloudTrail and STS describe it.</summary>
public sealed record CallerIdentity(
    string AccountId,
    string Arn,
    string UserId,
    string AccessKeyId,
    string Type,
    string? UserName,
    string? RoleArn)
{
    public const string DefaultAccount = "123456789012";

    public static bool IsAccountId(string? s) => s is { Length: 12 } && s.All(char.IsAsciiDigit);

    public static CallerIdentity ForAccount(string accountId, string accessKeyId) =>
        new(accountId, $"arn:aws:iam::{accountId}:root", accountId, accessKeyId, "Root", null, null);
}
