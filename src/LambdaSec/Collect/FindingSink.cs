using System;
using System.Collections.Generic;
using LambdaSec.Model;

namespace LambdaSec.Collect;

/// <summary>
/// Sits between a collector and the cmdlet's sink: turns what the collector finds into findings (through
/// <see cref="_evaluate"/>), remembers every finding it passes on when asked to (for the audit checkpoint; without
/// one the audit keeps nothing, so its memory does not grow with the findings) and forwards the rest.
/// </summary>
public sealed class FindingSink : ForwardingSink
{
    private readonly Func<object, IEnumerable<LambdaSecFinding>> _evaluate;
    private readonly List<LambdaSecFinding> _findings = [];

    public FindingSink(ICollectorSink inner, Func<object, IEnumerable<LambdaSecFinding>> evaluate)
        : base(inner) => _evaluate = evaluate;

    /// <summary>Keep the findings passed on, for <see cref="Findings"/>.</summary>
    public bool KeepFindings { get; init; }

    /// <summary>The findings passed on so far (empty unless <see cref="KeepFindings"/>).</summary>
    public IReadOnlyList<LambdaSecFinding> Findings
    {
        get
        {
            lock (_findings)
            {
                return [.. _findings];
            }
        }
    }

    public override void Result(object item)
    {
        foreach (var finding in item is LambdaSecFinding direct ? [direct] : _evaluate(item))
        {
            if (KeepFindings)
            {
                lock (_findings)
                {
                    _findings.Add(finding);
                }
            }

            Inner.Result(finding);
        }
    }
}
