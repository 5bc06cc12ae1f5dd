using System;

namespace LambdaSec.Aws.Shapes;

/// <summary>STS AssumeRole's answer: the role's temporary keys and who they are.</summary>
public sealed class AwsTemporaryCredentials
{
    public string AccessKeyId { get; init; } = string.Empty;
    public string SecretAccessKey { get; init; } = string.Empty;
    public string SessionToken { get; init; } = string.Empty;
    public DateTimeOffset? Expiration { get; init; }
    public string? AssumedRoleArn { get; init; }

    /// <summary>The account of the assumed role, from its ARN (arn:aws:sts::ACCOUNT:assumed-role/...).</summary>
    public string? AccountId => AssumedRoleArn?.Split(':') is { Length: > 4 } parts ? parts[4] : null;

    public Amazon.Runtime.SessionAWSCredentials ToAwsCredentials() => new(AccessKeyId, SecretAccessKey, SessionToken);

    public static AwsTemporaryCredentials From(AwsNode node)
    {
        var credentials = node.Get("Credentials");
        return new AwsTemporaryCredentials
        {
            AccessKeyId = credentials?.GetString("AccessKeyId") ?? string.Empty,
            SecretAccessKey = credentials?.GetString("SecretAccessKey") ?? string.Empty,
            SessionToken = credentials?.GetString("SessionToken") ?? string.Empty,
            Expiration = credentials?.GetTime("Expiration"),
            AssumedRoleArn = node.Get("AssumedRoleUser")?.GetString("Arn"),
        };
    }
}
