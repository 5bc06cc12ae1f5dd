using System;
using System.Collections.Generic;
using System.Globalization;
using System.IO;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Reports;

/// <summary>
/// AWS Security Finding Format (2018-10-08): a JSON array that Security Hub's BatchImportFindings takes (at most
/// 100 per call; split the array). Security Hub files a finding under an account and region, so findings that
/// have neither (IaC findings) are left out; the writer returns how many it wrote.
/// </summary>
public sealed class AsffReportWriter : IReportWriter
{
    public const string SchemaVersion = "2018-10-08";

    /// <summary>The ASFF finding type namespace/category every LambdaSec rule belongs to.</summary>
    public const string FindingType = "Software and Configuration Checks/AWS Security Best Practices";

    // Security Hub rejects longer values.
    private const int TitleLimit = 256;
    private const int DescriptionLimit = 1024;
    private const int RecommendationLimit = 512;
    private const int RequirementsLimit = 32;
    private const int ProductFieldLimit = 2048;

    /// <summary>CloudFormation resource types to their ASFF names; anything else is "Other", which ASFF allows.</summary>
    private static readonly Dictionary<string, string> ResourceTypes = new(StringComparer.OrdinalIgnoreCase)
    {
        ["AWS::Lambda::Function"] = "AwsLambdaFunction",
        ["AWS::Lambda::LayerVersion"] = "AwsLambdaLayerVersion",
        ["AWS::IAM::Role"] = "AwsIamRole",
        ["AWS::IAM::Policy"] = "AwsIamPolicy",
        ["AWS::ApiGateway::Stage"] = "AwsApiGatewayStage",
        ["AWS::ApiGateway::RestApi"] = "AwsApiGatewayRestApi",
        ["AWS::ApiGatewayV2::Stage"] = "AwsApiGatewayV2Stage",
        ["AWS::ApiGatewayV2::Api"] = "AwsApiGatewayV2Api",
        ["AWS::ElasticLoadBalancingV2::LoadBalancer"] = "AwsElbv2LoadBalancer",
        ["AWS::WAFv2::WebACL"] = "AwsWafv2WebAcl",
        ["AWS::Account"] = "AwsAccount",
        ["AWS::::Account"] = "AwsAccount",
    };

    /// <summary>What every LambdaSec finding Id starts with (a GetFindings Id PREFIX filter selects ours).</summary>
    public const string IdPrefix = "lambdasec/";

    public int Write(ReportDocument report, Stream output)
    {
        var findings = report.Findings
            .Where(CanBeFiled)
            .Select(f => Finding(f, report.ToolVersion, report.GeneratedAt))
            .ToList();
        ReportJson.Serialize(output, findings, ReportJson.Sparse);
        return findings.Count;
    }

    /// <summary>Security Hub files a finding under an account and region: findings without them (IaC) cannot be sent.</summary>
    public static bool CanBeFiled(LambdaSecFinding finding) => FindingFacts.AccountId(finding) is not null && FindingFacts.Region(finding) is not null;

    /// <summary>The finding's ASFF Id: stable across runs (the fingerprint), so a re-import updates it.</summary>
    public static string IdOf(LambdaSecFinding finding) => $"{IdPrefix}{finding.RuleId}/{finding.Fingerprint}";

    /// <summary>The default product of an account in a region, under which an account's own findings are imported.</summary>
    public static string ProductArn(string partition, string region, string account) => $"arn:{partition}:securityhub:{region}:{account}:product/{account}/default";

    /// <summary>
    /// The ASFF object of one finding (serialise with <see cref="ReportJson.Sparse"/>). <paramref name="createdAt"/> is
    /// when Security Hub first got it (kept on updates), else the finding's ObservedAt.
    /// </summary>
    public static object Finding(LambdaSecFinding finding, string toolVersion, DateTime updatedAt, DateTime? createdAt = null)
    {
        var account = FindingFacts.AccountId(finding)!;
        var region = FindingFacts.Region(finding)!;
        var partition = Partition(finding.ResourceArn);
        var type = ResourceTypes.TryGetValue(finding.ResourceType, out var asffType) ? asffType : "Other";
        var severity = new { Label = Label(finding.Severity), Original = finding.Severity.ToString() };
        var first = Timestamp(createdAt ?? finding.ObservedAt);
        return new
        {
            SchemaVersion,
            Id = IdOf(finding),
            ProductArn = ProductArn(partition, region, account),
            ProductName = ReportDocument.ToolName,
            CompanyName = ReportDocument.ToolName,
            GeneratorId = finding.RuleId,
            AwsAccountId = account,
            Types = new[] { FindingType },
            CreatedAt = first,
            UpdatedAt = Timestamp(updatedAt),
            FirstObservedAt = first,
            LastObservedAt = Timestamp(finding.ObservedAt),
            Severity = severity,
            // Security Hub takes provider updates of severity and types only through FindingProviderFields
            // (BatchImportFindings API reference; docs/security-hub-and-secrets.md).
            FindingProviderFields = new { Severity = severity, Types = new[] { FindingType } },
            // Security Hub shows these texts to people: control and direction characters from AWS data (a Sid, a name) become
            // visible escapes; the identifiers (Id, Resources, GeneratorId) stay exact.
            Title = Text(finding.Title, TitleLimit),
            Description = Text(string.IsNullOrWhiteSpace(finding.Evidence) ? finding.Title : finding.Evidence, DescriptionLimit),
            Remediation = string.IsNullOrWhiteSpace(finding.Remediation)
                ? null
                : new { Recommendation = new { Text = Text(finding.Remediation, RecommendationLimit) } },
            ProductFields = ProductFields(finding, toolVersion),
            Resources = new[]
            {
                new
                {
                    Type = type,
                    Id = ResourceId(finding, type, account),
                    Partition = partition,
                    Region = region,
                },
            },
            Compliance = finding.ControlIds.Length == 0
                ? null
                : new { Status = "FAILED", RelatedRequirements = finding.ControlIds.Take(RequirementsLimit).ToArray() },
            RecordState = "ACTIVE",
            // An accepted risk starts SUPPRESSED. Security Hub takes Workflow from BatchImportFindings only when it
            // creates the finding; Send-LambdaSecFinding sets it on a finding it already holds with BatchUpdateFindings.
            Workflow = finding.Suppressed ? new { Status = SuppressedStatus } : null,
        };
    }

    /// <summary>The Workflow.Status of an accepted risk (a suppressed finding).</summary>
    public const string SuppressedStatus = "SUPPRESSED";

    /// <summary>ProductFields key that says LambdaSec itself suppressed the finding (so it may lift that suppression, never a person's).</summary>
    public const string SuppressedField = "LambdaSec/Suppressed";

    private static Dictionary<string, string> ProductFields(LambdaSecFinding finding, string toolVersion)
    {
        var fields = new Dictionary<string, string>
        {
            ["ProviderName"] = ReportDocument.ToolName,
            ["ProviderVersion"] = toolVersion,
            ["LambdaSec/RuleId"] = finding.RuleId,
        };
        if (finding.Suppressed)
        {
            fields[SuppressedField] = "true";
            fields["LambdaSec/SuppressionReason"] = Text($"{finding.SuppressionReason} ({finding.SuppressedBy})", ProductFieldLimit);
        }

        return fields;
    }

    /// <summary>Severity.Label values: INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL.</summary>
    public static string Label(FindingSeverity severity) => severity.ToString().ToUpperInvariant();

    private static string ResourceId(LambdaSecFinding finding, string type, string account) =>
        finding.ResourceArn is { Length: > 0 } arn ? arn
        : type == "AwsAccount" ? $"AWS::::Account:{account}"
        : FindingFacts.ResourceName(finding);

    private static string Partition(string? arn)
    {
        var parts = arn?.Split(':');
        return parts is { Length: > 2 } && parts[0] == "arn" && parts[1].Length > 0 ? parts[1] : "aws";
    }

    /// <summary>ISO 8601 in UTC with milliseconds, as Security Hub writes them; unspecified kinds are taken as UTC.</summary>
    public static string Timestamp(DateTime value) =>
        (value.Kind == DateTimeKind.Local ? value.ToUniversalTime() : value)
            .ToString("yyyy-MM-ddTHH:mm:ss.fffZ", CultureInfo.InvariantCulture);

    /// <summary>Text a person reads in Security Hub: neutralised (<see cref="DisplayText"/>), then cut to Security Hub's limit.</summary>
    private static string Text(string text, int limit)
    {
        var safe = DisplayText.Neutralise(text);
        return safe.Length <= limit ? safe : safe.Substring(0, limit - 3) + "...";
    }
}
