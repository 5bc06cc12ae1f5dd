namespace LambdaSec.Model;

/// <summary>
/// Stable error ids, the first part of every FullyQualifiedErrorId LambdaSec writes. Documented in
/// docs/errors.md; scripts may match on them, so never rename one.
/// </summary>
public static class ErrorIds
{
    public const string PolicyParseError = "LambdaSec.PolicyParseError";

    /// <summary>-CatalogPath names a file that does not exist (terminating).</summary>
    public const string RuntimeCatalogNotFound = "LambdaSec.RuntimeCatalogNotFound";

    /// <summary>The runtime catalog file is not valid JSON or not a runtime catalog (terminating).</summary>
    public const string RuntimeCatalogInvalid = "LambdaSec.RuntimeCatalogInvalid";

    /// <summary>A function came without its Runtime and it cannot be looked up (non-terminating, per function).</summary>
    public const string RuntimeNotProvided = "LambdaSec.RuntimeNotProvided";
}
