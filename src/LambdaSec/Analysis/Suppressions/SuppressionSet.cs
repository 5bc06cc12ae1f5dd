using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Suppressions;

/// <summary>The suppression entries and trusted accounts of a suppression file (or of a template's Metadata).</summary>
public sealed class SuppressionSet
{
    public static SuppressionSet Empty { get; } = new();

    public IReadOnlyList<SuppressionEntry> Entries { get; init; } = [];

    /// <summary>The file's trustedAccounts: grants to them count like the owner's organization (DESIGN §3.6).</summary>
    public IReadOnlyList<string> TrustedAccounts { get; init; } = [];

    /// <summary>The entries whose expiry date has passed at <paramref name="asOf"/>: they suppress nothing and are warned about.</summary>
    public IEnumerable<SuppressionEntry> Expired(DateTime asOf) => Entries.Where(e => e.IsExpired(asOf));

    /// <summary>
    /// The finding marked Suppressed with the reason and the entry of the first live entry that matches it, or the
    /// finding itself when none does (or it is suppressed already).
    /// </summary>
    public LambdaSecFinding Apply(LambdaSecFinding finding, DateTime asOf)
    {
        if (finding.Suppressed)
        {
            return finding;
        }

        var entry = Entries.FirstOrDefault(e => !e.IsExpired(asOf) && e.Matches(finding));
        return entry is null ? finding : finding with { Suppressed = true, SuppressionReason = entry.Reason, SuppressedBy = entry.Source };
    }
}
