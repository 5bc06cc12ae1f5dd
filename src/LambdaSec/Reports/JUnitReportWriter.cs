using System;
using System.Globalization;
using System.IO;
using System.Linq;
using System.Text;
using System.Xml;
using LambdaSec.Model;

namespace LambdaSec.Reports;

/// <summary>
/// JUnit XML in the common subset Jenkins, GitLab and Azure DevOps read: testsuites > testsuite (one per rule)
/// > testcase (one per finding's resource) > failure. A report without findings holds one passing test case,
/// because several CI systems treat a report with no tests as an error rather than a clean result.
/// </summary>
public sealed class JUnitReportWriter : IReportWriter
{
    public int Write(ReportDocument report, Stream output)
    {
        var settings = new XmlWriterSettings { Indent = true, Encoding = new UTF8Encoding(false), CloseOutput = false };
        using var xml = XmlWriter.Create(output, settings);
        var timestamp = report.GeneratedAt.ToString("yyyy-MM-ddTHH:mm:ss", CultureInfo.InvariantCulture);
        var findings = report.Findings;

        xml.WriteStartDocument();
        xml.WriteStartElement("testsuites");
        xml.WriteAttributeString("name", XmlText(report.Title));
        xml.WriteAttributeString("tests", Count(Math.Max(findings.Count, 1)));
        xml.WriteAttributeString("failures", Count(findings.Count));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("time", "0");

        if (findings.Count == 0)
        {
            WriteSuiteStart(xml, ReportDocument.ToolName, 1, 0, timestamp);
            xml.WriteStartElement("testcase");
            xml.WriteAttributeString("name", "No findings");
            xml.WriteAttributeString("classname", ReportDocument.ToolName);
            xml.WriteAttributeString("time", "0");
            xml.WriteEndElement();
            xml.WriteEndElement();
        }

        foreach (var rule in findings.GroupBy(f => f.RuleId, StringComparer.Ordinal).OrderBy(g => g.Key, StringComparer.Ordinal))
        {
            var count = rule.Count();
            var skipped = rule.Count(f => f.Suppressed);
            WriteSuiteStart(xml, rule.Key, count, count - skipped, timestamp, skipped);
            foreach (var finding in rule)
            {
                WriteCase(xml, finding);
            }

            xml.WriteEndElement();
        }

        xml.WriteEndElement();
        xml.WriteEndDocument();
        return findings.Count;
    }

    private static void WriteSuiteStart(XmlWriter xml, string name, int tests, int failures, string timestamp, int skipped = 0)
    {
        xml.WriteStartElement("testsuite");
        xml.WriteAttributeString("name", XmlText(name));
        xml.WriteAttributeString("tests", Count(tests));
        xml.WriteAttributeString("failures", Count(failures));
        xml.WriteAttributeString("errors", "0");
        xml.WriteAttributeString("skipped", Count(skipped));
        xml.WriteAttributeString("time", "0");
        xml.WriteAttributeString("timestamp", timestamp);
    }

    private static void WriteCase(XmlWriter xml, LambdaSecFinding finding)
    {
        xml.WriteStartElement("testcase");
        xml.WriteAttributeString("name", XmlText(FindingFacts.ResourceKey(finding)));
        // CI systems group test cases by classname; the rule id keeps one rule's resources together.
        xml.WriteAttributeString("classname", XmlText($"{ReportDocument.ToolName}.{finding.RuleId}"));
        xml.WriteAttributeString("time", "0");
        if (finding.Suppressed)
        {
            // An accepted risk: reported, but not a failing test.
            xml.WriteStartElement("skipped");
            xml.WriteAttributeString("message", XmlText($"Suppressed: {finding.SuppressionReason} ({finding.SuppressedBy})"));
            xml.WriteEndElement();
        }
        else
        {
            xml.WriteStartElement("failure");
            xml.WriteAttributeString("message", XmlText(finding.Title));
            xml.WriteAttributeString("type", finding.Severity.ToString());
            xml.WriteString(XmlText(Details(finding)));
            xml.WriteEndElement();
        }
        xml.WriteEndElement();
    }

    private static string Details(LambdaSecFinding finding)
    {
        var lines = new[]
        {
            ("Severity", finding.Severity.ToString()),
            ("Resource", FindingFacts.ResourceKey(finding)),
            ("Account", finding.AccountId),
            ("Region", finding.Region),
            ("Source", finding.SourceFile is null ? null : $"{finding.SourceFile}:{finding.SourceLine}"),
            ("Evidence", finding.Evidence),
            ("Remediation", finding.Remediation),
            ("Controls", string.Join(", ", finding.ControlIds)),
        };
        return string.Join("\n", lines.Where(l => !string.IsNullOrEmpty(l.Item2)).Select(l => $"{l.Item1}: {l.Item2}"));
    }

    /// <summary>
    /// AWS data may hold control and direction characters: they become visible escapes (<see cref="DisplayText"/>);
    /// what XML still cannot carry (U+FFFE, U+FFFF) becomes U+FFFD instead of failing the report.
    /// </summary>
    private static string XmlText(string raw)
    {
        var text = DisplayText.Neutralise(raw);
        var builder = new StringBuilder(text.Length);
        for (var i = 0; i < text.Length; i++)
        {
            if (i + 1 < text.Length && XmlConvert.IsXmlSurrogatePair(text[i + 1], text[i]))
            {
                builder.Append(text, i++, 2);
            }
            else
            {
                builder.Append(XmlConvert.IsXmlChar(text[i]) ? text[i] : '\uFFFD');
            }
        }

        return builder.ToString();
    }

    private static string Count(int value) => value.ToString(CultureInfo.InvariantCulture);
}
