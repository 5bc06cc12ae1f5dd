using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Reports;

/// <summary>
/// SARIF 2.1.0 for code-scanning tools (GitHub, Azure DevOps, VS Code). IaC findings point at their template file
/// and line (relative to the caller's directory, under %SRCROOT%); cloud findings have no file, so they carry a
/// logical location named by the resource ARN and the AWS facts in the result's property bag.
/// </summary>
public sealed class SarifReportWriter : IReportWriter
{
    public const string SchemaUri = "https://json.schemastore.org/sarif-2.1.0.json";
    private const string SourceRoot = "%SRCROOT%";

    public int Write(ReportDocument report, Stream output)
    {
        var rules = report.Findings
            .GroupBy(f => f.RuleId, StringComparer.Ordinal)
            .OrderBy(g => g.Key, StringComparer.Ordinal)
            .ToList();
        var ruleIndex = rules.Select((g, i) => (g.Key, i)).ToDictionary(p => p.Key, p => p.i, StringComparer.Ordinal);

        var run = new Dictionary<string, object?>
        {
            ["tool"] = new
            {
                driver = new
                {
                    name = ReportDocument.ToolName,
                    version = report.ToolVersion,
                    informationUri = ReportDocument.InformationUri,
                    rules = rules.Select(Rule).ToList(),
                },
            },
        };
        if (report.BaseDirectory is { Length: > 0 } baseDirectory)
        {
            run["originalUriBaseIds"] = new Dictionary<string, object> { [SourceRoot] = new { uri = DirectoryUri(baseDirectory) } };
        }

        run["results"] = report.Findings.Select(f => Result(f, ruleIndex[f.RuleId], report.BaseDirectory)).ToList();
        run["properties"] = new { title = report.Title, generatedAt = report.GeneratedAt };

        ReportJson.Serialize(output, new Dictionary<string, object>
        {
            ["$schema"] = SchemaUri,
            ["version"] = "2.1.0",
            ["runs"] = new[] { run },
        }, ReportJson.Sparse);
        return report.Findings.Count;
    }

    /// <summary>error for Critical/High, warning for Medium, note below: the SARIF levels CI gates on.</summary>
    public static string Level(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Critical or FindingSeverity.High => "error",
        FindingSeverity.Medium => "warning",
        _ => "note",
    };

    /// <summary>GitHub code scanning ranks security results by this CVSS-like score (critical above 9, high from 7...).</summary>
    private static string SecuritySeverity(FindingSeverity severity) => severity switch
    {
        FindingSeverity.Critical => "9.5",
        FindingSeverity.High => "8.0",
        FindingSeverity.Medium => "5.5",
        FindingSeverity.Low => "3.0",
        _ => "0.0",
    };

    private static object Rule(IGrouping<string, LambdaSecFinding> findings)
    {
        var first = findings.First();
        var severity = findings.Max(f => f.Severity);
        return new
        {
            id = findings.Key,
            name = first.Title,
            shortDescription = new { text = first.Title },
            help = string.IsNullOrWhiteSpace(first.Remediation) ? null : new { text = first.Remediation },
            defaultConfiguration = new { level = Level(severity) },
            properties = new Dictionary<string, object>
            {
                ["tags"] = new[] { "security", "aws-lambda" },
                ["security-severity"] = SecuritySeverity(severity),
                ["severity"] = severity.ToString(),
            },
        };
    }

    private static object Result(LambdaSecFinding finding, int ruleIndex, string? baseDirectory) => new
    {
        ruleId = finding.RuleId,
        ruleIndex,
        level = Level(finding.Severity),
        message = new { text = DisplayText.Neutralise(FindingFacts.Message(finding)) },
        locations = new[] { Location(finding, baseDirectory) },
        partialFingerprints = new Dictionary<string, string> { ["lambdaSecFingerprint/v1"] = finding.Fingerprint },
        suppressions = finding.Suppressed ? new[] { Suppression(finding) } : null,
        properties = new
        {
            severity = finding.Severity.ToString(),
            accountId = finding.AccountId,
            region = finding.Region,
            resourceType = finding.ResourceType,
            resourceArn = finding.ResourceArn,
            functionName = finding.FunctionName,
            remediation = finding.Remediation,
            controlIds = finding.ControlIds,
            frameworks = finding.Frameworks,
            observedAt = finding.ObservedAt,
        },
    };

    /// <summary>SARIF 2.1.0 §3.35: inSource when the entry is in the finding's own template (Metadata), else external (a suppression file).</summary>
    private static object Suppression(LambdaSecFinding finding) => new
    {
        kind = finding.SourceFile is { Length: > 0 } file && finding.SuppressedBy?.StartsWith(file + ":", StringComparison.Ordinal) == true ? "inSource" : "external",
        status = "accepted",
        justification = finding.SuppressionReason,
        properties = new { suppressedBy = finding.SuppressedBy },
    };

    private static object Location(LambdaSecFinding finding, string? baseDirectory)
    {
        if (finding.SourceFile is not { Length: > 0 } file)
        {
            var logical = new { name = FindingFacts.ResourceName(finding), fullyQualifiedName = FindingFacts.ResourceKey(finding), kind = "resource" };
            return new { logicalLocations = new[] { logical } };
        }

        var (uri, uriBaseId) = ArtifactUri(file, baseDirectory);
        return new
        {
            physicalLocation = new
            {
                artifactLocation = new { uri, uriBaseId },
                region = finding.SourceLine is > 0 ? new { startLine = finding.SourceLine } : null,
            },
            logicalLocations = finding.LogicalId is { Length: > 0 } id ? new[] { new { name = id, fullyQualifiedName = id, kind = "resource" } } : null,
        };
    }

    /// <summary>A relative URI under %SRCROOT% when the file is (or lies under) the base directory, else an absolute file URI.</summary>
    private static (string Uri, string? UriBaseId) ArtifactUri(string file, string? baseDirectory)
    {
        if (!Path.IsPathRooted(file))
        {
            return (EscapePath(file), baseDirectory is null ? null : SourceRoot);
        }

        if (baseDirectory is { Length: > 0 })
        {
            var root = baseDirectory.TrimEnd('/', '\\') + Path.DirectorySeparatorChar;
            var full = Path.GetFullPath(file);
            if (full.StartsWith(root, StringComparison.OrdinalIgnoreCase))
            {
                return (EscapePath(full.Substring(root.Length)), SourceRoot);
            }
        }

        return (new Uri(Path.GetFullPath(file)).AbsoluteUri, null);
    }

    private static string EscapePath(string path) =>
        string.Join("/", path.Split('/', '\\').Select(Uri.EscapeDataString));

    private static string DirectoryUri(string directory) =>
        new Uri(directory.TrimEnd('/', '\\') + Path.DirectorySeparatorChar).AbsoluteUri;
}
