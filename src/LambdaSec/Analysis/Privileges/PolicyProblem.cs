namespace LambdaSec.Analysis.Privileges;

/// <summary>A document, or one statement of it, that could not be read; <see cref="Statement"/> is null for the whole document.</summary>
public sealed record PolicyProblem(string Document, string? Statement, string Message);
