using System;
using System.Collections.Generic;

namespace LambdaSec.Analysis.Suppressions;

/// <summary>A suppression file (or a template's Metadata entry) that breaks the schema; each problem is "file:line: what is wrong".</summary>
public sealed class SuppressionException : Exception
{
    public SuppressionException(IReadOnlyList<string> problems)
        : base(string.Join(Environment.NewLine, problems))
    {
        Problems = problems;
    }

    public IReadOnlyList<string> Problems { get; }
}
