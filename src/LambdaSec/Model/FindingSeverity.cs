namespace LambdaSec.Model;

/// <summary>Severity of a finding; the numeric values order them (Critical is the most severe).</summary>
public enum FindingSeverity
{
    Informational = 0,
    Low = 1,
    Medium = 2,
    High = 3,
    Critical = 4,
}
