using LambdaSec.Emulator.Routing;

namespace LambdaSec.Emulator.Services;

public sealed class ApiGatewayService : RestJsonService
{
    public ApiGatewayService() : base("apigateway", false) { }
    public override AwsException Throttled(int s) => WithRetryAfter(new AwsException("TooManyRequestsException", "Too Many Requests", 429), s);
    public override AwsException InternalError() => new("InternalFailure", "Internal server error", 500, false);
}
