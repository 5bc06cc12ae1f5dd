namespace LambdaSec.Emulator.Services;

public sealed class CloudTrailService : JsonRpcService
{
    public CloudTrailService() : base("cloudtrail")
    {
    }
}
