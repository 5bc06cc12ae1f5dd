namespace LambdaSec.Model;

/// <summary>One statement of a resource policy and who it lets in.</summary>
public sealed class StatementExposure
{
    public string? Sid { get; init; }

    /// <summary>The same as <see cref="Sid"/>; named so the object binds to Remove-LMPermission -StatementId.</summary>
    public string? StatementId => Sid;

    public string Effect { get; init; } = string.Empty;

    /// <summary>Principals as "Type:value" (AWS:*, Service:s3.amazonaws.com); NotPrincipal entries start with "Not".</summary>
    public string[] Principals { get; init; } = [];

    /// <summary>Actions; NotAction entries start with "NotAction:".</summary>
    public string[] Actions { get; init; } = [];

    public bool AllowsInvoke { get; init; }

    /// <summary>The invoke actions this statement allows (lambda:InvokeFunction, lambda:InvokeFunctionUrl, lambda:InvokeAsync).</summary>
    public string[] InvokeActions { get; init; } = [];

    /// <summary>Conditions as "Operator key = value, value".</summary>
    public string[] Conditions { get; init; } = [];

    public ExposureLevel Exposure { get; init; }

    public string[] ExternalAccounts { get; init; } = [];

    /// <summary>Accounts of the grants that -TrustedAccountId names: judged like the owner's organization (not CrossAccount), listed here so they stay visible.</summary>
    public string[] TrustedAccounts { get; init; } = [];

    /// <summary>One sentence on why the statement has its level.</summary>
    public string Reason { get; init; } = string.Empty;

    /// <summary>Why the statement cannot be read (bad shape, no principal); null for a readable statement.</summary>
    public string? ParseError { get; init; }

    /// <summary>The statement as it stands in the policy (compact JSON).</summary>
    public string Json { get; init; } = string.Empty;

    public string? FunctionName { get; set; }

    public string? Qualifier { get; set; }

    public override string ToString() => $"{Sid ?? "(no Sid)"}: {Exposure}";
}
