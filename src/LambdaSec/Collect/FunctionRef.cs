namespace LambdaSec.Collect;

/// <summary>A function named by the caller: its name or ARN, and optionally one alias or version.</summary>
public sealed record FunctionRef(string NameOrArn, string? Qualifier = null);
