using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Remediation;

/// <summary>
/// Which statements a removal may touch: Allow statements with a Sid whose level is one of the chosen levels
/// (Public by default; at most Public, ServiceUnrestricted and CrossAccount), and only the Sids the target names, if it names any.
/// </summary>
public sealed class RemovalScope
{
    /// <summary>The levels a removal may ever be widened to; every other level is never touched.</summary>
    public static readonly IReadOnlyList<ExposureLevel> Removable = [ExposureLevel.Public, ExposureLevel.ServiceUnrestricted, ExposureLevel.CrossAccount];

    private readonly HashSet<ExposureLevel> _levels;

    public RemovalScope(IEnumerable<ExposureLevel>? levels) =>
        _levels = new HashSet<ExposureLevel>((levels ?? [ExposureLevel.Public]).Where(Removable.Contains));

    public bool Includes(StatementExposure statement, FunctionTarget target) =>
        string.Equals(statement.Effect, "Allow", StringComparison.OrdinalIgnoreCase)
        && _levels.Contains(statement.Exposure)
        && !string.IsNullOrEmpty(statement.Sid)
        && (target.StatementIds is null || target.StatementIds.Contains(statement.Sid!));

    /// <summary>Statements the target names that are outside the levels in scope, so the caller can say why they were left.</summary>
    public IEnumerable<StatementExposure> NamedButOutOfScope(IEnumerable<StatementExposure> statements, FunctionTarget target) =>
        target.StatementIds is null ? [] : statements.Where(s => s.Sid is not null && target.StatementIds.Contains(s.Sid) && !Includes(s, target));
}
