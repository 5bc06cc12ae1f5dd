namespace LambdaSec.Model;

/// <summary>
/// Stable error ids, the first part of every FullyQualifiedErrorId LambdaSec writes. Documented in
/// docs/errors.md; scripts may match on them, so never rename one.
/// </summary>
public static class ErrorIds
{
    public const string PolicyParseError = "LambdaSec.PolicyParseError";
    public const string InvalidAccountId = "LambdaSec.InvalidAccountId";
    public const string OwnerUnknown = "LambdaSec.OwnerUnknown";
}
