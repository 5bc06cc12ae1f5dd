using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Policy;
using LambdaSec.Analysis.Privileges;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Templates;

/// <summary>
/// Lambda execution roles declared in CloudFormation and SAM templates, through the role privilege analyzer (DESIGN
/// §5): AWS::IAM::Role (inline Policies, ManagedPolicyArns, PermissionsBoundary) when it trusts lambda.amazonaws.com
/// or a function of the template uses it, and the role SAM creates for an AWS::Serverless::Function without Role (its
/// Policies: statements, AWS managed policy names or ARNs, plus the AWSLambdaBasicExecutionRole SAM always attaches).
/// Managed policies are read from <see cref="AwsManagedPolicyCatalog"/>; any other one, SAM policy templates and
/// intrinsic values inside documents are not guessed: the role is analysed without them and they are reported.
/// </summary>
public static class ExecutionRoleRule
{
    private const string LambdaService = "lambda.amazonaws.com";
    private const string SamBasicPolicy = "AWSLambdaBasicExecutionRole";
    private static readonly string[] FunctionTypes = ["AWS::Lambda::Function", "AWS::Serverless::Function"];

    public static IEnumerable<LambdaSecFinding> Evaluate(ParsedTemplate template, TemplateAnalysisContext context)
    {
        if (template.Format == TemplateFormat.TerraformPlan)
        {
            // aws_iam_role keeps its documents in other attributes and resources (aws_iam_role_policy...): not read yet.
            return [];
        }

        var resolver = new TemplateValueResolver(template, context.EffectiveOwner);
        var users = template.Resources.Where(r => FunctionTypes.Contains(r.Type, StringComparer.Ordinal))
            .Select(f => (Function: f.LogicalId, Role: TemplateValueResolver.ReferencedLogicalId(f.Property("Role", "role"))))
            .Where(u => u.Role is not null)
            .ToLookup(u => u.Role!, u => u.Function, StringComparer.Ordinal);

        var roles = template.OfType("AWS::IAM::Role")
            .Where(r => users.Contains(r.LogicalId) || TrustsLambda(r, resolver))
            .Select(r => ReadRole(r, users[r.LogicalId].FirstOrDefault(), resolver));
        var samRoles = template.OfType("AWS::Serverless::Function")
            .Where(f => f.Property("Role", "role") is null)
            .Select(f => ReadSamRole(template, f, resolver));
        return roles.Concat(samRoles).SelectMany(r => Check(template, r, context)).ToList();
    }

    private static bool TrustsLambda(TemplateResource role, TemplateValueResolver resolver)
    {
        var trust = TemplatePolicyDocument.Read(role.Property("AssumeRolePolicyDocument", "assume_role_policy"), "AssumeRolePolicyDocument", resolver);
        try
        {
            return trust.Json is not null && PolicyParser.Parse(trust.Json).Statements.Any(s =>
                s.Effect == StatementEffect.Allow && s.Principal is { } principal
                && principal.Entries.Any(e => string.Equals(e.Type, "Service", StringComparison.OrdinalIgnoreCase) && string.Equals(e.Value, LambdaService, StringComparison.OrdinalIgnoreCase)));
        }
        catch (PolicyParseException)
        {
            return false;
        }
    }

    private static TemplateExecutionRole ReadRole(TemplateResource role, string? function, TemplateValueResolver resolver)
    {
        var read = new TemplateExecutionRole(role, function);
        if (role.Property("Policies", "inline_policy") is TemplateList inline)
        {
            for (var i = 0; i < inline.Items.Count; i++)
            {
                var entry = inline.Items[i] as TemplateMap;
                var name = resolver.Resolve(entry?.Get("PolicyName")).Text ?? $"Policies[{i}]";
                read.AddDocument(name, entry?.Get("PolicyDocument"), $"Policies[{i}].PolicyDocument", entry?.Line ?? role.Line, resolver);
            }
        }

        if (role.Property("ManagedPolicyArns", "managed_policy_arns") is TemplateList managed)
        {
            for (var i = 0; i < managed.Items.Count; i++)
            {
                read.AddManaged(resolver.Resolve(managed.Items[i]), $"ManagedPolicyArns[{i}]", managed.Items[i].Line);
            }
        }

        read.SetBoundary(role.Property("PermissionsBoundary", "permissions_boundary"), resolver);
        return read;
    }

    /// <summary>The role SAM generates: AWSLambdaBasicExecutionRole plus the function's Policies.</summary>
    private static TemplateExecutionRole ReadSamRole(ParsedTemplate template, TemplateResource function, TemplateValueResolver resolver)
    {
        var read = new TemplateExecutionRole(function, function.LogicalId);
        read.AddManaged(new ResolvedValue(SamBasicPolicy, true, SamBasicPolicy), "(attached by SAM)", function.Line);
        var policies = function.Property("Policies", "policies");
        var items = policies is TemplateList list ? list.Items : policies is null ? [] : [policies];
        for (var i = 0; i < items.Count; i++)
        {
            var where = $"Policies[{i}]";
            switch (items[i])
            {
                case TemplateMap { IntrinsicName: null } map when map.Get("Statement") is not null:
                    read.AddDocument(where, map, where, map.Line, resolver);
                    break;
                case TemplateMap { IntrinsicName: null } map:
                    // A SAM policy template ({S3ReadPolicy: {BucketName: ...}}): scoped by design, expanded only by SAM.
                    read.Unresolved.Add($"{where}: SAM policy template {string.Join(", ", map.Entries.Select(e => e.Key))} (not expanded)");
                    break;
                default:
                    read.AddManaged(resolver.Resolve(items[i]), where, items[i].Line);
                    break;
            }
        }

        read.SetBoundary(template.FunctionProperty(function, "PermissionsBoundary", "permissions_boundary"), resolver);
        return read;
    }

    private static IEnumerable<LambdaSecFinding> Check(ParsedTemplate template, TemplateExecutionRole role, TemplateAnalysisContext context)
    {
        var report = RolePrivilegeAnalyzer.Default.Analyze(role.Policies, context.OwnerAccountId, role.Resource.LogicalId);
        var what = role.Resource.Type == "AWS::Serverless::Function" ? $"The execution role SAM creates for {role.Resource.LogicalId}" : $"Role {role.Resource.LogicalId}";
        var caveat = role.Unresolved.Count + role.Policies.Problems.Count == 0 ? string.Empty : $" This is a lower bound: {role.Unresolved.Count} value(s) are known only at deployment (LS-IAC-042).";
        if (report.IsAdmin)
        {
            var admin = role.Lines.FirstOrDefault(l => RolePrivilegeAnalyzer.Default.Analyze(role.Only(l.Key), context.OwnerAccountId).IsAdmin);
            yield return TemplateRules.ExecutionRoleAdmin.Finding(template, role.Resource, $"{what} is an administrator: {report.Summary} Policies: {string.Join(", ", report.PolicyNames)}.{caveat}", admin.Key is null ? null : admin.Value, role.Function, accountId: context.OwnerAccountId);
        }
        else if (report.PrivilegeEscalation.Length > 0)
        {
            var first = report.PrivilegeEscalation[0].Evidence.FirstOrDefault()?.PolicyName;
            var methods = string.Join("; ", report.PrivilegeEscalation.Select(p => $"{p.Name}{(p.IsConditional ? " (conditional)" : string.Empty)}: {string.Join(", ", p.Evidence.Select(e => $"{e.Action} by {e.PolicyName}"))}"));
            yield return TemplateRules.ExecutionRoleEscalation.Finding(template, role.Resource, $"{what} can escalate its privileges: {methods}. {report.Summary}{caveat}", first is not null && role.Lines.TryGetValue(first, out var line) ? line : null, role.Function, accountId: context.OwnerAccountId);
        }

        // A document or statement the policy parser cannot read is left out too, and said so with the rest.
        var unknown = role.Unresolved.Concat(role.Policies.Problems.Select(p => $"{p.Document}{(p.Statement is null ? string.Empty : " " + p.Statement)}: cannot be read ({p.Message})")).ToList();
        if (unknown.Count > 0)
        {
            yield return TemplateRules.ExecutionRoleUnresolved.Finding(
                template,
                role.Resource,
                $"{what} has values known only at deployment, left out of the analysis: {string.Join("; ", unknown)}.",
                null,
                role.Function,
                role.OnlyBoundaryUnresolved && unknown.Count == 1 ? FindingSeverity.Low : null,
                context.OwnerAccountId);
        }
    }
}
