namespace LambdaSec.Model;

/// <summary>A function URL and whether anyone on the internet can call it.</summary>
public sealed class FunctionUrlExposure
{
    public string Url { get; init; } = string.Empty;

    /// <summary>NONE or AWS_IAM.</summary>
    public string AuthType { get; init; } = string.Empty;

    public string[] CorsAllowOrigins { get; init; } = [];

    public bool CorsAllowCredentials { get; init; }

    /// <summary>The resource policy lets anyone call lambda:InvokeFunctionUrl.</summary>
    public bool PolicyAllowsPublicUrlInvoke { get; init; }

    /// <summary>The resource policy lets anyone call lambda:InvokeFunction (required for URLs since October 2025).</summary>
    public bool PolicyAllowsPublicInvoke { get; init; }

    /// <summary>AuthType NONE and a public grant for lambda:InvokeFunctionUrl.</summary>
    public bool IsPubliclyReachable { get; init; }

    /// <summary>Public through lambda:InvokeFunctionUrl alone, the authorization model AWS replaced in October 2025.</summary>
    public bool ReliesOnUrlPermissionOnly { get; init; }

    public string Note { get; init; } = string.Empty;

    public override string ToString() => $"{AuthType} {Url}";
}
