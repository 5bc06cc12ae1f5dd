using System;

namespace LambdaSec.Analysis.Runtimes;

/// <summary>A runtime catalog that cannot be used; the message names the catalog and the problem.</summary>
public sealed class RuntimeCatalogException : Exception
{
    public RuntimeCatalogException(string message)
        : base(message)
    {
    }

    public RuntimeCatalogException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public RuntimeCatalogException()
    {
    }
}
