using System;
using System.Collections;
using System.Globalization;
using System.Linq;
using System.Management.Automation;
using LambdaSec.Model;
using LambdaSec.Reports;

namespace LambdaSec.Cmdlets;

/// <summary>
/// Turns pipeline objects into findings: our own objects as they are, and objects with the same properties
/// (ConvertFrom-Json of a JSON report, Import-Csv of a CSV report, Select-Object copies) by property name, so a
/// saved report can be re-exported in another format.
/// </summary>
public static class FindingConverter
{
    /// <summary>Converts <paramref name="input"/>; throws <see cref="FormatException"/> saying what is wrong when it is not a finding.</summary>
    public static LambdaSecFinding Convert(PSObject input)
    {
        if (input.BaseObject is LambdaSecFinding finding)
        {
            return finding;
        }

        var ruleId = Text(input, nameof(LambdaSecFinding.RuleId));
        if (string.IsNullOrWhiteSpace(ruleId))
        {
            throw new FormatException($"The object ({input.BaseObject.GetType().Name}) has no RuleId, so it is not a LambdaSec finding. Pipe the output of Invoke-LambdaSecAudit, or objects re-imported from a JSON or CSV report.");
        }

        return new LambdaSecFinding
        {
            RuleId = ruleId!,
            Title = Text(input, nameof(LambdaSecFinding.Title)) ?? string.Empty,
            Severity = Severity(input),
            AccountId = Text(input, nameof(LambdaSecFinding.AccountId)),
            Region = Text(input, nameof(LambdaSecFinding.Region)),
            ResourceType = Text(input, nameof(LambdaSecFinding.ResourceType)) ?? string.Empty,
            ResourceArn = Text(input, nameof(LambdaSecFinding.ResourceArn)),
            FunctionName = Text(input, nameof(LambdaSecFinding.FunctionName)),
            Evidence = Text(input, nameof(LambdaSecFinding.Evidence)) ?? string.Empty,
            Remediation = Text(input, nameof(LambdaSecFinding.Remediation)) ?? string.Empty,
            ControlIds = Strings(input, nameof(LambdaSecFinding.ControlIds)),
            Frameworks = Strings(input, nameof(LambdaSecFinding.Frameworks)),
            SourceFile = Text(input, nameof(LambdaSecFinding.SourceFile)),
            SourceLine = Integer(input, nameof(LambdaSecFinding.SourceLine)),
            LogicalId = Text(input, nameof(LambdaSecFinding.LogicalId)),
            ObservedAt = Date(input, nameof(LambdaSecFinding.ObservedAt)) ?? DateTime.UtcNow,
            Runtime = Text(input, nameof(LambdaSecFinding.Runtime)),
            DueDate = Date(input, nameof(LambdaSecFinding.DueDate)),
            Fingerprint = Text(input, nameof(LambdaSecFinding.Fingerprint)) ?? string.Empty,
            Suppressed = Boolean(input, nameof(LambdaSecFinding.Suppressed)),
            SuppressionReason = Text(input, nameof(LambdaSecFinding.SuppressionReason)),
            SuppressedBy = Text(input, nameof(LambdaSecFinding.SuppressedBy)),
            BaselineState = Text(input, nameof(LambdaSecFinding.BaselineState)) is { } state
                ? Enum.TryParse<BaselineState>(state, ignoreCase: true, out var parsed) && Enum.IsDefined(typeof(BaselineState), parsed) ? parsed : throw new FormatException($"BaselineState '{state}' is not New or Existing.")
                : null,
            BaselineDate = Date(input, nameof(LambdaSecFinding.BaselineDate)),
        };
    }

    private static object? Value(PSObject input, string name)
    {
        var value = input.Properties[name]?.Value;
        return value is PSObject wrapped ? wrapped.BaseObject : value;
    }

    /// <summary>Text of a property; empty cells (CSV) are null, and the CSV writer's formula guard is taken off again.</summary>
    private static string? Text(PSObject input, string name)
    {
        var text = Value(input, name) switch
        {
            null => null,
            DateTime date => date.ToString("o", CultureInfo.InvariantCulture),
            IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
            var other => other.ToString(),
        };
        if (string.IsNullOrEmpty(text))
        {
            return null;
        }

        return text!.Length > 1 && text[0] == '\'' && CsvReportWriter.FormulaTriggers.Contains(text[1]) ? text.Substring(1) : text;
    }

    private static FindingSeverity Severity(PSObject input)
    {
        var value = Value(input, nameof(LambdaSecFinding.Severity));
        return value switch
        {
            FindingSeverity severity => severity,
            int number when Enum.IsDefined(typeof(FindingSeverity), number) => (FindingSeverity)number,
            long number when number is >= int.MinValue and <= int.MaxValue && Enum.IsDefined(typeof(FindingSeverity), (int)number) => (FindingSeverity)(int)number,
            string text when Enum.TryParse<FindingSeverity>(text, ignoreCase: true, out var parsed) && Enum.IsDefined(typeof(FindingSeverity), parsed) => parsed,
            _ => throw new FormatException($"Severity '{value}' is not one of {string.Join(", ", Enum.GetNames(typeof(FindingSeverity)))}."),
        };
    }

    private static bool Boolean(PSObject input, string name) => Value(input, name) switch
    {
        null => false,
        bool value => value,
        _ => Text(input, name) is not { } text ? false
            : bool.TryParse(text, out var parsed) ? parsed
            : throw new FormatException($"{name} '{text}' is not True or False."),
    };

    private static string[] Strings(PSObject input, string name) => Value(input, name) switch
    {
        null => [],
        string => (Text(input, name) ?? string.Empty).Split([FindingColumns.ArraySeparator], StringSplitOptions.RemoveEmptyEntries),
        IEnumerable items => items.Cast<object?>().Where(i => i is not null).Select(i => i!.ToString()!).ToArray(),
        var other => [other.ToString()!],
    };

    private static int? Integer(PSObject input, string name) => Text(input, name) is { } text
        ? int.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out var number) ? number : throw new FormatException($"{name} '{text}' is not a whole number.")
        : null;

    /// <summary>Dates as DateTime (ConvertFrom-Json) or ISO 8601 text (Import-CSV), always returned in UTC.</summary>
    private static DateTime? Date(PSObject input, string name) => Value(input, name) switch
    {
        null => null,
        DateTime date => date.Kind == DateTimeKind.Local ? date.ToUniversalTime() : DateTime.SpecifyKind(date, DateTimeKind.Utc),
        DateTimeOffset offset => offset.UtcDateTime,
        var other when string.IsNullOrEmpty(other.ToString()) => null,
        var other => DateTime.TryParse(other.ToString(), CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var parsed)
            ? parsed
            : throw new FormatException($"{name} '{other}' is not a date; use ISO 8601 (yyyy-MM-ddTHH:mm:ssZ)."),
    };
}
