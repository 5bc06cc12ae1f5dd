using System;
using System.Collections.Generic;
using System.Linq;
using System.Text;
using System.Text.RegularExpressions;

namespace LambdaSec.Analysis.Secrets;

/// <summary>
/// Finds secrets in text (a source file) or in key/value pairs (environment variables) with the rules of a
/// <see cref="SecretRuleSet"/>. Pure: text in, redacted hits out; the matched secret never leaves this class.
/// </summary>
public sealed class SecretScanner
{
    private static readonly Lazy<SecretScanner> Embedded = new(() => new SecretScanner(SecretRuleSet.Default));

    private readonly SecretRuleSet _rules;

    public SecretScanner(SecretRuleSet rules) => _rules = rules;

    public static SecretScanner Default => Embedded.Value;

    public SecretRuleSet RuleSet => _rules;

    /// <summary>Scans one text; <paramref name="path"/> (the file's path in its package) enables the rules for dotenv-like files.</summary>
    public IReadOnlyList<SecretHit> ScanText(string text, string? path = null)
    {
        var lineStarts = LineStarts(text);
        return Match(text, path, lineStarts)
            .Select(m => Hit(m.Rule.Id, m.Rule.Description, m.Rule.Confidence, m.Secret, LineOf(lineStarts, m.Index), null))
            .ToList();
    }

    /// <summary>
    /// Scans key/value pairs: every rule on the values, then the secret-name rule on the pairs no rule reported.
    /// A pair rule (an AWS secret key next to its key id) counts any two variables of the set as near.
    /// </summary>
    public IReadOnlyList<SecretHit> ScanVariables(IEnumerable<KeyValuePair<string, string?>> variables)
    {
        var pairs = variables.ToList();
        var text = new StringBuilder();
        var starts = new List<int>();
        foreach (var pair in pairs)
        {
            starts.Add(text.Length);
            text.Append(pair.Key).Append('=').Append(pair.Value).Append('\n');
        }

        var hits = Match(text.ToString(), null, null)
            .Select(m => Hit(m.Rule.Id, m.Rule.Description, m.Rule.Confidence, m.Secret, null, pairs[LineOf(starts, m.Index) - 1].Key))
            .ToList();
        var reported = new HashSet<string>(hits.Select(h => h.Variable!), StringComparer.Ordinal);
        var name = _rules.NameRule;
        foreach (var pair in pairs.Where(p => !reported.Contains(p.Key) && p.Value is not null && name.Applies(p.Key)))
        {
            var value = pair.Value!.Trim();
            if (!_rules.LookAlikes.IsLookAlike(value) && _rules.Entropy.IsRandomEnough(value))
            {
                hits.Add(Hit(name.Id, name.Description, name.Confidence, value, null, pair.Key));
            }
        }

        return hits;
    }

    /// <summary>
    /// Runs the rules in priority order; a later rule never reports text an earlier one already did.
    /// <paramref name="lineStarts"/> null means the whole text counts as near for pair rules.
    /// </summary>
    private List<(SecretRule Rule, int Index, int Length, string Secret)> Match(string text, string? path, IReadOnlyList<int>? lineStarts)
    {
        var lower = text.ToLowerInvariant();
        var found = new List<(SecretRule Rule, int Index, int Length, string Secret)>();
        var ordered = _rules.Rules.Where(r => r.RequiresNear is null).Concat(_rules.Rules.Where(r => r.RequiresNear is not null));
        foreach (var rule in ordered)
        {
            if ((rule.Path is not null && (path is null || !rule.Path.IsMatch(path))) || (rule.Keywords.Count > 0 && !rule.Keywords.Any(lower.Contains)))
            {
                continue;
            }

            var anchors = rule.RequiresNear is { } near ? found.Where(f => f.Rule.Id == near).Select(f => f.Index).ToList() : null;
            if (anchors is { Count: 0 })
            {
                continue;
            }

            try
            {
                foreach (Match match in rule.Pattern.Matches(text))
                {
                    var group = match.Groups[rule.SecretGroup];
                    if (group.Success
                        && !found.Any(f => f.Index < group.Index + group.Length && group.Index < f.Index + f.Length)
                        && (anchors is null || lineStarts is null || anchors.Any(a => Math.Abs(LineOf(lineStarts, a) - LineOf(lineStarts, group.Index)) <= rule.NearLines))
                        && IsSecret(rule, group.Value))
                    {
                        found.Add((rule, group.Index, group.Length, group.Value));
                    }
                }
            }
            catch (RegexMatchTimeoutException)
            {
                // This text is pathological for this rule's pattern; the other rules still run on it.
            }
        }

        return found;
    }

    private bool IsSecret(SecretRule rule, string value) =>
        !rule.Allow.Any(a => a.IsMatch(value))
        && !_rules.LookAlikes.IsLookAlike(value)
        && (rule.EntropyByCharset ? _rules.Entropy.IsRandomEnough(value) : rule.MinEntropy is not { } min || ShannonEntropy.Of(value) >= min);

    private static SecretHit Hit(string ruleId, string description, Model.SecretConfidence confidence, string secret, int? line, string? variable) => new()
    {
        RuleId = ruleId,
        Description = description,
        Confidence = confidence,
        Preview = SecretRedactor.Preview(secret),
        Line = line,
        Variable = variable,
    };

    private static List<int> LineStarts(string text)
    {
        var starts = new List<int> { 0 };
        for (var i = 0; i < text.Length; i++)
        {
            if (text[i] == '\n') starts.Add(i + 1);
        }

        return starts;
    }

    /// <summary>1-based number of the line (or entry) that holds <paramref name="index"/>.</summary>
    private static int LineOf(IReadOnlyList<int> starts, int index)
    {
        int low = 0, high = starts.Count - 1;
        while (low < high)
        {
            var mid = (low + high + 1) / 2;
            if (starts[mid] <= index) low = mid; else high = mid - 1;
        }

        return low + 1;
    }
}
