using LambdaSec.Model;

namespace LambdaSec.Analysis.Cost;

/// <summary>One priced attack: through which door, which scenario, at what rate, and what bounds it.</summary>
internal sealed record Attack(FrontDoor Door, DenialOfWalletScenario Scenario, double Rate, double CostPerHour, double CostPerDay, DenialOfWalletLimit Limit, string CappedBy);
