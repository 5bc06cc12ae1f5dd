using System;

namespace LambdaSec.Analysis.Cost;

/// <summary>A price list that cannot be used; the message names the file and the problem.</summary>
public sealed class PriceListException : Exception
{
    public PriceListException(string message)
        : base(message)
    {
    }

    public PriceListException(string message, Exception inner)
        : base(message, inner)
    {
    }

    public PriceListException()
    {
    }
}
