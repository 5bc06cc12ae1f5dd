namespace LambdaSec.Collect;

/// <summary>
/// A function named by the caller: its name or ARN, optionally one alias or version, and optionally the region
/// a bare name lives in (an ARN names its own region; a name without one is looked for in every region asked).
/// </summary>
public sealed record FunctionRef(string NameOrArn, string? Qualifier = null, string? Region = null);
