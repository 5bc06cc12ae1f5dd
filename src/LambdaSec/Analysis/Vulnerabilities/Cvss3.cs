using System;
using System.Collections.Generic;

namespace LambdaSec.Analysis.Vulnerabilities;

/// <summary>
/// The CVSS 3.0/3.1 base score of a vector string, as FIRST's specification computes it
/// (https://www.first.org/cvss/v3.1/specification-document: section 7.1 base equations, 7.4 metric values,
/// Appendix A Roundup; 3.0's Roundup is a plain ceiling to one decimal,
/// https://www.first.org/cvss/v3.0/specification-document section 8.1), and its qualitative rating (section 5).
/// </summary>
public static class Cvss3
{
    private static readonly Dictionary<string, Dictionary<string, double>> Weights = new(StringComparer.Ordinal)
    {
        ["AV"] = new() { ["N"] = 0.85, ["A"] = 0.62, ["L"] = 0.55, ["P"] = 0.2 },
        ["AC"] = new() { ["L"] = 0.77, ["H"] = 0.44 },
        ["UI"] = new() { ["N"] = 0.85, ["R"] = 0.62 },
        ["C"] = new() { ["H"] = 0.56, ["L"] = 0.22, ["N"] = 0 },
        ["I"] = new() { ["H"] = 0.56, ["L"] = 0.22, ["N"] = 0 },
        ["A"] = new() { ["H"] = 0.56, ["L"] = 0.22, ["N"] = 0 },
    };

    /// <summary>The base score (0.0-10.0) of a "CVSS:3.x/AV:../AC:../PR:../UI:../S:../C:../I:../A:.." vector, or null when it is not one.</summary>
    public static double? BaseScore(string? vector)
    {
        if (vector is null || !vector.StartsWith("CVSS:3.", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = vector.Split('/');
        var minor = parts[0].Substring("CVSS:3.".Length);
        if (minor is not ("0" or "1"))
        {
            return null;
        }

        var metrics = new Dictionary<string, string>(StringComparer.Ordinal);
        for (var i = 1; i < parts.Length; i++)
        {
            var pair = parts[i].Split(':');
            if (pair.Length != 2 || metrics.ContainsKey(pair[0]))
            {
                return null;
            }

            metrics[pair[0]] = pair[1];
        }

        if (!metrics.TryGetValue("S", out var scope) || scope is not ("U" or "C")
            || !TryWeight(metrics, "AV", out var av) || !TryWeight(metrics, "AC", out var ac) || !TryWeight(metrics, "UI", out var ui)
            || !TryWeight(metrics, "C", out var c) || !TryWeight(metrics, "I", out var integrity) || !TryWeight(metrics, "A", out var a)
            || !metrics.TryGetValue("PR", out var privileges))
        {
            return null;
        }

        var changed = scope == "C";
        double? pr = privileges switch
        {
            "N" => 0.85,
            "L" => changed ? 0.68 : 0.62,
            "H" => changed ? 0.5 : 0.27,
            _ => null,
        };
        if (pr is null)
        {
            return null;
        }

        var iss = 1 - ((1 - c) * (1 - integrity) * (1 - a));
        var impact = changed ? (7.52 * (iss - 0.029)) - (3.25 * Math.Pow(iss - 0.02, 15)) : 6.42 * iss;
        if (impact <= 0)
        {
            return 0;
        }

        var exploitability = 8.22 * av * ac * pr.Value * ui;
        var sum = changed ? Math.Min(1.08 * (impact + exploitability), 10) : Math.Min(impact + exploitability, 10);
        return minor == "1" ? Roundup31(sum) : Math.Ceiling(sum * 10) / 10;
    }

    /// <summary>The qualitative rating of a CVSS score: None (0.0), Low, Medium, High (7.0-8.9), Critical (9.0-10.0).</summary>
    public static string Rating(double score) => score switch
    {
        0 => "None",
        < 4.0 => "Low",
        < 7.0 => "Medium",
        < 9.0 => "High",
        _ => "Critical",
    };

    /// <summary>Appendix A of 3.1: the smallest one-decimal number at least the input, computed on integers so 4.000000001 floating noise does not round up.</summary>
    private static double Roundup31(double value)
    {
        var integer = (long)Math.Round(value * 100000);
        return integer % 10000 == 0 ? integer / 100000.0 : (Math.Floor(integer / 10000.0) + 1) / 10.0;
    }

    private static bool TryWeight(Dictionary<string, string> metrics, string metric, out double weight)
    {
        weight = 0;
        return metrics.TryGetValue(metric, out var value) && Weights[metric].TryGetValue(value, out weight);
    }
}
