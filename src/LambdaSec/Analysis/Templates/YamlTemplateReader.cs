using System;
using System.Globalization;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;
using YamlDotNet.RepresentationModel;

namespace LambdaSec.Analysis.Templates;

/// <summary>
/// Reads YAML CloudFormation/SAM templates into template nodes. CloudFormation's short-form tags
/// (!Ref, !Sub, !GetAtt...) become the long form ({"Ref": ...}, {"Fn::Sub": ...}), so one resolver serves JSON and YAML.
/// Hostile files are bounded (docs/hostile-input.md): nesting deeper than <see cref="MaxDepth"/> stops the parse
/// before it can exhaust the stack, and aliases may expand the document to at most <see cref="MaxNodes"/> nodes.
/// </summary>
public static class YamlTemplateReader
{
    /// <summary>The deepest nesting of mappings and sequences read (CloudFormation templates need about 20).</summary>
    public const int MaxDepth = 256;

    /// <summary>The most nodes a document may have once its aliases are expanded (an alias bomb grows exponentially).</summary>
    public const int MaxNodes = 1_000_000;

    private static readonly string[] FunctionTags =
    [
        "Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub", "Transform",
        "If", "Equals", "And", "Or", "Not", "ToJsonString", "Length",
    ];

    public static TemplateNode Read(string text)
    {
        var stream = new YamlStream();
        var parser = new DepthLimitedParser(new Parser(new StringReader(text)));
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            var line = (int)ex.Start.Line;
            throw new TemplateParseException($"It is not valid YAML at line {line}, column {ex.Start.Column}: {Innermost(ex).Message}", line, ex);
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException or FormatException or OverflowException or IndexOutOfRangeException)
        {
            // YamlDotNet's scanner fails on some malformed input with a bare exception instead of a YamlException
            // (found by tests/Fuzz.Tests.ps1): still a parse error of this one file.
            throw new TemplateParseException($"It is not valid YAML after line {parser.LastLine} ({ex.Message}).", parser.LastLine, ex);
        }

        return stream.Documents.Count == 0 ? new TemplateMap(1) : new Converter().Convert(stream.Documents[0].RootNode);
    }

    private static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner) : ex;

    /// <summary>Passes the parser's events on, failing at the first collection nested deeper than <see cref="MaxDepth"/>.</summary>
    private sealed class DepthLimitedParser : IParser
    {
        private readonly IParser _inner;
        private int _depth;

        public DepthLimitedParser(IParser inner) => _inner = inner;

        public ParsingEvent? Current => _inner.Current;

        /// <summary>The line of the last event read, for errors the parser raises without a position.</summary>
        public int LastLine { get; private set; } = 1;

        public bool MoveNext()
        {
            if (!_inner.MoveNext())
            {
                return false;
            }

            LastLine = (int)_inner.Current!.Start.Line;

            switch (_inner.Current)
            {
                case MappingStart or SequenceStart when ++_depth > MaxDepth:
                    var line = (int)_inner.Current.Start.Line;
                    throw new TemplateParseException($"It nests mappings and sequences more than {MaxDepth} deep at line {line}; no template needs that, so the file is not read.", line);
                case MappingEnd or SequenceEnd:
                    _depth--;
                    break;
            }

            return true;
        }
    }

    /// <summary>Converts one document, counting nodes as aliases expand them.</summary>
    private sealed class Converter
    {
        private int _nodes;

        public TemplateNode Convert(YamlNode node)
        {
            var line = (int)node.Start.Line;
            if (++_nodes > MaxNodes)
            {
                throw new TemplateParseException($"Its aliases expand it to more than {MaxNodes.ToString("N0", CultureInfo.InvariantCulture)} nodes (an alias bomb?); the file is not read.", line);
            }

            TemplateNode value = node switch
            {
                YamlMappingNode mapping => ConvertMapping(mapping, line),
                YamlSequenceNode sequence => ConvertSequence(sequence, line),
                YamlScalarNode scalar => new TemplateScalar(ScalarText(scalar), line),
                _ => new TemplateScalar(null, line),
            };
            return ApplyShortForm(node.Tag.IsEmpty ? null : node.Tag.Value, value, line);
        }

        private TemplateMap ConvertMapping(YamlMappingNode mapping, int line)
        {
            var map = new TemplateMap(line);
            foreach (var entry in mapping.Children)
            {
                // A key that is a mapping or sequence is no CloudFormation key; it is named, not printed (it may be an alias bomb).
                map.Add(entry.Key is YamlScalarNode key ? key.Value ?? string.Empty : $"<{entry.Key.NodeType} key at line {entry.Key.Start.Line}>", Convert(entry.Value));
            }

            return map;
        }

        private TemplateList ConvertSequence(YamlSequenceNode sequence, int line)
        {
            var list = new TemplateList(line);
            foreach (var item in sequence.Children)
            {
                list.Add(Convert(item));
            }

            return list;
        }
    }

    /// <summary>A plain null, ~ or empty scalar is null; a quoted one is the text as written.</summary>
    private static string? ScalarText(YamlScalarNode scalar) =>
        scalar.Style == ScalarStyle.Plain && (scalar.Value is null || scalar.Value.Length == 0 || scalar.Value == "~" || scalar.Value == "null" || scalar.Value == "Null" || scalar.Value == "NULL")
            ? null
            : scalar.Value;

    private static TemplateNode ApplyShortForm(string? tag, TemplateNode value, int line)
    {
        if (tag is null || !tag.StartsWith("!", StringComparison.Ordinal) || tag.StartsWith("!!", StringComparison.Ordinal))
        {
            return value;
        }

        var name = tag.Substring(1);
        string key;
        if (name is "Ref" or "Condition")
        {
            key = name;
        }
        else if (FunctionTags.Contains(name, StringComparer.Ordinal))
        {
            key = "Fn::" + name;
        }
        else
        {
            return value;
        }

        // !GetAtt Resource.Attribute is the string form of ["Resource", "Attribute"]; the attribute may itself hold dots.
        if (name == "GetAtt" && value is TemplateScalar { Text: { } dotted } && dotted.IndexOf('.') > 0)
        {
            var dot = dotted.IndexOf('.');
            var pair = new TemplateList(line);
            pair.Add(new TemplateScalar(dotted.Substring(0, dot), line));
            pair.Add(new TemplateScalar(dotted.Substring(dot + 1), line));
            value = pair;
        }

        var map = new TemplateMap(line);
        map.Add(key, value);
        return map;
    }
}
