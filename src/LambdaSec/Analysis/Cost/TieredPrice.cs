using System;
using System.Collections.Generic;

namespace LambdaSec.Analysis.Cost;

/// <summary>
/// A monthly volume price with tiers (Lambda GB-seconds, API Gateway requests). AWS applies tiers to the
/// month's running total; a worst-case estimate starts from an empty month, so the dearest tier comes first.
/// </summary>
public sealed class TieredPrice
{
    public TieredPrice(IReadOnlyList<PriceTier> tiers)
    {
        Tiers = tiers;
    }

    public IReadOnlyList<PriceTier> Tiers { get; }

    /// <summary>The price of the first (dearest) tier, per unit.</summary>
    public double FirstTierUnitPrice => Tiers[0].UnitPrice;

    /// <summary>The charge for <paramref name="quantity"/> units used from the start of a month.</summary>
    public double Cost(double quantity)
    {
        var cost = 0.0;
        var floor = 0.0;
        foreach (var tier in Tiers)
        {
            var ceiling = tier.UpTo ?? double.PositiveInfinity;
            var inTier = Math.Min(quantity, ceiling) - floor;
            if (inTier <= 0)
            {
                break;
            }

            cost += inTier * tier.UnitPrice;
            floor = ceiling;
        }

        return cost;
    }
}
