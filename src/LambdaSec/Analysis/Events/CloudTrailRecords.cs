using System.Collections.Generic;
using System.Text.Json;

namespace LambdaSec.Analysis.Events;

/// <summary>
/// Finds CloudTrail records in the shapes people have them in: one record, a LookupEvents event (whose
/// CloudTrailEvent member holds the record as a string), `aws cloudtrail lookup-events` output ({"Events":[...]}),
/// a CloudTrail log file ({"Records":[...]}), or an array of any of these.
/// </summary>
public static class CloudTrailRecords
{
    /// <summary>The records in <paramref name="json"/>, each detached from the parsed document.</summary>
    public static IReadOnlyList<JsonElement> Read(string? json)
    {
        if (string.IsNullOrWhiteSpace(json))
        {
            throw new CloudTrailEventException("The event is empty; give a CloudTrail record, a LookupEvents event or lookup-events output as JSON.");
        }

        try
        {
            using var doc = JsonDocument.Parse(json!);
            var records = new List<JsonElement>();
            Collect(doc.RootElement, records, "the input");
            return records;
        }
        catch (JsonException ex)
        {
            throw new CloudTrailEventException($"The event is not valid JSON (line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}).", ex);
        }
    }

    private static void Collect(JsonElement element, List<JsonElement> records, string where)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    Collect(item, records, where);
                }

                break;
            case JsonValueKind.Object when element.TryGetProperty("eventName", out _):
                records.Add(element.Clone());
                break;
            case JsonValueKind.Object when element.TryGetProperty("CloudTrailEvent", out var inner) && inner.ValueKind == JsonValueKind.String:
                using (var doc = JsonDocument.Parse(inner.GetString()!))
                {
                    Collect(doc.RootElement, records, "CloudTrailEvent");
                }

                break;
            case JsonValueKind.Object when element.TryGetProperty("Events", out var events):
                Collect(events, records, "Events");
                break;
            case JsonValueKind.Object when element.TryGetProperty("Records", out var logRecords):
                Collect(logRecords, records, "Records");
                break;
            default:
                throw new CloudTrailEventException($"{where} is not a CloudTrail record (no eventName), a LookupEvents event (no CloudTrailEvent) or a list of them.");
        }
    }
}
