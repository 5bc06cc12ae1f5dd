using System;

namespace LambdaSec.Analysis.Privileges;

/// <summary>An embedded privilege catalog (actions or escalation methods) is not what the analyzer reads.</summary>
public sealed class PrivilegeCatalogException : Exception
{
    public PrivilegeCatalogException(string message)
        : base(message)
    {
    }

    public PrivilegeCatalogException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PrivilegeCatalogException()
    {
    }
}
