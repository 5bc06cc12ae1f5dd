// Validates a CycloneDX JSON document against bom-1.6.schema.json and the schemas it references (spdx, jsf),
// all read from one folder. Usage: CycloneDxValidator <schema folder> <document>. Prints "valid", or the schema
// errors (one per line, instance location first) and exits 1.
using System;
using System.IO;
using System.Linq;
using System.Text.Json.Nodes;
using Json.Schema;

if (args.Length != 2)
{
    Console.Error.WriteLine("Usage: CycloneDxValidator <schema folder> <document>");
    return 2;
}

var options = new EvaluationOptions { OutputFormat = OutputFormat.List, RequireFormatValidation = true };
foreach (var referenced in new[] { "spdx.schema.json", "jsf-0.82.schema.json" })
{
    options.SchemaRegistry.Register(JsonSchema.FromFile(Path.Combine(args[0], referenced)));
}

var schema = JsonSchema.FromFile(Path.Combine(args[0], "bom-1.6.schema.json"));
var result = schema.Evaluate(JsonNode.Parse(File.ReadAllText(args[1])), options);
if (result.IsValid)
{
    Console.WriteLine("valid");
    return 0;
}

foreach (var detail in result.Details.Where(d => d.HasErrors))
{
    foreach (var error in detail.Errors!)
    {
        Console.WriteLine($"{detail.InstanceLocation} ({detail.EvaluationPath}): {error.Key}: {error.Value}");
    }
}

return 1;
