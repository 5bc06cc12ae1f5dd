namespace LambdaSec.Emulator.Services;

public sealed class IamService : QueryService
{
    public IamService() : base("iam", "https://iam.amazonaws.com/doc/2010-05-08/")
    {
    }
}
