namespace LambdaSec.Emulator.Services;

public sealed class WafV2Service : JsonRpcService
{
    public WafV2Service() : base("wafv2")
    {
    }
}
