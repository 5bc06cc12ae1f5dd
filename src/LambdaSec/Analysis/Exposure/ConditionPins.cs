using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Policy;

namespace LambdaSec.Analysis.Exposure;

/// <summary>
/// What a statement's conditions pin the caller to (DESIGN.md §3 rule 2): accounts on the principal
/// side, accounts on the source side, and organizations. A null set means "not pinned"; an empty
/// set means pins that do not overlap, so nothing is granted.
/// </summary>
public sealed class ConditionPins
{
    private static readonly HashSet<string> NarrowingOperators = new(StringComparer.OrdinalIgnoreCase)
    {
        "StringEquals", "StringEqualsIgnoreCase", "StringLike", "ArnEquals", "ArnLike",
    };

    private static readonly HashSet<string> MultiValuedOrgKeys = new(StringComparer.OrdinalIgnoreCase)
    {
        "aws:PrincipalOrgPaths", "aws:SourceOrgPaths",
    };

    private ConditionPins()
    {
    }

    public HashSet<string>? PrincipalAccounts { get; private set; }

    public HashSet<string>? SourceAccounts { get; private set; }

    /// <summary>The organization ids pinned (intersection); null when no organization key narrows.</summary>
    public HashSet<string>? Organizations { get; private set; }

    /// <summary>The keys that narrowed, for the statement's reason.</summary>
    public List<string> NarrowingKeys { get; } = [];

    public static ConditionPins From(IReadOnlyList<ConditionClause> clauses)
    {
        var pins = new ConditionPins();
        foreach (var clause in clauses)
        {
            if (Narrows(clause))
            {
                pins.Apply(clause);
            }
        }

        return pins;
    }

    private static bool Narrows(ConditionClause clause)
    {
        if (clause.IfExists || !NarrowingOperators.Contains(clause.BaseOperator))
        {
            return false;
        }

        return clause.SetQualifier switch
        {
            SetQualifier.None => true,
            // ForAnyValue holds only when one value of a present key matches; for the multi-valued org path keys that narrows.
            SetQualifier.ForAnyValue => MultiValuedOrgKeys.Contains(clause.Key),
            // ForAllValues holds when the key is absent, so it never narrows.
            _ => false,
        };
    }

    private void Apply(ConditionClause clause)
    {
        switch (clause.Key.ToUpperInvariant())
        {
            case "AWS:SOURCEACCOUNT":
            case "AWS:SOURCEOWNER":
                SourceAccounts = Intersect(SourceAccounts, Pinned(clause, v => v), clause.Key);
                break;
            case "AWS:SOURCEARN":
                SourceAccounts = Intersect(SourceAccounts, Pinned(clause, AwsIdentifiers.ArnAccountField), clause.Key);
                break;
            case "AWS:PRINCIPALACCOUNT":
                PrincipalAccounts = Intersect(PrincipalAccounts, Pinned(clause, v => v), clause.Key);
                break;
            case "AWS:PRINCIPALARN":
                PrincipalAccounts = Intersect(PrincipalAccounts, Pinned(clause, AwsIdentifiers.ArnAccountField), clause.Key);
                break;
            case "AWS:PRINCIPALORGID":
            case "AWS:SOURCEORGID":
                Organizations = Intersect(Organizations, PinnedOrgs(clause, v => v), clause.Key);
                break;
            case "AWS:PRINCIPALORGPATHS":
            case "AWS:SOURCEORGPATHS":
                Organizations = Intersect(Organizations, PinnedOrgs(clause, v => v.Split('/')[0]), clause.Key);
                break;
        }
    }

    private HashSet<string>? Intersect(HashSet<string>? current, HashSet<string>? pinned, string key)
    {
        if (pinned is null)
        {
            return current;
        }

        NarrowingKeys.Add(key);
        if (current is null)
        {
            return pinned;
        }

        current.IntersectWith(pinned);
        return current;
    }

    /// <summary>The accounts a key pins, or null when any value leaves the account open (several values are a union).</summary>
    private static HashSet<string>? Pinned(ConditionClause clause, Func<string, string?> accountOf)
    {
        var accounts = new HashSet<string>(StringComparer.Ordinal);
        foreach (var value in clause.Values)
        {
            var account = accountOf(value);
            if (!AwsIdentifiers.IsAccountId(account))
            {
                return null;
            }

            accounts.Add(account!);
        }

        return accounts.Count > 0 ? accounts : null;
    }

    private static HashSet<string>? PinnedOrgs(ConditionClause clause, Func<string, string> orgOf)
    {
        var orgs = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
        foreach (var org in clause.Values.Select(orgOf))
        {
            if (org.Length == 0 || Wildcard.HasWildcard(org))
            {
                return null;
            }

            orgs.Add(org);
        }

        return orgs.Count > 0 ? orgs : null;
    }
}
