using System;
using System.Collections.Generic;
using LambdaSec.Aws;
using LambdaSec.Model;

namespace LambdaSec.Collect;

/// <summary>
/// Sits between a collector and the cmdlet's sink: turns what the collector finds into findings (through
/// <see cref="_evaluate"/>), remembers every finding it passes on when asked to (for the audit checkpoint; without
/// one the audit keeps nothing, so its memory does not grow with the findings) and forwards the rest.
/// </summary>
public sealed class FindingSink : ICollectorSink
{
    private readonly ICollectorSink _inner;
    private readonly Func<object, IEnumerable<LambdaSecFinding>> _evaluate;
    private readonly List<LambdaSecFinding> _findings = [];

    public FindingSink(ICollectorSink inner, Func<object, IEnumerable<LambdaSecFinding>> evaluate)
    {
        _inner = inner;
        _evaluate = evaluate;
    }

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

    public void Result(object item)
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

            _inner.Result(finding);
        }
    }

    public void Error(string target, AwsServiceException exception) => _inner.Error(target, exception);

    public void Problem(string target, string errorId, string message) => _inner.Problem(target, errorId, message);

    public void Note(string message) => _inner.Note(message);

    public void Progress(string activity, string status, int done, int total) => _inner.Progress(activity, status, done, total);
}
