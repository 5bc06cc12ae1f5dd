using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Policy;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Exposure;

public enum PrincipalKind
{
    Anyone,
    Account,
    Service,
    Unknown,
}

/// <summary>A principal as the classifier sees it: anyone, one account, one service, or something it cannot evaluate.</summary>
public sealed record ClassifiedPrincipal(PrincipalKind Kind, string Text, string? Account = null);

/// <summary>DESIGN.md §3 rules 1 and 3: what kind each principal is and the level it gets under the statement's pins.</summary>
public static class PrincipalClassifier
{
    public static List<ClassifiedPrincipal> Read(PolicyStatement statement)
    {
        if (statement.NotPrincipal is not null)
        {
            // NotPrincipal admits everyone it does not name.
            return [new ClassifiedPrincipal(PrincipalKind.Anyone, "NotPrincipal")];
        }

        if (statement.Principal is not { } principal)
        {
            return [];
        }

        return principal.IsBareWildcard
            ? [new ClassifiedPrincipal(PrincipalKind.Anyone, "*")]
            : principal.Entries.Select(ReadEntry).ToList();
    }

    private static ClassifiedPrincipal ReadEntry(PrincipalEntry entry)
    {
        var text = entry.ToString();
        if (string.Equals(entry.Type, "Service", StringComparison.OrdinalIgnoreCase))
        {
            return new ClassifiedPrincipal(PrincipalKind.Service, entry.Value);
        }

        if (!string.Equals(entry.Type, "AWS", StringComparison.OrdinalIgnoreCase))
        {
            // Federated, CanonicalUser and unknown types cannot be evaluated for Lambda.
            return new ClassifiedPrincipal(PrincipalKind.Unknown, text);
        }

        var value = entry.Value;
        var account = AwsIdentifiers.ArnAccountField(value) ?? value;
        if (value == "*" || Wildcard.HasWildcard(account))
        {
            return new ClassifiedPrincipal(PrincipalKind.Anyone, text);
        }

        return AwsIdentifiers.IsAccountId(account)
            ? new ClassifiedPrincipal(PrincipalKind.Account, text, account)
            : new ClassifiedPrincipal(PrincipalKind.Unknown, text);
    }

    /// <summary>
    /// The level of one principal. Accounts in <paramref name="trusted"/> (DESIGN §3.6, -TrustedAccountId) count like the
    /// owner's organization: a grant whose accounts are all the owner or trusted is Organization, not CrossAccount, and
    /// names them in <see cref="Judgement.TrustedAccounts"/>.
    /// </summary>
    public static Judgement Judge(ClassifiedPrincipal principal, ConditionPins pins, string? owner, IReadOnlyCollection<string> trusted) => principal.Kind switch
    {
        PrincipalKind.Anyone => JudgeAnyone(principal, pins, owner, trusted),
        PrincipalKind.Service => JudgeService(principal, pins, owner, trusted),
        PrincipalKind.Account => JudgeAccount(principal, pins, owner, trusted),
        _ => new Judgement(ExposureLevel.Unknown, [], $"The principal {principal.Text} is not an AWS account, service or \"*\", so it cannot be evaluated."),
    };

    private static Judgement JudgeAnyone(ClassifiedPrincipal principal, ConditionPins pins, string? owner, IReadOnlyCollection<string> trusted)
    {
        var who = principal.Text == "NotPrincipal" ? "Everyone outside the NotPrincipal list" : $"Any principal ({principal.Text})";
        if (pins.PrincipalAccounts is { } callerAccounts)
        {
            return ByAccounts(callerAccounts, owner, trusted, ExposureLevel.Account, $"{who} is admitted, but {Keys(pins)} pins the caller");
        }

        if (pins.SourceAccounts is { } sourceAccounts)
        {
            return ByAccounts(sourceAccounts, owner, trusted, ExposureLevel.ServiceRestricted, $"{who} is admitted, but {Keys(pins)} pins the source");
        }

        return pins.Organizations is { } orgs
            ? new Judgement(ExposureLevel.Organization, [], $"{who} is admitted, but only from organization {string.Join(", ", orgs)} ({Keys(pins)}).")
            : new Judgement(ExposureLevel.Public, [], $"{who} is admitted and no condition pins an account or organization, so anyone can call it.");
    }

    private static Judgement JudgeService(ClassifiedPrincipal principal, ConditionPins pins, string? owner, IReadOnlyCollection<string> trusted)
    {
        var who = $"The service {principal.Text}";
        if ((pins.PrincipalAccounts ?? pins.SourceAccounts) is { } accounts)
        {
            return ByAccounts(accounts, owner, trusted, ExposureLevel.ServiceRestricted, $"{who} is admitted and {Keys(pins)} pins the source");
        }

        return pins.Organizations is { } orgs
            ? new Judgement(ExposureLevel.Organization, [], $"{who} is admitted only for sources in organization {string.Join(", ", orgs)} ({Keys(pins)}).")
            : new Judgement(ExposureLevel.ServiceUnrestricted, [], $"{who} is admitted with no account or organization pin, so a resource of that service in any account can trigger the function (confused deputy).");
    }

    private static Judgement JudgeAccount(ClassifiedPrincipal principal, ConditionPins pins, string? owner, IReadOnlyCollection<string> trusted)
    {
        var account = principal.Account!;
        if (pins.PrincipalAccounts is { } callerAccounts && !callerAccounts.Contains(account))
        {
            return new Judgement(ExposureLevel.None, [], $"The account {account} is named, but {Keys(pins)} admits only other accounts, so nothing is granted to it.");
        }

        return account == owner ? new Judgement(ExposureLevel.Account, [], $"Only the owner account {account} is admitted.")
            : trusted.Contains(account) ? Trusted([account], $"The trusted account {account} is admitted")
            : new Judgement(ExposureLevel.CrossAccount, [account], $"The external account {account} is admitted.");
    }

    private static Judgement ByAccounts(HashSet<string> accounts, string? owner, IReadOnlyCollection<string> trusted, ExposureLevel ownerOnlyLevel, string lead)
    {
        if (accounts.Count == 0)
        {
            return new Judgement(ExposureLevel.None, [], $"{lead} to accounts that do not overlap, so nothing is granted.");
        }

        var external = accounts.Where(a => a != owner).OrderBy(a => a, StringComparer.Ordinal).ToArray();
        var trustedHere = external.Where(trusted.Contains).ToArray();
        var untrusted = external.Except(trustedHere).ToArray();
        if (external.Length == 0)
        {
            return new Judgement(ownerOnlyLevel, [], $"{lead} to the owner account {owner}.");
        }

        var trustedNote = trustedHere.Length == 0 ? string.Empty : $" ({string.Join(", ", trustedHere)} trusted)";
        return untrusted.Length == 0
            ? Trusted(trustedHere, $"{lead} to {(external.Length < accounts.Count ? "the owner and " : string.Empty)}trusted accounts {string.Join(", ", trustedHere)}")
            : new Judgement(ExposureLevel.CrossAccount, untrusted, $"{lead} to {string.Join(", ", untrusted)}, outside the owner account{trustedNote}.") { TrustedAccounts = trustedHere };
    }

    private static Judgement Trusted(string[] accounts, string lead) =>
        new(ExposureLevel.Organization, [], $"{lead}, which -TrustedAccountId counts like the owner's organization.") { TrustedAccounts = accounts };

    private static string Keys(ConditionPins pins) => string.Join(" and ", pins.NarrowingKeys.Distinct(StringComparer.OrdinalIgnoreCase));
}
