using System.Collections.Generic;
using System.Linq;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Templates;

/// <summary>Runs every infrastructure-as-code rule on one parsed template; findings come in source line order.</summary>
public static class TemplateAnalyzer
{
    public static IReadOnlyList<LambdaSecFinding> Analyze(ParsedTemplate template, TemplateAnalysisContext context) =>
        LambdaPermissionRule.Evaluate(template, context)
            .Concat(FunctionUrlRule.Evaluate(template, context))
            .Concat(TemplateRuntimeRule.Evaluate(template, context))
            .Concat(ApiGatewayWafRule.Evaluate(template, context))
            .Concat(ExecutionRoleRule.Evaluate(template, context))
            .Concat(TemplateSecretRule.Evaluate(template, context))
            .Concat(TemplateConfigurationRule.Evaluate(template, context))
            .Concat(TemplateEventSourceMappingRule.Evaluate(template, context))
            .OrderBy(f => f.SourceLine)
            .ThenBy(f => f.RuleId, System.StringComparer.Ordinal)
            .ToList();
}
