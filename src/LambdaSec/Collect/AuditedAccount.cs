using LambdaSec.Aws;

namespace LambdaSec.Collect;

/// <summary>An account to audit and the session to do it with (the caller's own, or one from AssumeRole).</summary>
public sealed record AuditedAccount(string AccountId, AwsSession Session);
