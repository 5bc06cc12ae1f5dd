namespace LambdaSec.Model;

/// <summary>The limit that bounds a denial-of-wallet worst case.</summary>
public enum DenialOfWalletLimit
{
    /// <summary>Reserved concurrency 0: the function cannot be invoked at all.</summary>
    ZeroReservedConcurrency = 0,

    /// <summary>The function's reserved concurrency.</summary>
    ReservedConcurrency = 1,

    /// <summary>The account's unreserved concurrency, which a function without reserved concurrency draws on.</summary>
    UnreservedConcurrency = 2,

    /// <summary>Lambda's invocation rate quota: 10 requests per second per unit of concurrency.</summary>
    LambdaRequestRate = 3,

    /// <summary>An API Gateway throttle: stage, method or usage plan rate, or the account-level default.</summary>
    ApiGatewayThrottle = 4,

    /// <summary>A WAF rate-based rule counting all requests together (aggregate key CONSTANT).</summary>
    WafRateRule = 5,
}
