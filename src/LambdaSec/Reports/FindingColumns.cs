using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Reflection;
using LambdaSec.Model;

namespace LambdaSec.Reports;

/// <summary>
/// The finding's properties as flat text columns, in the model's declaration order. Read by reflection so a
/// property added to the model appears in flat formats without touching them.
/// </summary>
public static class FindingColumns
{
    /// <summary>Separator for array values in one cell; Export-LambdaSecReport splits on it when re-importing.</summary>
    public const char ArraySeparator = ';';

    private static readonly PropertyInfo[] Properties = typeof(LambdaSecFinding)
        .GetProperties(BindingFlags.Public | BindingFlags.Instance)
        .OrderBy(p => p.MetadataToken)
        .ToArray();

    public static IReadOnlyList<string> Names { get; } = Properties.Select(p => p.Name).ToArray();

    /// <summary>The finding's values as text, invariant culture, dates in round-trip ISO 8601 form.</summary>
    public static IEnumerable<string> Values(LambdaSecFinding finding) =>
        Properties.Select(p => Format(p.GetValue(finding)));

    private static string Format(object? value) => value switch
    {
        null => string.Empty,
        string text => text,
        string[] items => string.Join(ArraySeparator.ToString(), items),
        DateTime date => date.ToString("o", CultureInfo.InvariantCulture),
        IFormattable formattable => formattable.ToString(null, CultureInfo.InvariantCulture),
        _ => value.ToString() ?? string.Empty,
    };
}
