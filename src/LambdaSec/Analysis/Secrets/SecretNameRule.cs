using System.Text.RegularExpressions;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Secrets;

/// <summary>
/// The rule for key/value pairs (environment variables): a name that suggests a secret (DB_PASSWORD, API_KEY)
/// whose value is random enough, unless the name says the value only points at a secret (SECRET_ARN, TOKEN_URL).
/// </summary>
public sealed class SecretNameRule
{
    public string Id { get; init; } = string.Empty;

    public string Description { get; init; } = string.Empty;

    public Regex Names { get; init; } = new(string.Empty);

    public Regex NotNames { get; init; } = new(string.Empty);

    public SecretConfidence Confidence { get; init; }

    public string Source { get; init; } = string.Empty;

    public bool Applies(string name) => Names.IsMatch(name) && !NotNames.IsMatch(name);
}
