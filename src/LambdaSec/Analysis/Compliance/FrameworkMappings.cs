using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;
using LambdaSec.Analysis.Privileges;

namespace LambdaSec.Analysis.Compliance;

/// <summary>
/// The compliance framework requirements of a finding (NIST SP 800-53 rev. 5, PCI DSS v4.0.1, CIS AWS Foundations and
/// CIS AWS Compute Services), from Data/framework-mappings.json: the requirements Security Hub publishes for the peer
/// controls a finding names in ControlIds, plus the CIS Compute recommendations mapped to its rule id. Each entry of the
/// file carries its source and the date it was checked.
/// </summary>
public static class FrameworkMappings
{
    private static readonly Lazy<(Dictionary<string, string[]> Controls, Dictionary<string, string[]> Rules)> Data = new(Load);

    /// <summary>The framework requirement ids of a finding of <paramref name="ruleId"/> with these peer control ids, sorted, without repeats.</summary>
    public static string[] For(string ruleId, IEnumerable<string> controlIds)
    {
        var data = Data.Value;
        var ids = controlIds.SelectMany(c => data.Controls.TryGetValue(c, out var r) ? r : [])
            .Concat(data.Rules.TryGetValue(ruleId, out var own) ? own : []);
        return ids.Distinct(StringComparer.Ordinal).OrderBy(i => i, StringComparer.Ordinal).ToArray();
    }

    private static (Dictionary<string, string[]>, Dictionary<string, string[]>) Load()
    {
        using var document = EmbeddedData.Open("framework-mappings.json");
        return (Read(document.RootElement.GetProperty("controls")), Read(document.RootElement.GetProperty("rules")));
    }

    private static Dictionary<string, string[]> Read(JsonElement map) =>
        map.EnumerateObject().ToDictionary(p => p.Name, p => p.Value.EnumerateArray().Select(v => v.GetString() ?? string.Empty).ToArray(), StringComparer.Ordinal);
}
