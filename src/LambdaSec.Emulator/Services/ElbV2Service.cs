namespace LambdaSec.Emulator.Services;

public sealed class ElbV2Service : QueryService
{
    public ElbV2Service() : base("elasticloadbalancing", "http://elasticloadbalancing.amazonaws.com/doc/2015-12-01/")
    {
    }
}
