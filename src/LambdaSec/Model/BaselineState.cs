namespace LambdaSec.Model;

/// <summary>Whether a finding was in the baseline an audit was compared with (Invoke-LambdaSecAudit -BaselinePath).</summary>
public enum BaselineState
{
    /// <summary>Not in the baseline: new since the baseline's run.</summary>
    New,

    /// <summary>In the baseline already (same fingerprint).</summary>
    Existing,
}
