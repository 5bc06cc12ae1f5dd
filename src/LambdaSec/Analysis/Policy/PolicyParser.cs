using System;
using System.Collections.Generic;
using System.Globalization;
using System.Text.Json;

namespace LambdaSec.Analysis.Policy;

/// <summary>
/// Reads IAM policy JSON the way IAM does: Statement as object or array, string-or-array values,
/// element names and Effect values case-insensitive (servers differ in what they write back).
/// A duplicate key (compared case-insensitively, as elements are read) or a string that is not valid
/// Unicode makes the statement, or the document when it is outside every statement, unreadable: IAM
/// rejects such documents, so they are never read as safe (DESIGN §3.5, docs/hostile-input.md).
/// </summary>
public static class PolicyParser
{
    /// <summary>The deepest nesting read (IAM policies need 5); deeper documents are malformed.</summary>
    public const int MaxDepth = 32;

    /// <summary>
    /// The longest Action, Resource, Principal or Condition value read: 2,048 characters, the longest ARN IAM accepts
    /// (arnType, max 2048, botocore iam 2010-05-08 service-2.json, checked 2026-12-03). A longer value makes its
    /// statement unreadable (Unknown, PolicyParseError), so no wildcard comparison ever runs on a hostile megabyte of
    /// '*' and '?': each comparison stays within (2,048 + 1)^2 steps (docs/hostile-input.md).
    /// </summary>
    public const int MaxValueLength = 2048;

    /// <summary>
    /// The most statements one document may hold: 100,000. IAM accepts no policy document over 131,072 characters
    /// (policyDocumentType, max 131072, botocore iam 2010-05-08 service-2.json, checked 2026-12-03), i.e. a few thousand
    /// statements at most; the cap leaves the analyzer's benchmark (60,000) room and bounds what a pasted or generated
    /// document can cost. A document with more is unreadable as a whole (Unknown, PolicyParseError).
    /// </summary>
    public const int MaxStatements = 100_000;

    private static readonly JsonDocumentOptions Options = new() { AllowTrailingCommas = false, CommentHandling = JsonCommentHandling.Disallow, MaxDepth = MaxDepth };

    /// <summary>Parses a document; throws <see cref="PolicyParseException"/> when it has no readable Statement.</summary>
    public static PolicyDocument Parse(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new PolicyParseException("The policy is empty: expected a JSON object with a Statement element.");
        }

        JsonDocument doc;
        try
        {
            doc = JsonDocument.Parse(json!.Trim(), Options);
        }
        catch (JsonException ex)
        {
            throw new PolicyParseException($"The policy is not valid JSON ({ex.Message}).", ex);
        }
        catch (ArgumentException ex)
        {
            // The text itself is not valid UTF-16 (a lone surrogate character).
            throw new PolicyParseException($"The policy is not valid Unicode text ({ex.Message}).", ex);
        }

        using (doc)
        {
            return ReadDocument(doc.RootElement);
        }
    }

    private static PolicyDocument ReadDocument(JsonElement root)
    {
        if (root.ValueKind != JsonValueKind.Object)
        {
            throw new PolicyParseException($"The policy is JSON but not a policy document: expected an object with a Statement element, found {Describe(root.ValueKind)}.");
        }

        if (Malformation(root, skipStatement: true) is { } problem)
        {
            throw new PolicyParseException($"The policy is malformed: {problem}");
        }

        string? version = null, id = null;
        JsonElement? statementElement = null;
        foreach (var property in root.EnumerateObject())
        {
            switch (property.Name.ToUpperInvariant())
            {
                case "VERSION": version = ScalarText(property.Value); break;
                case "ID": id = ScalarText(property.Value); break;
                case "STATEMENT": statementElement = property.Value; break;
            }
        }

        if (statementElement is not { } statements)
        {
            throw new PolicyParseException("The policy has no Statement element.");
        }

        return statements.ValueKind switch
        {
            JsonValueKind.Object => new PolicyDocument(version, id, [ReadStatement(statements)]),
            JsonValueKind.Array => new PolicyDocument(version, id, ReadStatements(statements)),
            _ => throw new PolicyParseException($"The policy's Statement is {Describe(statements.ValueKind)}; expected an object or an array of objects."),
        };
    }

    private static List<PolicyStatement> ReadStatements(JsonElement array)
    {
        if (array.GetArrayLength() > MaxStatements)
        {
            throw new PolicyParseException(string.Format(CultureInfo.InvariantCulture, "The policy has {0:N0} statements; LambdaSec reads at most {1:N0} (IAM accepts no document over 131,072 characters, a few thousand statements), so it is not read.", array.GetArrayLength(), MaxStatements));
        }

        var list = new List<PolicyStatement>(array.GetArrayLength());
        foreach (var item in array.EnumerateArray())
        {
            list.Add(item.ValueKind == JsonValueKind.Object
                ? ReadStatement(item)
                : new PolicyStatement { Json = item.GetRawText(), ShapeError = $"A statement is {Describe(item.ValueKind)}, not an object." });
        }

        return list;
    }

    private static PolicyStatement ReadStatement(JsonElement element)
    {
        if (Malformation(element, skipStatement: false) is { } problem)
        {
            return new PolicyStatement { Json = element.GetRawText(), ShapeError = $"The statement is malformed: {problem}" };
        }

        var reader = new StatementReader();
        foreach (var property in element.EnumerateObject())
        {
            reader.Read(property);
        }

        return reader.Build(element.GetRawText());
    }

    /// <summary>Collects the elements of one statement and the first shape problem met.</summary>
    private sealed class StatementReader
    {
        private string? _sid;
        private string? _effect;
        private PrincipalElement? _principal;
        private PrincipalElement? _notPrincipal;
        private IReadOnlyList<string> _actions = [];
        private IReadOnlyList<string> _notActions = [];
        private IReadOnlyList<string> _resources = [];
        private IReadOnlyList<string> _notResources = [];
        private IReadOnlyList<ConditionClause> _conditions = [];
        private string? _error;

        public void Read(JsonProperty property)
        {
            var value = property.Value;
            switch (property.Name.ToUpperInvariant())
            {
                case "SID": _sid = ScalarText(value); break;
                case "EFFECT": _effect = value.ValueKind == JsonValueKind.String ? value.GetString() : null; break;
                case "PRINCIPAL": _principal = ReadPrincipal(value, "Principal"); break;
                case "NOTPRINCIPAL": _notPrincipal = ReadPrincipal(value, "NotPrincipal"); break;
                case "ACTION": _actions = ReadStrings(value, "Action"); break;
                case "NOTACTION": _notActions = ReadStrings(value, "NotAction"); break;
                case "RESOURCE": _resources = ReadStrings(value, "Resource"); break;
                case "NOTRESOURCE": _notResources = ReadStrings(value, "NotResource"); break;
                case "CONDITION": _conditions = ReadConditions(value); break;
            }
        }

        public PolicyStatement Build(string json)
        {
            var effect = ParseEffect(_effect);
            if (effect == StatementEffect.Invalid)
            {
                Fail(_effect is null ? "The statement has no Effect." : $"The statement's Effect is '{_effect}', not Allow or Deny.");
            }

            if (_principal is not null && _notPrincipal is not null)
            {
                Fail("The statement has both Principal and NotPrincipal.");
            }

            if (_actions.Count > 0 && _notActions.Count > 0)
            {
                Fail("The statement has both Action and NotAction.");
            }

            return new PolicyStatement
            {
                Sid = _sid,
                Effect = effect,
                EffectText = _effect ?? string.Empty,
                Principal = _principal,
                NotPrincipal = _notPrincipal,
                Actions = _actions,
                NotActions = _notActions,
                Resources = _resources,
                NotResources = _notResources,
                Conditions = _conditions,
                Json = json,
                ShapeError = _error,
            };
        }

        private static StatementEffect ParseEffect(string? effect) =>
            string.Equals(effect, "Allow", StringComparison.OrdinalIgnoreCase) ? StatementEffect.Allow
            : string.Equals(effect, "Deny", StringComparison.OrdinalIgnoreCase) ? StatementEffect.Deny
            : StatementEffect.Invalid;

        private void Fail(string message) => _error ??= message;

        private PrincipalElement? ReadPrincipal(JsonElement value, string name)
        {
            if (value.ValueKind == JsonValueKind.String)
            {
                var text = Bounded(value.GetString()!, name);
                // A bare string other than "*" is an account principal written without its {"AWS": ...} wrapper.
                return text == "*"
                    ? new PrincipalElement(true, [])
                    : new PrincipalElement(false, [new PrincipalEntry("AWS", text)]);
            }

            if (value.ValueKind != JsonValueKind.Object)
            {
                Fail($"The statement's {name} is {Describe(value.ValueKind)}; expected \"*\" or an object.");
                return null;
            }

            var entries = new List<PrincipalEntry>();
            foreach (var typed in value.EnumerateObject())
            {
                foreach (var item in ReadStrings(typed.Value, $"{name}.{typed.Name}"))
                {
                    entries.Add(new PrincipalEntry(typed.Name, item));
                }
            }

            return new PrincipalElement(false, entries);
        }

        private List<string> ReadStrings(JsonElement value, string name)
        {
            if (value.ValueKind == JsonValueKind.Array)
            {
                var list = new List<string>(value.GetArrayLength());
                foreach (var item in value.EnumerateArray())
                {
                    if (ScalarText(item) is { } text)
                    {
                        list.Add(Bounded(text, name));
                    }
                    else
                    {
                        Fail($"The statement's {name} holds {Describe(item.ValueKind)}; expected strings.");
                    }
                }

                return list;
            }

            if (ScalarText(value) is { } single)
            {
                return [Bounded(single, name)];
            }

            Fail($"The statement's {name} is {Describe(value.ValueKind)}; expected a string or an array of strings.");
            return [];
        }

        /// <summary>
        /// The value, or (past <see cref="MaxValueLength"/>) an empty one with the statement failed: the value is never
        /// compared, and the statement is Unknown with the reason.
        /// </summary>
        private string Bounded(string text, string name)
        {
            if (text.Length <= MaxValueLength)
            {
                return text;
            }

            Fail(string.Format(CultureInfo.InvariantCulture, "The statement's {0} has a value of {1:N0} characters; IAM accepts at most {2:N0} (the longest ARN), so it is not read.", name, text.Length, MaxValueLength));
            return string.Empty;
        }

        private List<ConditionClause> ReadConditions(JsonElement value)
        {
            var clauses = new List<ConditionClause>();
            if (value.ValueKind != JsonValueKind.Object)
            {
                Fail($"The statement's Condition is {Describe(value.ValueKind)}; expected an object.");
                return clauses;
            }

            foreach (var op in value.EnumerateObject())
            {
                if (op.Value.ValueKind != JsonValueKind.Object)
                {
                    Fail($"The condition operator {op.Name} holds {Describe(op.Value.ValueKind)}; expected an object of keys.");
                    continue;
                }

                var (qualifier, baseOperator, ifExists) = SplitOperator(op.Name);
                foreach (var key in op.Value.EnumerateObject())
                {
                    clauses.Add(new ConditionClause
                    {
                        Operator = op.Name,
                        BaseOperator = baseOperator,
                        SetQualifier = qualifier,
                        IfExists = ifExists,
                        Key = key.Name,
                        Values = ReadStrings(key.Value, $"Condition.{op.Name}.{key.Name}"),
                    });
                }
            }

            return clauses;
        }
    }

    /// <summary>Splits "ForAnyValue:StringLikeIfExists" into its qualifier, base operator and IfExists flag.</summary>
    public static (SetQualifier Qualifier, string BaseOperator, bool IfExists) SplitOperator(string op)
    {
        var qualifier = SetQualifier.None;
        var rest = op;
        var colon = op.IndexOf(':');
        if (colon >= 0)
        {
            var prefix = op.Substring(0, colon);
            qualifier = string.Equals(prefix, "ForAnyValue", StringComparison.OrdinalIgnoreCase) ? SetQualifier.ForAnyValue
                : string.Equals(prefix, "ForAllValues", StringComparison.OrdinalIgnoreCase) ? SetQualifier.ForAllValues
                : SetQualifier.None;
            rest = op.Substring(colon + 1);
        }

        const string Suffix = "IfExists";
        var ifExists = rest.EndsWith(Suffix, StringComparison.OrdinalIgnoreCase) && rest.Length > Suffix.Length;
        return (qualifier, ifExists ? rest.Substring(0, rest.Length - Suffix.Length) : rest, ifExists);
    }

    /// <summary>
    /// The first duplicate key or invalid string in <paramref name="element"/> (depth is bounded by the parser's
    /// MaxDepth), or null. With <paramref name="skipStatement"/> the root's Statement value is left to the statements.
    /// </summary>
    private static string? Malformation(JsonElement element, bool skipStatement)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                var names = new HashSet<string>(StringComparer.OrdinalIgnoreCase);
                foreach (var property in element.EnumerateObject())
                {
                    if (!TryName(property, out var name))
                    {
                        return "a key is not valid Unicode (a lone surrogate escape such as \\ud800).";
                    }

                    if (!names.Add(name))
                    {
                        return $"the key '{name}' appears twice in one object; IAM rejects such documents, so it is not read as either value.";
                    }

                    if (!(skipStatement && string.Equals(name, "Statement", StringComparison.OrdinalIgnoreCase)) && Malformation(property.Value, false) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    if (Malformation(item, false) is { } inner)
                    {
                        return inner;
                    }
                }

                return null;
            case JsonValueKind.String:
                try
                {
                    _ = element.GetString();
                    return null;
                }
                catch (InvalidOperationException)
                {
                    return "a string is not valid Unicode (a lone surrogate escape such as \\ud800).";
                }

            default:
                return null;
        }
    }

    private static bool TryName(JsonProperty property, out string name)
    {
        try
        {
            name = property.Name;
            return true;
        }
        catch (InvalidOperationException)
        {
            name = string.Empty;
            return false;
        }
    }

    private static string? ScalarText(JsonElement value) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => null,
    };

    private static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Array => "an array",
        JsonValueKind.Object => "an object",
        JsonValueKind.String => "a string",
        JsonValueKind.Number => "a number",
        JsonValueKind.Null => "null",
        JsonValueKind.True or JsonValueKind.False => "a boolean",
        _ => kind.ToString().ToLower(CultureInfo.InvariantCulture),
    };
}
