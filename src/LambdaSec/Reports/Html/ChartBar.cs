namespace LambdaSec.Reports.Html;

/// <summary>One bar of a bar chart; <paramref name="Filter"/> is the table filter a click on it applies (null: not clickable).</summary>
public sealed record ChartBar(string Label, int Value, string? CssClass, string? Filter);
