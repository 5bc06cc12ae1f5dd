namespace LambdaSec.Analysis.Cost;

/// <summary>One entry point to a function and the caps known for it.</summary>
public sealed class FrontDoor
{
    /// <summary>API Gateway's default account-level throttle per region (requests per second), which every API of the account shares.</summary>
    public const double ApiGatewayAccountRateLimit = 10000;

    public FrontDoorKind Kind { get; init; }

    /// <summary>Names the entry point in the output (an API id and stage, a load balancer); optional.</summary>
    public string? Name { get; init; }

    /// <summary>The lowest API Gateway throttle known for the route (stage, method or usage plan rate), requests per second.</summary>
    public double? ThrottleRateLimit { get; init; }

    /// <summary>What <see cref="ThrottleRateLimit"/> comes from, for the output (stage throttle, usage plan...).</summary>
    public string? ThrottleSource { get; init; }

    /// <summary>The limit of a WAF rate-based rule that counts all requests together (aggregate key CONSTANT), per <see cref="WafWindowSeconds"/>.</summary>
    public long? WafRateLimit { get; init; }

    /// <summary>The evaluation window of <see cref="WafRateLimit"/>, in seconds.</summary>
    public int WafWindowSeconds { get; init; } = WafRateRule.DefaultWindowSeconds;

    /// <summary>Names the WAF rule in the output.</summary>
    public string? WafRuleName { get; init; }

    public bool IsApiGateway => Kind is FrontDoorKind.RestApi or FrontDoorKind.HttpApi;

    /// <summary>WAF can be attached to REST API stages and ALBs only (not to HTTP APIs or function URLs).</summary>
    public bool CanHaveWaf => Kind is FrontDoorKind.RestApi or FrontDoorKind.Alb;

    public override string ToString() => Name is null ? Kind.ToString() : $"{Kind} {Name}";
}
