using System;
using LambdaSec.Analysis.Cost;
using LambdaSec.Analysis.Runtimes;

namespace LambdaSec.Collect;

/// <summary>What an audit judges against: the date, the runtime catalog and the prices.</summary>
public sealed class AuditSettings
{
    public DateTime AsOf { get; init; } = DateTime.UtcNow;

    public int WarningDays { get; init; } = 180;

    public RuntimeCatalog Catalog { get; init; } = RuntimeCatalog.Default;

    public LambdaPriceList Prices { get; init; } = LambdaPriceList.Default;

    /// <summary>How far back CloudTrail is searched for permission changes that made a function public (LS-EVT-001).</summary>
    public int EventLookbackDays { get; init; } = 7;

    /// <summary>Accounts whose grants count like the owner's organization: no LS-EXP-003 for them (-TrustedAccountId, the suppression file's trustedAccounts).</summary>
    public System.Collections.Generic.IReadOnlyCollection<string> TrustedAccounts { get; init; } = [];

    /// <summary>Where LS-VULN-001 asks about the packages of functions and layers (OSV or its local copy); null when the rule is not selected, so no code is downloaded.</summary>
    public IAdvisorySource? Advisories { get; init; }

    /// <summary>Whether the LS-DETECT-* rules read Inspector's and GuardDuty's status (once per account and region that has functions); off unless -Rule selects them.</summary>
    public bool CheckDetectors { get; init; }

    /// <summary>The largest deployment package or layer downloaded for LS-VULN-001 (Lambda's direct-upload quota, 50 MB).</summary>
    public long MaxCodeBytes { get; init; } = 50L * 1024 * 1024;

    /// <summary>Shared by every region of the audit, so each account's roles are read and analysed once.</summary>
    public AuditRoleAnalyses Roles { get; } = new();
}
