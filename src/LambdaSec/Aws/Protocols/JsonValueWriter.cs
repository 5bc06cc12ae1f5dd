using System;
using System.Collections;
using System.Globalization;
using System.Text.Json;

namespace LambdaSec.Aws.Protocols;

/// <summary>Writes input values (strings, numbers, lists, maps, JsonElement) as JSON members, for both JSON protocols.</summary>
internal static class JsonValueWriter
{
    public static void Write(Utf8JsonWriter writer, object? value)
    {
        switch (value)
        {
            case null: writer.WriteNullValue(); break;
            case string s: writer.WriteStringValue(s); break;
            case bool b: writer.WriteBooleanValue(b); break;
            case int or long or short or byte: writer.WriteNumberValue(Convert.ToInt64(value, CultureInfo.InvariantCulture)); break;
            case double or float or decimal: writer.WriteNumberValue(Convert.ToDouble(value, CultureInfo.InvariantCulture)); break;
            // JSON protocols send timestamps as epoch seconds (botocore's default timestampFormat for json), with the
            // milliseconds as a fraction as botocore does: whole seconds would drop the events of the current second
            // from a LookupEvents window that ends now.
            case DateTime t: WriteEpoch(writer, new DateTimeOffset(t.ToUniversalTime())); break;
            case DateTimeOffset o: WriteEpoch(writer, o); break;
            case JsonElement e: e.WriteTo(writer); break;
            case IDictionary map:
                writer.WriteStartObject();
                foreach (DictionaryEntry entry in map)
                {
                    if (entry.Value is null) continue;
                    writer.WritePropertyName(Convert.ToString(entry.Key, CultureInfo.InvariantCulture)!);
                    Write(writer, entry.Value);
                }
                writer.WriteEndObject();
                break;
            case IEnumerable list:
                writer.WriteStartArray();
                foreach (var item in list) Write(writer, item);
                writer.WriteEndArray();
                break;
            default: writer.WriteStringValue(Convert.ToString(value, CultureInfo.InvariantCulture)); break;
        }
    }

    private static void WriteEpoch(Utf8JsonWriter writer, DateTimeOffset time) =>
        writer.WriteNumberValue(time.ToUnixTimeMilliseconds() / 1000m);
}
