using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Secrets;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Audit;

/// <summary>
/// Secrets in a function's environment variables (LS-SEC-001): one finding per function naming each variable, its
/// rule and its redacted preview. The hits never hold a secret, so neither does the finding.
/// </summary>
public static class SecretFindings
{
    public const string Remediation =
        "Move the value to AWS Secrets Manager or SSM Parameter Store (SecureString), read it at run time (the AWS Parameters and Secrets Lambda Extension caches it), give the execution role access to that one secret, rotate the exposed credential, and remove the variable.";

    public static IEnumerable<LambdaSecFinding> Evaluate(FindingSubject subject, IReadOnlyList<SecretHit> hits)
    {
        if (hits.Count == 0)
        {
            yield break;
        }

        yield return AuditRules.SecretInEnvironment.Finding(subject, $"{subject.FunctionName}: {Describe(hits)}.", Remediation, SeverityOf(hits));
    }

    /// <summary>Critical when a hit is a provider's own format, a private key or a key pair (High confidence); else High.</summary>
    public static FindingSeverity SeverityOf(IReadOnlyList<SecretHit> hits) =>
        hits.Any(h => h.Confidence == SecretConfidence.High) ? FindingSeverity.Critical : FindingSeverity.High;

    /// <summary>"N variable(s) hold secrets: NAME (rule, preview), ...", the only words a report carries about them.</summary>
    public static string Describe(IReadOnlyList<SecretHit> hits)
    {
        var named = hits.OrderBy(h => h.Variable, System.StringComparer.Ordinal).Select(h => $"{h.Variable} ({h.RuleId}, {h.Confidence} confidence, {h.Preview})").ToList();
        return $"{named.Count} environment variable(s) hold secrets in clear text, readable by anyone allowed lambda:GetFunctionConfiguration: {string.Join(", ", named)}";
    }
}
