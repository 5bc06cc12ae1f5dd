using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace LambdaSec.Analysis.Templates;

/// <summary>
/// An IAM policy document written in a template, as JSON text for the policy engine. Intrinsic functions are resolved
/// only as far as is certain (<see cref="TemplateValueResolver"/>): a partly known value keeps its known text (its
/// unknown parts are &lt;Name&gt;, which match nothing), a value not known at all becomes a marker that matches no
/// action or resource, and a list item not known at all is left out. So the analysis is a lower bound, and every
/// such value is listed in <see cref="Unresolved"/> to be reported as unresolved, never guessed.
/// </summary>
public sealed class TemplatePolicyDocument
{
    /// <summary>Stands for a value known only at deployment; no action, resource or condition value matches it.</summary>
    public const string UnresolvedMarker = "lambdasec-unresolved";

    /// <summary>Pseudo parameters that hold one fixed value per stack, as <see cref="TemplateValueResolver"/> writes their placeholders.</summary>
    private static readonly string[] StackConstants = ["<AWS-Region>", "<AWS-Partition>", "<AWS-URLSuffix>", "<AWS-StackName>", "<AWS-StackId>"];

    private readonly TemplateValueResolver _resolver;
    private readonly List<string> _unresolved = [];

    private TemplatePolicyDocument(TemplateValueResolver resolver) => _resolver = resolver;

    /// <summary>The document as JSON, or null when the document itself is known only at deployment.</summary>
    public string? Json { get; private set; }

    /// <summary>"where: expression (why)" for each value the analysis could not know.</summary>
    public IReadOnlyList<string> Unresolved => _unresolved;

    /// <summary>Reads <paramref name="document"/> (a map, or JSON text as Terraform and some templates write it); <paramref name="where"/> prefixes the unresolved entries.</summary>
    public static TemplatePolicyDocument Read(TemplateNode? document, string where, TemplateValueResolver resolver)
    {
        var result = new TemplatePolicyDocument(resolver);
        if (document is TemplateScalar { Text: { } text })
        {
            result.Json = text;
            return result;
        }

        if (document is not TemplateMap { IntrinsicName: null } map)
        {
            result.Note(where, resolver.Resolve(document));
            return result;
        }

        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer))
        {
            result.Write(writer, map, where);
        }

        result.Json = Encoding.UTF8.GetString(buffer.ToArray());
        return result;
    }

    private void Write(Utf8JsonWriter writer, TemplateNode node, string where)
    {
        switch (node)
        {
            case TemplateMap { IntrinsicName: null } map:
                writer.WriteStartObject();
                foreach (var entry in map.Entries)
                {
                    if (entry.Value is TemplateMap { IntrinsicName: not null } && _resolver.Resolve(entry.Value) is { IsCertain: true, Text: null })
                    {
                        continue; // !Ref AWS::NoValue removes the element.
                    }

                    writer.WritePropertyName(entry.Key);
                    Write(writer, entry.Value, $"{where}.{entry.Key}");
                }

                writer.WriteEndObject();
                break;
            case TemplateList list:
                writer.WriteStartArray();
                for (var i = 0; i < list.Items.Count; i++)
                {
                    var item = list.Items[i];
                    var label = $"{where}[{i}]";
                    if (item is TemplateMap { IntrinsicName: not null } && _resolver.Resolve(item) is { Text: null } unknown)
                    {
                        if (!unknown.IsCertain)
                        {
                            Note(label, unknown);
                        }

                        continue;
                    }

                    Write(writer, item, label);
                }

                writer.WriteEndArray();
                break;
            default:
                var value = _resolver.Resolve(node);
                if (value is { IsCertain: true, Text: null })
                {
                    writer.WriteNullValue();
                    break;
                }

                if (!IsKnownEnough(value))
                {
                    Note(where, value);
                }

                writer.WriteStringValue(value.Text ?? UnresolvedMarker);
                break;
        }
    }

    /// <summary>
    /// Certain, or known but for the stack's region, partition, URL suffix or name (arn:${AWS::Partition}:logs:${AWS::Region}:...):
    /// each is one fixed value of the stack, so it cannot widen a grant, and its placeholder stays in the text.
    /// </summary>
    public static bool IsKnownEnough(ResolvedValue value)
    {
        if (value.IsCertain)
        {
            return true;
        }

        if (value.Text is not { } text)
        {
            return false;
        }

        var rest = StackConstants.Aggregate(text, (current, constant) => current.Replace(constant, string.Empty));
        return rest.IndexOf('<') < 0;
    }

    /// <summary>How an unresolved value is reported: where it is, how the template writes it, and why it is unknown.</summary>
    public static string Describe(string where, ResolvedValue value) =>
        $"{where}: {value.Expression}{(value.Note is null ? string.Empty : $" ({value.Note})")}";

    private void Note(string where, ResolvedValue value) => _unresolved.Add(Describe(where, value));
}
