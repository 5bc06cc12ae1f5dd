using System;

namespace LambdaSec.Analysis.Policy;

/// <summary>The text is not a policy document IAM could read.</summary>
public sealed class PolicyParseException : Exception
{
    public PolicyParseException(string message)
        : base(message)
    {
    }

    public PolicyParseException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PolicyParseException()
    {
    }
}
