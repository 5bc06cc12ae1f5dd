namespace LambdaSec.Model;

/// <summary>Where a runtime stands in AWS's deprecation schedule on a given date (DESIGN.md §4), most severe last.</summary>
public enum LambdaRuntimeStatus
{
    /// <summary>No deprecation within the warning window.</summary>
    Supported,

    /// <summary>Deprecation falls within the warning window (-WarningDays).</summary>
    DeprecationScheduled,

    /// <summary>Deprecated: no more security patches, but functions can still be created and updated.</summary>
    Deprecated,

    /// <summary>New functions with this runtime can no longer be created.</summary>
    CreateBlocked,

    /// <summary>Existing functions with this runtime can no longer be updated.</summary>
    UpdateBlocked,

    /// <summary>Container-image functions bring their own runtime; the catalog does not apply.</summary>
    NotApplicable,

    /// <summary>The identifier is not in the catalog.</summary>
    Unknown,
}
