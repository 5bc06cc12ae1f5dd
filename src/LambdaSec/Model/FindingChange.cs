namespace LambdaSec.Model;

/// <summary>What happened to a finding between two audits (Compare-LambdaSecAudit).</summary>
public enum FindingChange
{
    /// <summary>Only in the newer audit.</summary>
    New,

    /// <summary>Only in the older audit: fixed, or its resource is gone.</summary>
    Resolved,

    /// <summary>In both audits (same fingerprint).</summary>
    Unchanged,
}
