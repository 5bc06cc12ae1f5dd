using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Audit;
using LambdaSec.Analysis.Secrets;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Templates;

/// <summary>
/// Secrets written as literals in a function's environment variables (LS-SEC-001, the rule the audit applies to
/// deployed functions): AWS::Lambda::Function, AWS::Serverless::Function merged over SAM's Globals.Function, and
/// aws_lambda_function's environment block. Only values the template fixes are scanned; a !Ref, a dynamic reference
/// ({{resolve:secretsmanager:...}}) or a value known after apply is where a secret belongs and is never reported.
/// </summary>
public static class TemplateSecretRule
{
    public static IEnumerable<LambdaSecFinding> Evaluate(ParsedTemplate template, TemplateAnalysisContext context)
    {
        var resolver = new TemplateValueResolver(template, context.EffectiveOwner);
        foreach (var function in template.Functions())
        {
            var variables = Variables(template, function)
                .Select(v => (v.Name, v.Node, Value: resolver.Resolve(v.Node)))
                .Where(v => v.Value.IsCertain && v.Value.Text is not null)
                .ToList();
            var hits = SecretScanner.Default.ScanVariables(variables.Select(v => new KeyValuePair<string, string?>(v.Name, v.Value.Text)));
            if (hits.Count == 0)
            {
                continue;
            }

            var line = variables.Where(v => hits.Any(h => h.Variable == v.Name)).Min(v => v.Node.Line);
            yield return TemplateRules.SecretInEnvironment.Finding(template, function, $"{function.LogicalId}: {SecretFindings.Describe(hits)}.", line, function.LogicalId, SecretFindings.SeverityOf(hits), context.OwnerAccountId);
        }
    }

    /// <summary>The variables as the deployed function gets them: SAM merges the function's over Globals.Function's, name by name.</summary>
    private static IEnumerable<(string Name, TemplateNode Node)> Variables(ParsedTemplate template, TemplateResource function)
    {
        var own = Map(function.Property("Environment", "environment"), function.Format);
        var globals = function.Type == "AWS::Serverless::Function" ? Map(template.FunctionGlobals?.Get("Environment"), function.Format) : null;
        var merged = new Dictionary<string, TemplateNode>(StringComparer.Ordinal);
        foreach (var entry in (globals?.Entries ?? []).Concat(own?.Entries ?? []))
        {
            merged[entry.Key] = entry.Value;
        }

        return merged.Select(e => (e.Key, e.Value));
    }

    /// <summary>Environment.Variables (CloudFormation, SAM), or environment[0].variables (a Terraform plan's block).</summary>
    private static TemplateMap? Map(TemplateNode? environment, TemplateFormat format) => format == TemplateFormat.TerraformPlan
        ? (environment is TemplateList { Items.Count: > 0 } list ? list.Items[0] as TemplateMap : null)?.Get("variables") as TemplateMap
        : (environment as TemplateMap)?.Get("Variables") as TemplateMap;
}
