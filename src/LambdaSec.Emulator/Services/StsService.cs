namespace LambdaSec.Emulator.Services;

public sealed class StsService : QueryService
{
    public StsService() : base("sts", "https://sts.amazonaws.com/doc/2011-06-15/")
    {
    }
}
