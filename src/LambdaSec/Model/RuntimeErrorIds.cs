namespace LambdaSec.Model;

/// <summary>
/// Stable error ids of the runtime cmdlets (Test-LambdaRuntime, Get-LambdaRuntimeSchedule); scripts may
/// match on them, so never rename one. Kept beside <see cref="ErrorIds"/> until the two lists are merged.
/// </summary>
public static class RuntimeErrorIds
{
    /// <summary>-CatalogPath names a file that does not exist (terminating).</summary>
    public const string RuntimeCatalogNotFound = "LambdaSec.RuntimeCatalogNotFound";

    /// <summary>The catalog file is not valid JSON or not a runtime catalog (terminating).</summary>
    public const string RuntimeCatalogInvalid = "LambdaSec.RuntimeCatalogInvalid";

    /// <summary>A function came without its Runtime and it cannot be looked up (non-terminating, per function).</summary>
    public const string RuntimeNotProvided = "LambdaSec.RuntimeNotProvided";
}
