namespace LambdaSec.Model;

/// <summary>The exposure of one resource policy: the most severe level among its Allow statements.</summary>
public sealed class PolicyExposureResult
{
    public string? FunctionName { get; init; }

    public string? OwnerAccountId { get; init; }

    public ExposureLevel Exposure { get; init; }

    public string[] ExternalAccounts { get; init; } = [];

    /// <summary>Accounts of the grants that -TrustedAccountId names: judged like the owner's organization (not CrossAccount), listed here so they stay visible.</summary>
    public string[] TrustedAccounts { get; init; } = [];

    public StatementExposure[] Statements { get; init; } = [];

    /// <summary>Why the whole document could not be read, when it could not; otherwise null.</summary>
    public string? ParseError { get; init; }

    public override string ToString() => $"{Exposure} ({Statements.Length} statements)";
}
