using LambdaSec.Emulator.Routing;

namespace LambdaSec.Emulator.Services;

public sealed class ApiGatewayV2Service : RestJsonService
{
    public ApiGatewayV2Service() : base("apigatewayv2", false) { }
    public override AwsException Throttled(int s) => WithRetryAfter(new AwsException("TooManyRequestsException", "Too Many Requests", 429), s);
    public override AwsException InternalError() => new("InternalFailure", "Internal server error", 500, false);
}
