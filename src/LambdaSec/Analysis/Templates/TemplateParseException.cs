using System;

namespace LambdaSec.Analysis.Templates;

/// <summary>A template file is not valid JSON or YAML; <see cref="Line"/> is where the reader stopped (1-based, 0 when unknown).</summary>
public sealed class TemplateParseException : Exception
{
    public TemplateParseException(string message, int line, Exception? inner = null)
        : base(message, inner)
    {
        Line = line;
    }

    public TemplateParseException()
    {
    }

    public TemplateParseException(string message)
        : base(message)
    {
    }

    public TemplateParseException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public int Line { get; }
}
