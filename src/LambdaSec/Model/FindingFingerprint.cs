using System.Globalization;
using System.Linq;
using System.Security.Cryptography;
using System.Text;

namespace LambdaSec.Model;

/// <summary>
/// The stable identity of a finding across runs (<see cref="LambdaSecFinding.Fingerprint"/>): the SHA-256, in lower-case hex,
/// of a canonical text made of what defines the finding and nothing that changes from run to run. Baselines,
/// Compare-LambdaSecAudit, SARIF partialFingerprints and the Security Hub finding Id are built on it; docs/daily-audit.md
/// lists the parts. Changing the parts changes every fingerprint, so the text starts with a version.
/// </summary>
public static class FindingFingerprint
{
    /// <summary>The canonical text's version; raised only if its parts change.</summary>
    public const string Version = "lambdasec-fingerprint/v1";

    /// <summary>The fingerprint of a finding, with an IaC source file identified by its file name (see <see cref="Of(string, string?, string?, string, string, string?, string?)"/>).</summary>
    public static string Of(LambdaSecFinding finding) => Of(
        finding.RuleId,
        AccountOf(finding),
        RegionOf(finding),
        finding.ResourceType,
        Resource(finding.ResourceArn, finding.SourceFile is { Length: > 0 } file ? FileName(file) : null, finding.LogicalId),
        finding.FunctionName,
        finding.Runtime);

    /// <summary>
    /// The fingerprint from its parts: rule, account, region, resource type, resource (see <see cref="Resource"/>), the
    /// function the finding names (an API stage or load balancer finding exists once per function it invokes) and the
    /// runtime (a function moved from one end-of-life runtime to another has a new finding). Never the severity,
    /// evidence, remediation, source line or any time.
    /// </summary>
    public static string Of(string ruleId, string? accountId, string? region, string resourceType, string resource, string? functionName, string? runtime)
    {
        var canonical = string.Join("\n", Version, ruleId, accountId ?? string.Empty, region ?? string.Empty, resourceType, resource, functionName ?? string.Empty, runtime ?? string.Empty);
        using var sha = SHA256.Create();
        var hash = sha.ComputeHash(Encoding.UTF8.GetBytes(canonical));
        return string.Concat(hash.Select(b => b.ToString("x2", CultureInfo.InvariantCulture)));
    }

    /// <summary>
    /// The resource part: the ARN for cloud findings; for IaC findings the source path (relative to the folder scanned,
    /// '/'-separated, or the file name) and the logical id as <c>path#LogicalId</c>, so a checkout in another folder
    /// keeps its fingerprints.
    /// </summary>
    public static string Resource(string? resourceArn, string? sourcePath, string? logicalId) =>
        resourceArn is { Length: > 0 } arn ? arn
        : sourcePath is { Length: > 0 } ? $"{sourcePath}#{logicalId}"
        : logicalId ?? string.Empty;

    /// <summary>The last segment of a path written with either separator.</summary>
    public static string FileName(string path) => path.Substring(path.LastIndexOfAny(['/', '\\']) + 1);

    /// <summary>The account from <see cref="LambdaSecFinding.AccountId"/>, else from the ARN's account field.</summary>
    public static string? AccountOf(LambdaSecFinding finding) => NonEmpty(finding.AccountId) ?? ArnField(finding.ResourceArn, 4);

    /// <summary>The region from <see cref="LambdaSecFinding.Region"/>, else from the ARN's region field.</summary>
    public static string? RegionOf(LambdaSecFinding finding) => NonEmpty(finding.Region) ?? ArnField(finding.ResourceArn, 3);

    private static string? ArnField(string? arn, int index)
    {
        var parts = arn?.Split(':');
        return parts is { Length: > 5 } && parts[0] == "arn" ? NonEmpty(parts[index]) : null;
    }

    private static string? NonEmpty(string? value) => string.IsNullOrEmpty(value) ? null : value;
}
