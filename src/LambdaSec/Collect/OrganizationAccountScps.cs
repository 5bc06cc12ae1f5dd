using System.Collections.Generic;
using LambdaSec.Analysis.Guardrails;

namespace LambdaSec.Collect;

/// <summary>One account of the organization and the SCPs on its path from the root, as the SCP engine takes them.</summary>
public sealed record OrganizationAccountScps(string AccountId, string? Name, bool IsManagementAccount, IReadOnlyList<ScpLevel> Path)
{
    /// <summary>
    /// The SCP path that applies to <paramref name="accountId"/>, as the takeover analysis takes it: empty for the
    /// management account (SCPs do not apply to it); null when the SCPs were not read or the account is not in the
    /// organization read.
    /// </summary>
    public static IReadOnlyList<ScpLevel>? PathOf(IReadOnlyDictionary<string, OrganizationAccountScps>? scps, string? accountId) =>
        scps is not null && accountId is not null && scps.TryGetValue(accountId, out var found)
            ? found.IsManagementAccount ? [] : found.Path
            : null;
}
