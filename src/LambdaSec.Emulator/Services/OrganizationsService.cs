namespace LambdaSec.Emulator.Services;

public sealed class OrganizationsService : JsonRpcService
{
    public OrganizationsService() : base("organizations")
    {
    }
}
