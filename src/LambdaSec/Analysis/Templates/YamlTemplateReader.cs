using System;
using System.IO;
using System.Linq;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace LambdaSec.Analysis.Templates;

/// <summary>
/// Reads YAML CloudFormation/SAM templates into template nodes. CloudFormation's short-form tags
/// (!Ref, !Sub, !GetAtt...) become the long form ({"Ref": ...}, {"Fn::Sub": ...}), so one resolver serves JSON and YAML.
/// </summary>
public static class YamlTemplateReader
{
    private static readonly string[] FunctionTags =
    [
        "Base64", "Cidr", "FindInMap", "GetAtt", "GetAZs", "ImportValue", "Join", "Select", "Split", "Sub", "Transform",
        "If", "Equals", "And", "Or", "Not", "ToJsonString", "Length",
    ];

    public static TemplateNode Read(string text)
    {
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            var line = (int)ex.Start.Line;
            throw new TemplateParseException($"It is not valid YAML at line {line}, column {ex.Start.Column}: {Innermost(ex).Message}", line, ex);
        }

        return stream.Documents.Count == 0 ? new TemplateMap(1) : Convert(stream.Documents[0].RootNode);
    }

    private static Exception Innermost(Exception ex) => ex.InnerException is { } inner ? Innermost(inner) : ex;

    private static TemplateNode Convert(YamlNode node)
    {
        var line = (int)node.Start.Line;
        TemplateNode value = node switch
        {
            YamlMappingNode mapping => ConvertMapping(mapping, line),
            YamlSequenceNode sequence => ConvertSequence(sequence, line),
            YamlScalarNode scalar => new TemplateScalar(ScalarText(scalar), line),
            _ => new TemplateScalar(null, line),
        };
        return ApplyShortForm(node.Tag.IsEmpty ? null : node.Tag.Value, value, line);
    }

    private static TemplateMap ConvertMapping(YamlMappingNode mapping, int line)
    {
        var map = new TemplateMap(line);
        foreach (var entry in mapping.Children)
        {
            map.Add(entry.Key is YamlScalarNode key ? key.Value ?? string.Empty : entry.Key.ToString(), Convert(entry.Value));
        }

        return map;
    }

    private static TemplateList ConvertSequence(YamlSequenceNode sequence, int line)
    {
        var list = new TemplateList(line);
        foreach (var item in sequence.Children)
        {
            list.Add(Convert(item));
        }

        return list;
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
