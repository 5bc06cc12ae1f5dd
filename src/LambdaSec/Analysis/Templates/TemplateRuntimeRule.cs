using System;
using System.Collections.Generic;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Templates;

/// <summary>Function runtimes (AWS::Lambda::Function, AWS::Serverless::Function with Globals, aws_lambda_function) against the runtime catalog (DESIGN §4).</summary>
public static class TemplateRuntimeRule
{
    public static IEnumerable<LambdaSecFinding> Evaluate(ParsedTemplate template, TemplateAnalysisContext context)
    {
        var resolver = new TemplateValueResolver(template, context.EffectiveOwner);
        foreach (var function in template.Functions())
        {
            var packageType = resolver.Resolve(template.FunctionProperty(function, "PackageType", "package_type"));
            var runtimeNode = template.FunctionProperty(function, "Runtime", "runtime");
            var runtime = resolver.Resolve(runtimeNode);
            if (string.Equals(packageType.Text, "Image", StringComparison.OrdinalIgnoreCase) || !runtime.IsCertain || context.Catalog.Find(runtime.Text) is not { } entry)
            {
                // Image functions bring their own runtime; a parameterized or unknown runtime is not guessed.
                continue;
            }

            var status = RuntimeStatusEvaluator.Evaluate(entry, context.AsOf, context.WarningDays);
            var rule = status switch
            {
                LambdaRuntimeStatus.UpdateBlocked or LambdaRuntimeStatus.CreateBlocked or LambdaRuntimeStatus.Deprecated => TemplateRules.RuntimeEndOfLife,
                LambdaRuntimeStatus.DeprecationScheduled => TemplateRules.RuntimeDeprecationScheduled,
                _ => null,
            };
            if (rule is null)
            {
                continue;
            }

            var recommended = RuntimeStatusEvaluator.Recommend(context.Catalog, entry.Family, context.AsOf, context.WarningDays);
            var evidence = $"Runtime {entry.Identifier} is {status} as of {RuntimeStatusEvaluator.ToUtcDate(context.AsOf):yyyy-MM-dd} (deprecation {Date(entry.DeprecationDate)}, block create {Date(entry.BlockFunctionCreateDate)}, block update {Date(entry.BlockFunctionUpdateDate)}); recommended: {recommended ?? "none in the catalog"}. {RuntimeCatalog.Provenance(context.Catalog.Origin, context.Catalog.Compiled)}";
            yield return rule.Finding(template, function, evidence, runtimeNode?.Line ?? function.Line, function.LogicalId, accountId: context.OwnerAccountId);
        }
    }

    private static string Date(DateTime? date) => date is { } d ? d.ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture) : "not scheduled";
}
