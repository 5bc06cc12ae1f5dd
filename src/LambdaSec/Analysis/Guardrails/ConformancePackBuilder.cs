using System;
using System.Linq;
using System.Text;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Analysis.Templates;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Guardrails;

/// <summary>
/// Builds an AWS Config conformance pack for what an SCP cannot express: a policy that is already public, the
/// runtime of a function, WAF on API Gateway stages and load balancers, and reserved concurrency (denial of wallet).
/// All rules are AWS managed rules, so the pack needs no Lambda of its own.
/// </summary>
public static class ConformancePackBuilder
{
    public static string Build(RuntimeCatalog catalog, DateTime asOf, int warningDays)
    {
        // LAMBDA_FUNCTION_SETTINGS_CHECK flags runtimes outside this list: the catalog's runtimes that are Supported today.
        var runtimes = catalog.Entries
            .Where(e => !e.Preview && !e.ContainerOnly && RuntimeStatusEvaluator.Evaluate(e, asOf, warningDays) == LambdaRuntimeStatus.Supported)
            .Select(e => e.Identifier)
            .OrderBy(e => e, StringComparer.Ordinal);

        var yaml = new StringBuilder()
            .AppendLine("# LambdaSec conformance pack: detective rules for what a service control policy cannot prevent.")
            .AppendLine(FormattableString.Invariant($"# Runtimes allowed as of {RuntimeStatusEvaluator.ToUtcDate(asOf):yyyy-MM-dd} (catalog compiled {catalog.Compiled:yyyy-MM-dd}); regenerate when AWS deprecates one."))
            .AppendLine("Parameters:")
            .AppendLine("  AllowedLambdaRuntimes:")
            .AppendLine("    Type: String")
            .AppendLine(FormattableString.Invariant($"    Default: '{string.Join(",", runtimes)}'"))
            .AppendLine("Resources:");
        AppendRule(yaml, "LambdaFunctionPublicAccessProhibited", "lambda-function-public-access-prohibited", "LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED", "AWS::Lambda::Function", null);
        AppendRule(yaml, "LambdaFunctionSettingsCheck", "lambda-function-settings-check", "LAMBDA_FUNCTION_SETTINGS_CHECK", "AWS::Lambda::Function", "runtime: !Ref AllowedLambdaRuntimes");
        AppendRule(yaml, "ApiGwAssociatedWithWaf", "api-gw-associated-with-waf", "API_GW_ASSOCIATED_WITH_WAF", "AWS::ApiGateway::Stage", null);
        AppendRule(yaml, "AlbWafEnabled", "alb-waf-enabled", "ALB_WAF_ENABLED", "AWS::ElasticLoadBalancingV2::LoadBalancer", null);
        AppendRule(yaml, "LambdaConcurrencyCheck", "lambda-concurrency-check", "LAMBDA_CONCURRENCY_CHECK", "AWS::Lambda::Function", null);
        var text = yaml.ToString();

        // Our own YAML reader must accept what we emit, short-form tags included.
        YamlTemplateReader.Read(text);
        return text;
    }

    private static void AppendRule(StringBuilder yaml, string logicalId, string name, string identifier, string resourceType, string? input)
    {
        yaml.AppendLine(FormattableString.Invariant($"  {logicalId}:"))
            .AppendLine("    Type: AWS::Config::ConfigRule")
            .AppendLine("    Properties:")
            .AppendLine(FormattableString.Invariant($"      ConfigRuleName: {name}"))
            .AppendLine("      Scope:")
            .AppendLine("        ComplianceResourceTypes:")
            .AppendLine(FormattableString.Invariant($"          - {resourceType}"))
            .AppendLine("      Source:")
            .AppendLine("        Owner: AWS")
            .AppendLine(FormattableString.Invariant($"        SourceIdentifier: {identifier}"));
        if (input is not null)
        {
            yaml.AppendLine("      InputParameters:")
                .AppendLine(FormattableString.Invariant($"        {input}"));
        }
    }
}
