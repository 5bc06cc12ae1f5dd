namespace LambdaSec.Analysis.Cost;

/// <summary>One tier of a volume price: the unit price up to (and including) <see cref="UpTo"/> units a month; null for the last tier.</summary>
public sealed class PriceTier
{
    public PriceTier(double? upTo, double unitPrice)
    {
        UpTo = upTo;
        UnitPrice = unitPrice;
    }

    public double? UpTo { get; }

    public double UnitPrice { get; }
}
