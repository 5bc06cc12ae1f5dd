namespace LambdaSec.Model;

/// <summary>How many functions (or aliases/versions with their own policy) of a region have each exposure level (Get-LambdaExposure -Summary).</summary>
public sealed class LambdaExposureSummary
{
    public string? AccountId { get; init; }

    public string? Region { get; init; }

    public ExposureLevel Exposure { get; init; }

    public int Count { get; init; }

    public override string ToString() => $"{Region} {Exposure}: {Count}";
}
