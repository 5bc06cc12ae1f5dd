using System;

namespace LambdaSec.Reports.Html;

/// <summary>One point of the deprecation timeline: what (a runtime), when, and how many findings it concerns.</summary>
public sealed record TimelineEntry(string Label, DateTime Date, int Count);
