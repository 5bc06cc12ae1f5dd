namespace LambdaSec.Analysis.Cost;

/// <summary>How an attacker reaches a function; each has its own per-request charge and its own caps.</summary>
public enum FrontDoorKind
{
    /// <summary>The Lambda Invoke API (a public or cross-account resource policy): no front-door charge, no throttle but Lambda's own.</summary>
    Direct = 0,

    /// <summary>A function URL: no charge beyond Lambda's own, no throttle.</summary>
    FunctionUrl = 1,

    /// <summary>An API Gateway REST API: per-request charge, stage/method throttling, usage plans, WAF.</summary>
    RestApi = 2,

    /// <summary>An API Gateway HTTP API: per-request charge and stage/route throttling; no WAF.</summary>
    HttpApi = 3,

    /// <summary>An Application Load Balancer: LCU charge, WAF; no throttle.</summary>
    Alb = 4,
}
