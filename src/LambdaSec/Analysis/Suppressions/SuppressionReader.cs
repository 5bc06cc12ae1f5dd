using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text.RegularExpressions;
using LambdaSec.Analysis.Policy;
using LambdaSec.Analysis.Templates;

namespace LambdaSec.Analysis.Suppressions;

/// <summary>
/// Reads suppressions, pure: a suppression file (YAML or JSON, schema in docs/daily-audit.md) and the in-template form
/// (a resource's Metadata.lambdasec.rules_to_suppress, like cfn_nag's). Every problem names its file and line; a file
/// with any problem is refused as a whole, so an accepted risk is never half-read.
/// </summary>
public static class SuppressionReader
{
    /// <summary>The Metadata key of the in-template form, and its list.</summary>
    public const string MetadataKey = "lambdasec";

    public const string MetadataList = "rules_to_suppress";

    private static readonly string[] FileKeys = ["version", "trustedAccounts", "suppressions"];
    private static readonly string[] EntryKeys = ["name", "rules", "rule", "resources", "resource", "accounts", "account", "regions", "region", "reason", "expires"];
    private static readonly string[] MetadataKeys = ["id", "reason", "expires"];
    private static readonly Regex RulePattern = new("^(LS-[A-Z0-9*?-]+|\\*)$", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant);
    private static readonly Regex RegionPattern = new("^[a-z0-9*?-]+$", RegexOptions.CultureInvariant);

    /// <summary>Reads a suppression file's text; throws <see cref="SuppressionException"/> listing every problem.</summary>
    public static SuppressionSet ReadFile(string text, string file)
    {
        TemplateNode root;
        try
        {
            root = TemplateLoader.ReadNode(text);
        }
        catch (TemplateParseException ex)
        {
            throw new SuppressionException([$"{file}:{ex.Line}: {ex.Message}"]);
        }

        var problems = new List<string>();
        var context = new Context(file, problems);
        if (root is not TemplateMap map)
        {
            throw new SuppressionException([$"{file}:{root.Line}: the file must be a mapping with 'suppressions' (a list) and optionally 'trustedAccounts' and 'version'."]);
        }

        context.UnknownKeys(map, FileKeys);
        if (map.Get("version") is { } version && (version as TemplateScalar)?.Text != "1")
        {
            context.Problem(version, "'version' must be 1.");
        }

        var trusted = context.Strings(map, "trustedAccounts", null, required: false, check: (node, value) => AwsIdentifiers.IsAccountId(value) ? null : $"'{value}' in trustedAccounts is not an AWS account id (12 digits).");
        var entries = new List<SuppressionEntry>();
        switch (map.Get("suppressions"))
        {
            case null:
                break;
            case TemplateList list:
                entries.AddRange(list.Items.Select(item => context.FileEntry(item)).OfType<SuppressionEntry>());
                break;
            case var other:
                context.Problem(other, "'suppressions' must be a list of entries.");
                break;
        }

        return problems.Count > 0 ? throw new SuppressionException(problems) : new SuppressionSet { Entries = entries, TrustedAccounts = trusted };
    }

    /// <summary>
    /// The in-template suppressions of a template's resources (Metadata.lambdasec.rules_to_suppress: id, reason,
    /// optional expires). A broken entry is left out and named in <paramref name="problems"/>.
    /// </summary>
    public static SuppressionSet ReadTemplate(ParsedTemplate template, List<string> problems)
    {
        var entries = new List<SuppressionEntry>();
        foreach (var resource in template.Resources)
        {
            if ((resource.Metadata?.Get(MetadataKey) as TemplateMap)?.Get(MetadataList) is not { } node)
            {
                continue;
            }

            var context = new Context(template.SourceFile, problems);
            if (node is not TemplateList list)
            {
                context.Problem(node, $"Metadata.{MetadataKey}.{MetadataList} of {resource.LogicalId} must be a list of entries with id and reason.");
                continue;
            }

            foreach (var item in list.Items)
            {
                var before = problems.Count;
                if (item is not TemplateMap entry)
                {
                    context.Problem(item, $"an entry of Metadata.{MetadataKey}.{MetadataList} must be a mapping with id and reason.");
                    continue;
                }

                context.UnknownKeys(entry, MetadataKeys);
                var rules = context.Strings(entry, "id", null, required: true, check: RuleProblem);
                var reason = context.Reason(entry);
                var expires = context.Expires(entry);
                if (problems.Count == before)
                {
                    entries.Add(new SuppressionEntry
                    {
                        Rules = rules,
                        Resources = [resource.LogicalId],
                        SourceFile = template.SourceFile,
                        Reason = reason,
                        Expires = expires,
                        Source = $"{template.SourceFile}:{item.Line} (Metadata of {resource.LogicalId})",
                    });
                }
            }
        }

        return new SuppressionSet { Entries = entries };
    }

    private static string? RuleProblem(TemplateNode node, string value) =>
        RulePattern.IsMatch(value) ? null : $"'{value}' is not a rule id or pattern (LS-EXP-003, LS-CONFIG-*, *).";

    /// <summary>The file being read and the problems found so far.</summary>
    private sealed class Context(string file, List<string> problems)
    {
        public void Problem(TemplateNode node, string message) => problems.Add($"{file}:{node.Line}: {message}");

        public void UnknownKeys(TemplateMap map, string[] known)
        {
            foreach (var entry in map.Entries.Where(e => !known.Contains(e.Key, StringComparer.Ordinal)))
            {
                Problem(entry.Value, $"unknown key '{entry.Key}' (expected {string.Join(", ", known)}).");
            }
        }

        public SuppressionEntry? FileEntry(TemplateNode item)
        {
            if (item is not TemplateMap map)
            {
                Problem(item, "a suppression must be a mapping with rules, resource and reason.");
                return null;
            }

            var before = problems.Count;
            UnknownKeys(map, EntryKeys);
            var name = Scalar(map, "name");
            var rules = Strings(map, "rules", "rule", required: true, check: RuleProblem);
            var resources = Strings(map, "resources", "resource", required: true, check: null);
            var accounts = Strings(map, "accounts", "account", required: false, check: (node, value) => AwsIdentifiers.IsAccountId(value) ? null : $"'{value}' is not an AWS account id (12 digits).");
            var regions = Strings(map, "regions", "region", required: false, check: (node, value) => RegionPattern.IsMatch(value) ? null : $"'{value}' is not a region or region pattern (us-east-1, eu-*).");
            var reason = Reason(map);
            var expires = Expires(map);
            if (problems.Count > before)
            {
                return null;
            }

            return new SuppressionEntry
            {
                Rules = rules,
                Resources = resources,
                Accounts = accounts,
                Regions = regions,
                Reason = reason,
                Expires = expires,
                Source = name is null ? $"{file}:{map.Line}" : $"{file}:{map.Line} ({name})",
            };
        }

        public string Reason(TemplateMap map)
        {
            var reason = Scalar(map, "reason");
            if (string.IsNullOrWhiteSpace(reason))
            {
                Problem(map, "'reason' is missing: say why the risk is accepted (it is shown in every report).");
            }

            return reason ?? string.Empty;
        }

        public DateTime? Expires(TemplateMap map)
        {
            if (map.Get("expires") is not { } node)
            {
                return null;
            }

            var text = (node as TemplateScalar)?.Text;
            if (DateTime.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.AdjustToUniversal | DateTimeStyles.AssumeUniversal, out var date))
            {
                return date;
            }

            Problem(node, $"'expires' must be a date written yyyy-MM-dd, not '{text}'.");
            return null;
        }

        /// <summary>A string value, or a problem when the key holds a list or mapping.</summary>
        public string? Scalar(TemplateMap map, string key)
        {
            switch (map.Get(key))
            {
                case null:
                    return null;
                case TemplateScalar scalar:
                    return scalar.Text;
                case var other:
                    Problem(other, $"'{key}' must be a single value.");
                    return null;
            }
        }

        /// <summary>One value or a list of them under <paramref name="key"/> (or its singular <paramref name="alternative"/>), each checked.</summary>
        public IReadOnlyList<string> Strings(TemplateMap map, string key, string? alternative, bool required, Func<TemplateNode, string, string?>? check)
        {
            var node = map.Get(key) ?? (alternative is null ? null : map.Get(alternative));
            IReadOnlyList<TemplateNode> items = node switch
            {
                null => [],
                TemplateList list => list.Items,
                _ => [node],
            };
            var values = new List<string>();
            foreach (var item in items)
            {
                if (item is not TemplateScalar { Text: { Length: > 0 } text })
                {
                    Problem(item, $"'{key}' must hold text values.");
                    continue;
                }

                if (check?.Invoke(item, text) is { } problem)
                {
                    Problem(item, problem);
                    continue;
                }

                values.Add(text);
            }

            if (required && items.Count == 0)
            {
                Problem(node ?? map, $"'{key}' is missing or empty.");
            }

            return values;
        }
    }
}
