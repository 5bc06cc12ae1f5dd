namespace LambdaSec.Model;

/// <summary>
/// One way in to a function through API Gateway or an Application Load Balancer: a REST API method on a
/// stage, an HTTP API route on a stage, or an ALB listener forwarding to a target group that targets the function.
/// </summary>
public sealed class EntryPoint
{
    public EntryPointKind Kind { get; init; }

    /// <summary>REST/HTTP API id, or the load balancer ARN.</summary>
    public string Id { get; init; } = string.Empty;

    public string? Name { get; init; }

    /// <summary>The API stage; null for load balancers.</summary>
    public string? Stage { get; init; }

    /// <summary>"GET /orders", "ANY /{proxy+}", "$default", or the listener "HTTPS:443".</summary>
    public string Route { get; init; } = string.Empty;

    /// <summary>NONE, AWS_IAM, COGNITO_USER_POOLS, CUSTOM, JWT; null for load balancers (they do not authenticate).</summary>
    public string? AuthorizationType { get; init; }

    public bool ApiKeyRequired { get; init; }

    /// <summary>True when callers must authenticate (an authorizer, IAM or an API key).</summary>
    public bool IsAuthenticated { get; init; }

    /// <summary>internet-facing or internal for load balancers; REST APIs report their endpoint type (EDGE, REGIONAL, PRIVATE).</summary>
    public string? Scheme { get; init; }

    public string? WebAclArn { get; init; }

    /// <summary>False for HTTP APIs: AWS WAF cannot be associated with them.</summary>
    public bool WafSupported { get; init; } = true;

    public bool HasWaf => WebAclArn is not null;

    /// <summary>The ARN a WAF web ACL would be associated with (the stage or the load balancer).</summary>
    public string? ResourceArn { get; init; }

    /// <summary>The alias or version the integration names; null when it names the function itself.</summary>
    public string? Qualifier { get; set; }

    public string Summary { get; init; } = string.Empty;

    public override string ToString() => Summary;
}
