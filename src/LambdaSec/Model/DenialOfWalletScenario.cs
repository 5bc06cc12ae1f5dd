namespace LambdaSec.Model;

/// <summary>Which of the two attacks costs more.</summary>
public enum DenialOfWalletScenario
{
    /// <summary>Nothing can be invoked (reserved concurrency 0).</summary>
    None = 0,

    /// <summary>Every concurrent slot busy with invocations that each run until the function timeout.</summary>
    FullTimeout = 1,

    /// <summary>Invocations as short as billing allows (1 ms) at the highest request rate the limits allow.</summary>
    RequestRate = 2,
}
