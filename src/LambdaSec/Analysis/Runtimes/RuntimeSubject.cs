namespace LambdaSec.Analysis.Runtimes;

/// <summary>What is being checked: a bare runtime identifier, or a function's runtime and identity.</summary>
public sealed class RuntimeSubject
{
    public string? Runtime { get; init; }

    public string? PackageType { get; init; }

    public string? FunctionName { get; init; }

    public string? FunctionArn { get; init; }

    public string? Region { get; init; }

    public string? AccountId { get; init; }
}
