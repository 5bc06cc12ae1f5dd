namespace LambdaSec.Model;

/// <summary>
/// Every way one function (or one alias/version with its own policy) can be reached: its resource policy
/// classified per DESIGN.md §3, its function URL, API Gateway and load balancer entry points, and its VPC placement.
/// </summary>
public sealed class LambdaExposure
{
    public string? AccountId { get; init; }

    public string? Region { get; init; }

    public string FunctionName { get; init; } = string.Empty;

    public string FunctionArn { get; init; } = string.Empty;

    /// <summary>The alias or version whose policy this is; null for the unqualified function.</summary>
    public string? Qualifier { get; init; }

    public ExposureLevel Exposure { get; init; }

    public string[] ExternalAccounts { get; init; } = [];

    /// <summary>Accounts of the grants that -TrustedAccountId names: judged like the owner's organization (not CrossAccount), listed here so they stay visible.</summary>
    public string[] TrustedAccounts { get; init; } = [];

    public StatementExposure[] Statements { get; init; } = [];

    /// <summary>The policy's RevisionId, so a change can be made against exactly this version of it.</summary>
    public string? RevisionId { get; init; }

    public FunctionUrlExposure? FunctionUrl { get; init; }

    public EntryPoint[] EntryPoints { get; init; } = [];

    public VpcAttachment Vpc { get; init; } = new();

    /// <summary>Parts that could not be read (e.g. "FunctionUrl: AccessDenied"); those facts are unknown, not absent.</summary>
    public string[] Unknowns { get; init; } = [];

    public string Summary { get; init; } = string.Empty;

    public override string ToString() => $"{FunctionName}: {Exposure}";
}
