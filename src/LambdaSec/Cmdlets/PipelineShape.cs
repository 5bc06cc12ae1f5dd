using System.Collections;
using System.Collections.Generic;
using System.Linq;
using System.Management.Automation;

namespace LambdaSec.Cmdlets;

/// <summary>
/// Reads the nested parts of piped function configurations whatever produced them: AWS.Tools objects
/// (EnvironmentResponse.Variables is a Dictionary, Layers are Layer objects), 'aws lambda ... | ConvertFrom-Json'
/// (PSCustomObjects), hashtables, or plain strings.
/// </summary>
internal static class PipelineShape
{
    /// <summary>The key/value pairs of an Environment (an object with Variables) or of a Variables dictionary itself.</summary>
    public static IReadOnlyList<KeyValuePair<string, string?>> Variables(object? environment)
    {
        var value = Unwrap(environment);
        if (value is null) return [];
        if (value is IDictionary dictionary)
        {
            // The non-generic enumerator: a generic Dictionary's own enumerator yields KeyValuePairs, not DictionaryEntries.
            var pairs = new List<KeyValuePair<string, string?>>();
            var entries = dictionary.GetEnumerator();
            while (entries.MoveNext())
            {
                pairs.Add(new KeyValuePair<string, string?>(entries.Key.ToString() ?? string.Empty, Unwrap(entries.Value)?.ToString()));
            }

            return pairs;
        }

        // Properties through the original wrapper: a PSCustomObject's note properties live on its PSObject, not on the base object.
        var wrapped = PSObject.AsPSObject(environment);
        if (wrapped.Properties["Variables"] is { } variables)
        {
            return Variables(variables.Value);
        }

        return wrapped.Properties.Select(p => new KeyValuePair<string, string?>(p.Name, Unwrap(p.Value)?.ToString())).ToList();
    }

    /// <summary>Layer version ARNs from Layer objects (their Arn property) or strings.</summary>
    public static IReadOnlyList<string> LayerArns(IEnumerable<object?>? layers) =>
        (layers ?? []).Select(l => Property(l, "Arn") ?? Unwrap(l)?.ToString()).Where(a => !string.IsNullOrWhiteSpace(a)).Select(a => a!).ToList();

    /// <summary>A property of a piped object as text, or null when it has none.</summary>
    public static string? Property(object? source, string name)
    {
        return Unwrap(Child(source, name))?.ToString();
    }

    /// <summary>A nested object property (TracingConfig, VpcConfig...), or null; read its parts with <see cref="Property"/> or <see cref="Child"/>.</summary>
    public static object? Child(object? source, string name)
    {
        var value = Unwrap(source);
        if (value is null or string) return null;
        // Kept wrapped: a nested PSCustomObject's properties are only reachable through its PSObject.
        return value is IDictionary dictionary ? (dictionary.Contains(name) ? dictionary[name] : null) : PSObject.AsPSObject(source!).Properties[name]?.Value;
    }

    public static object? Unwrap(object? value) => value is PSObject wrapped ? wrapped.BaseObject : value;
}
