using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text.Json;
using System.Text.RegularExpressions;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Secrets;

/// <summary>
/// The secret rules, look-alikes, entropy thresholds and skipped paths of Data/secret-rules.json, compiled once.
/// The rules are data so that they can follow gitleaks and detect-secrets without code changes.
/// </summary>
public sealed class SecretRuleSet
{
    private const string ResourceName = "LambdaSec.Data.secret-rules.json";

    /// <summary>Bounds every match, so a pathological file cannot stall a scan (the regexes come from a data file).</summary>
    private static readonly TimeSpan MatchTimeout = TimeSpan.FromSeconds(2);

    private static readonly Lazy<SecretRuleSet> Embedded = new(() => Parse(ReadResource()));

    private SecretRuleSet(IReadOnlyList<SecretRule> rules, SecretNameRule nameRule, EntropyThresholds entropy, LookAlikeFilter lookAlikes, IReadOnlyList<Regex> skipPaths)
    {
        Rules = rules;
        NameRule = nameRule;
        Entropy = entropy;
        LookAlikes = lookAlikes;
        SkipPaths = skipPaths;
    }

    public static SecretRuleSet Default => Embedded.Value;

    public IReadOnlyList<SecretRule> Rules { get; }

    public SecretNameRule NameRule { get; }

    public EntropyThresholds Entropy { get; }

    public LookAlikeFilter LookAlikes { get; }

    /// <summary>Package paths never read (lock files, binaries).</summary>
    public IReadOnlyList<Regex> SkipPaths { get; }

    public bool IsSkippedPath(string path) => SkipPaths.Any(p => p.IsMatch(path));

    public static SecretRuleSet Parse(string json)
    {
        using var document = JsonDocument.Parse(json);
        var root = document.RootElement;
        var rules = root.GetProperty("rules").EnumerateArray().Select(ReadRule).ToList();
        var names = root.GetProperty("secretNames");
        var entropy = root.GetProperty("entropy");
        var lookAlikes = root.GetProperty("lookAlikes");
        return new SecretRuleSet(
            rules,
            new SecretNameRule
            {
                Id = names.GetProperty("ruleId").GetString()!,
                Description = names.GetProperty("description").GetString()!,
                Names = Compile(names.GetProperty("pattern").GetString()!),
                NotNames = Compile(names.GetProperty("notPattern").GetString()!),
                Confidence = ParseConfidence(names.GetProperty("confidence").GetString()),
                Source = names.GetProperty("source").GetString()!,
            },
            new EntropyThresholds(
                entropy.GetProperty("hex").GetDouble(),
                entropy.GetProperty("base64").GetDouble(),
                entropy.GetProperty("other").GetDouble(),
                entropy.GetProperty("minLength").GetInt32()),
            new LookAlikeFilter(Strings(lookAlikes, "patterns").Select(Compile).ToList(), lookAlikes.GetProperty("shortBase64TextBytes").GetInt32()),
            Strings(root.GetProperty("skipPaths"), "patterns").Select(Compile).ToList());
    }

    private static SecretRule ReadRule(JsonElement rule) => new()
    {
        Id = rule.GetProperty("id").GetString()!,
        Description = rule.GetProperty("description").GetString()!,
        Pattern = Compile(rule.GetProperty("pattern").GetString()!),
        SecretGroup = rule.TryGetProperty("secretGroup", out var group) ? group.GetInt32() : 0,
        Keywords = Strings(rule, "keywords"),
        MinEntropy = rule.TryGetProperty("minEntropy", out var entropy) ? entropy.GetDouble() : null,
        EntropyByCharset = rule.TryGetProperty("entropyByCharset", out var byCharset) && byCharset.GetBoolean(),
        RequiresNear = rule.TryGetProperty("requiresNear", out var near) ? near.GetString() : null,
        NearLines = rule.TryGetProperty("nearLines", out var lines) ? lines.GetInt32() : 0,
        Path = rule.TryGetProperty("path", out var path) ? Compile(path.GetString()!) : null,
        Allow = Strings(rule, "allow").Select(Compile).ToList(),
        Confidence = ParseConfidence(rule.GetProperty("confidence").GetString()),
        Source = rule.GetProperty("source").GetString()!,
    };

    private static IReadOnlyList<string> Strings(JsonElement element, string name) =>
        element.TryGetProperty(name, out var array) ? array.EnumerateArray().Select(e => e.GetString()!).ToList() : [];

    private static Regex Compile(string pattern) => new(pattern, RegexOptions.CultureInvariant, MatchTimeout);

    private static SecretConfidence ParseConfidence(string? text) => (SecretConfidence)Enum.Parse(typeof(SecretConfidence), text ?? nameof(SecretConfidence.Medium), ignoreCase: true);

    private static string ReadResource()
    {
        using var stream = typeof(SecretRuleSet).Assembly.GetManifestResourceStream(ResourceName)
            ?? throw new InvalidOperationException($"The module is incomplete: the embedded resource {ResourceName} is missing. Reinstall LambdaSec.");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
