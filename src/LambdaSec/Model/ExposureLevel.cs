namespace LambdaSec.Model;

/// <summary>Who can invoke a function, per DESIGN.md §3. Names are part of the public contract.</summary>
public enum ExposureLevel
{
    None = 0,
    Account = 1,
    ServiceRestricted = 2,
    Organization = 3,
    CrossAccount = 4,
    ServiceUnrestricted = 5,
    Unknown = 6,
    Public = 7,
}

/// <summary>Ordering helpers; the numeric values of <see cref="ExposureLevel"/> are the severity ranks.</summary>
public static class ExposureLevelExtensions
{
    public static bool IsMoreSevereThan(this ExposureLevel level, ExposureLevel other) => (int)level > (int)other;

    public static bool IsAtLeast(this ExposureLevel level, ExposureLevel threshold) => (int)level >= (int)threshold;

    public static ExposureLevel Max(ExposureLevel a, ExposureLevel b) => a.IsMoreSevereThan(b) ? a : b;
}
