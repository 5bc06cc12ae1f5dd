using System.Collections.Generic;

namespace LambdaSec.Analysis.Policy;

/// <summary>An IAM policy document (resource or identity policy) as IAM reads it.</summary>
public sealed class PolicyDocument
{
    public PolicyDocument(string? version, string? id, IReadOnlyList<PolicyStatement> statements)
    {
        Version = version;
        Id = id;
        Statements = statements;
    }

    public string? Version { get; }

    public string? Id { get; }

    public IReadOnlyList<PolicyStatement> Statements { get; }
}
