using System;
using System.Collections.Generic;
using System.Text;
using System.Text.Json;

namespace LambdaSec.Analysis.Templates;

/// <summary>
/// Reads JSON (CloudFormation templates, terraform show -json) into template nodes with their line numbers.
/// JsonDocument forgets positions, so this walks a Utf8JsonReader and maps each token's byte offset to its line.
/// </summary>
public static class JsonTemplateReader
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, AllowTrailingCommas = true, MaxDepth = 256 };

    public static TemplateNode Read(string text)
    {
        var bytes = Encoding.UTF8.GetBytes(text.TrimStart('\uFEFF'));
        var lineStarts = LineStarts(bytes);
        var reader = new Utf8JsonReader(bytes, Options);
        try
        {
            if (!reader.Read())
            {
                throw new TemplateParseException("The file is empty.", 1);
            }

            var root = ReadValue(ref reader, lineStarts);
            if (reader.Read())
            {
                throw new TemplateParseException("There is more JSON after the top-level value.", LineOf(lineStarts, reader.TokenStartIndex));
            }

            return root;
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            throw new TemplateParseException($"It is not valid JSON at line {line}, byte {(ex.BytePositionInLine ?? 0) + 1}.", line, ex);
        }
        catch (InvalidOperationException ex)
        {
            // A string that is not valid Unicode (a lone surrogate escape such as \ud800).
            var line = LineOf(lineStarts, reader.TokenStartIndex);
            throw new TemplateParseException($"It holds a string that is not valid Unicode at line {line} ({ex.Message}).", line, ex);
        }
    }

    private static TemplateNode ReadValue(ref Utf8JsonReader reader, List<long> lineStarts)
    {
        var line = LineOf(lineStarts, reader.TokenStartIndex);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var map = new TemplateMap(line);
                while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
                {
                    var key = reader.GetString()!;
                    reader.Read();
                    map.Add(key, ReadValue(ref reader, lineStarts));
                }

                return map;
            case JsonTokenType.StartArray:
                var list = new TemplateList(line);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    list.Add(ReadValue(ref reader, lineStarts));
                }

                return list;
            case JsonTokenType.String:
                return new TemplateScalar(reader.GetString(), line);
            case JsonTokenType.Null:
                return new TemplateScalar(null, line);
            default:
                // Numbers and booleans keep their JSON text ("true", "300"), as CloudFormation reads them as strings.
                return new TemplateScalar(Encoding.UTF8.GetString(reader.ValueSpan.ToArray()), line);
        }
    }

    private static List<long> LineStarts(byte[] bytes)
    {
        var starts = new List<long> { 0 };
        for (var i = 0; i < bytes.Length; i++)
        {
            if (bytes[i] == (byte)'\n')
            {
                starts.Add(i + 1);
            }
        }

        return starts;
    }

    private static int LineOf(List<long> lineStarts, long offset)
    {
        var index = lineStarts.BinarySearch(offset);
        return (index >= 0 ? index : ~index - 1) + 1;
    }
}
