using System;
using System.Collections.Generic;

namespace LambdaSec.Aws;

/// <summary>
/// Builds an operation's input from name/value pairs. Null and empty-string values are left out: PowerShell turns
/// $null into "" for string parameters, and an empty Qualifier or Marker would change the call's meaning.
/// </summary>
public static class AwsInput
{
    public static IReadOnlyDictionary<string, object?> Of(params object?[] namesAndValues)
    {
        if (namesAndValues.Length % 2 != 0) throw new ArgumentException("Pass names and values in pairs.", nameof(namesAndValues));
        var input = new Dictionary<string, object?>(StringComparer.Ordinal);
        for (var i = 0; i < namesAndValues.Length; i += 2)
        {
            if (namesAndValues[i + 1] is { } value && !(value is string text && text.Length == 0)) input[(string)namesAndValues[i]!] = value;
        }
        return input;
    }
}
