using System;

namespace LambdaSec.Analysis.Events;

/// <summary>A CloudTrail event that cannot be read; the message says what is wrong with it.</summary>
public sealed class CloudTrailEventException : Exception
{
    public CloudTrailEventException(string message)
        : base(message)
    {
    }

    public CloudTrailEventException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public CloudTrailEventException()
    {
    }
}
