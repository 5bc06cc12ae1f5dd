using System.Collections.Generic;

namespace LambdaSec.Analysis.Exposure;

/// <summary>What was read about one function (or one alias/version with its own policy), before analysis.</summary>
public sealed record FunctionFacts
{
    public string? AccountId { get; init; }

    public string? Region { get; init; }

    public string FunctionName { get; init; } = string.Empty;

    /// <summary>The function ARN, qualified when <see cref="Qualifier"/> is set.</summary>
    public string FunctionArn { get; init; } = string.Empty;

    public string? Qualifier { get; init; }

    /// <summary>The resource policy JSON; null when the function has none.</summary>
    public string? PolicyJson { get; init; }

    public string? RevisionId { get; init; }

    public FunctionUrlFacts? Url { get; init; }

    public string? VpcId { get; init; }

    public IReadOnlyList<string> SubnetIds { get; init; } = [];

    public IReadOnlyList<string> SecurityGroupIds { get; init; } = [];

    /// <summary>Accounts counted like the owner's organization (-TrustedAccountId, DESIGN §3.6).</summary>
    public IReadOnlyCollection<string> TrustedAccounts { get; init; } = [];

    /// <summary>Parts that could not be read, as "Part: reason".</summary>
    public IReadOnlyList<string> Unknowns { get; init; } = [];
}

/// <summary>A function URL configuration as GetFunctionUrlConfig/ListFunctionUrlConfigs return it.</summary>
public sealed record FunctionUrlFacts(string Url, string AuthType, IReadOnlyList<string> AllowOrigins, bool AllowCredentials);
