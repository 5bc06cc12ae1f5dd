using System;
using System.Collections.Generic;

namespace LambdaSec.Analysis.Templates;

/// <summary>A mapping. Keys keep their order and are looked up exactly first, then case-insensitively (JSON and YAML writers differ).</summary>
public sealed class TemplateMap : TemplateNode
{
    private readonly List<KeyValuePair<string, TemplateNode>> _entries = [];

    public TemplateMap(int line)
        : base(line)
    {
    }

    public IReadOnlyList<KeyValuePair<string, TemplateNode>> Entries => _entries;

    public void Add(string key, TemplateNode value) => _entries.Add(new KeyValuePair<string, TemplateNode>(key, value));

    public TemplateNode? Get(string key)
    {
        TemplateNode? loose = null;
        foreach (var entry in _entries)
        {
            if (string.Equals(entry.Key, key, StringComparison.Ordinal))
            {
                return entry.Value;
            }

            if (loose is null && string.Equals(entry.Key, key, StringComparison.OrdinalIgnoreCase))
            {
                loose = entry.Value;
            }
        }

        return loose;
    }

    /// <summary>The single key of an intrinsic function object such as {"Fn::Sub": ...}, or null when this is not one.</summary>
    public string? IntrinsicName =>
        _entries.Count == 1 && (_entries[0].Key == "Ref" || _entries[0].Key == "Condition" || _entries[0].Key.StartsWith("Fn::", StringComparison.Ordinal))
            ? _entries[0].Key
            : null;
}
