using System;
using System.Globalization;

namespace LambdaSec.Collect;

/// <summary>
/// One of n shards of an organization's accounts (Invoke-LambdaSecAudit -Shard i/n, i from 1 to n). An account belongs to
/// shard (FNV-1a-32 of its 12 ASCII digits mod n) + 1: stable across runs, machines and account lists, so n runs with
/// the same n cover every account exactly once whatever order ListAccounts answers in. See docs/scale.md.
/// </summary>
public sealed class AuditShard
{
    public AuditShard(int index, int count)
    {
        if (count < 1 || index < 1 || index > count)
        {
            throw new FormatException($"Shard {index}/{count} does not exist: write i/n with 1 <= i <= n, e.g. 1/4 for the first of four shards.");
        }

        Index = index;
        Count = count;
    }

    /// <summary>1-based.</summary>
    public int Index { get; }

    public int Count { get; }

    /// <summary>Reads "i/n"; throws <see cref="FormatException"/> saying how to write it.</summary>
    public static AuditShard Parse(string text)
    {
        var parts = (text ?? string.Empty).Split('/');
        if (parts.Length != 2
            || !int.TryParse(parts[0].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var index)
            || !int.TryParse(parts[1].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var count))
        {
            throw new FormatException($"'{text}' is not a shard: write i/n with 1 <= i <= n, e.g. 1/4 for the first of four shards.");
        }

        return new AuditShard(index, count);
    }

    public bool Contains(string accountId) => Hash(accountId) % (uint)Count + 1 == Index;

    /// <summary>FNV-1a, 32 bits, over the characters of the account id.</summary>
    public static uint Hash(string accountId)
    {
        var hash = 2166136261u;
        foreach (var c in accountId)
        {
            hash = unchecked((hash ^ c) * 16777619u);
        }

        return hash;
    }

    public override string ToString() => $"{Index}/{Count}";
}
