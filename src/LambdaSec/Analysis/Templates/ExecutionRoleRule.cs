using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Policy;
using LambdaSec.Analysis.Privileges;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Templates;

/// <summary>
/// Lambda execution roles declared in CloudFormation and SAM templates and Terraform plans, through the role privilege
/// analyzer (DESIGN §5): AWS::IAM::Role (inline Policies, ManagedPolicyArns, PermissionsBoundary, and the AWS::IAM::Policy,
/// RolePolicy and ManagedPolicy resources attached to it from outside) or aws_iam_role (inline_policy, managed_policy_arns,
/// permissions_boundary, and its aws_iam_role_policy and attachment resources, an attached aws_iam_policy of the plan read
/// for its document) when it trusts lambda.amazonaws.com
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

    /// <summary>The attributes that name the role a policy resource attaches to (CloudFormation, Terraform).</summary>
    private static readonly (string Cfn, string Tf)[] RoleAttributes = [("RoleName", "role"), ("RoleName", "role_name"), ("Roles", "roles")];

    public static IEnumerable<LambdaSecFinding> Evaluate(ParsedTemplate template, TemplateAnalysisContext context)
    {
        var resolver = new TemplateValueResolver(template, context.EffectiveOwner);
        // A Terraform function names its role by reference (the role's ARN is known only after apply).
        var users = template.Resources.Where(r => FunctionTypes.Contains(r.Type, StringComparer.Ordinal))
            .Select(f => (Function: f.LogicalId, Role: f.Format == TemplateFormat.TerraformPlan ? f.ReferenceTo("aws_iam_role") : TemplateValueResolver.ReferencedLogicalId(f.Property("Role", "role"))))
            .Where(u => u.Role is not null)
            .ToLookup(u => u.Role!, u => u.Function, StringComparer.Ordinal);

        var roles = template.OfType("AWS::IAM::Role")
            .Where(r => users.Contains(r.LogicalId) || TrustsLambda(r, resolver))
            .Select(r => ReadRole(template, r, users[r.LogicalId].FirstOrDefault(), resolver));
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

    private static TemplateExecutionRole ReadRole(ParsedTemplate template, TemplateResource role, string? function, TemplateValueResolver resolver)
    {
        var read = new TemplateExecutionRole(role, function);
        var terraform = role.Format == TemplateFormat.TerraformPlan;
        if (role.Property("Policies", "inline_policy") is TemplateList inline)
        {
            for (var i = 0; i < inline.Items.Count; i++)
            {
                var entry = inline.Items[i] as TemplateMap;
                var document = entry?.Get(terraform ? "policy" : "PolicyDocument");
                if (terraform && document is null or TemplateScalar { Text: null or "" })
                {
                    continue; // the AWS provider's empty inline_policy entry: the role has none
                }

                var where = terraform ? $"inline_policy[{i}]" : $"Policies[{i}]";
                var name = resolver.Resolve(entry?.Get(terraform ? "name" : "PolicyName")).Text ?? where;
                read.AddDocument(name, document, terraform ? where + ".policy" : where + ".PolicyDocument", entry?.Line ?? role.Line, resolver);
            }
        }

        if (role.Property("ManagedPolicyArns", "managed_policy_arns") is TemplateList managed)
        {
            for (var i = 0; i < managed.Items.Count; i++)
            {
                // !Ref of an AWS::IAM::ManagedPolicy of the template is its ARN: read its document.
                if (!terraform && TemplateValueResolver.ReferencedLogicalId(managed.Items[i]) is { } id && template.Find(id) is { Type: "AWS::IAM::ManagedPolicy" } policy)
                {
                    AddPolicyResource(read, policy, resolver);
                    continue;
                }

                read.AddManaged(resolver.Resolve(managed.Items[i]), $"{(terraform ? "managed_policy_arns" : "ManagedPolicyArns")}[{i}]", managed.Items[i].Line);
            }
        }

        AddAttachedPolicies(template, role, read, resolver);
        read.SetBoundary(role.Property("PermissionsBoundary", "permissions_boundary"), resolver);
        return read;
    }

    /// <summary>
    /// The role's policies in resources of their own, which grant like its inline policies. CloudFormation:
    /// AWS::IAM::RolePolicy (RoleName), AWS::IAM::Policy and AWS::IAM::ManagedPolicy (Roles). Terraform: aws_iam_role_policy,
    /// aws_iam_role_policy_attachment, aws_iam_policy_attachment (roles) and aws_iam_role_policy_attachments_exclusive
    /// (policy_arns), an attached aws_iam_policy of the plan read for its document and any other ARN as a managed policy;
    /// aws_iam_role_policies_exclusive grants nothing itself, but an inline policy it keeps whose document is not in the
    /// plan is reported as unknown. The role SAM creates for a function is named &lt;function&gt;Role (<paramref name="roleLogicalId"/>).
    /// A resource names the role by !Ref, !GetAtt or a !Sub of it (CloudFormation), by
    /// reference in that attribute (Terraform), or by the role's name.
    /// </summary>
    private static void AddAttachedPolicies(ParsedTemplate template, TemplateResource role, TemplateExecutionRole read, TemplateValueResolver resolver, string? roleLogicalId = null)
    {
        var id = roleLogicalId ?? role.LogicalId;
        var roleName = resolver.Resolve(role.Property("RoleName", "name"));
        bool Names(TemplateNode node)
        {
            if (TemplateValueResolver.ReferencedLogicalId(node) == id)
            {
                return true;
            }

            var value = resolver.Resolve(node);
            // The same expression (!Sub ${AWS::StackName}-worker, !Ref a parameter) is the same name at deployment.
            return role.Property("RoleName", "name") is not null
                && (roleName.IsCertain ? value.IsCertain && value.Text is not null && value.Text == roleName.Text : !value.IsCertain && value.Expression == roleName.Expression);
        }

        bool OfRole(TemplateResource r) => RoleAttributes.Any(a =>
            r.ReferencesIn(a.Tf, "aws_iam_role").Contains(id, StringComparer.Ordinal)
            || r.Property(a.Cfn, a.Tf) switch
            {
                TemplateList list => list.Items.Any(Names),
                { } node => Names(node),
                null => false,
            });

        foreach (var policy in template.Resources.Where(r => r.Type is "AWS::IAM::RolePolicy" or "AWS::IAM::Policy" or "AWS::IAM::ManagedPolicy").Where(OfRole))
        {
            AddPolicyResource(read, policy, resolver);
        }

        foreach (var attachment in template.OfType("Terraform::IAM::RolePolicyAttachment").Where(OfRole))
        {
            AddAttachment(template, read, attachment, resolver);
        }

        foreach (var exclusive in template.OfType("Terraform::IAM::RolePoliciesExclusive").Where(OfRole))
        {
            var inPlan = new HashSet<string>(
                template.OfType("AWS::IAM::RolePolicy").Where(OfRole).Select(p => resolver.Resolve(p.Property("PolicyName", "name")).Text)
                    .Concat((role.Property("Policies", "inline_policy") as TemplateList)?.Items.OfType<TemplateMap>().Select(e => resolver.Resolve(e.Get("name")).Text) ?? [])
                    .OfType<string>(),
                StringComparer.Ordinal);
            foreach (var name in (exclusive.Property("PolicyNames", "policy_names") as TemplateList)?.Items.Select(i => resolver.Resolve(i)).Where(v => v.IsCertain && v.Text is not null).Select(v => v.Text!) ?? [])
            {
                if (!inPlan.Contains(name))
                {
                    read.Unresolved.Add($"{exclusive.LogicalId}.policy_names: inline policy '{name}' is kept, but its document is not in the plan");
                }
            }
        }
    }

    /// <summary>
    /// A Terraform attachment: the aws_iam_policy resources of the plan its policy_arn(s) refer to, read for their documents,
    /// and the literal ARNs as managed policies; an ARN known only after apply that refers to no policy of the plan is unknown.
    /// </summary>
    private static void AddAttachment(ParsedTemplate template, TemplateExecutionRole read, TemplateResource attachment, TemplateValueResolver resolver)
    {
        var attribute = attachment.DeclaredType == "aws_iam_role_policy_attachments_exclusive" ? "policy_arns" : "policy_arn";
        var planned = template.Resources.Where(r => r.Type == "AWS::IAM::ManagedPolicy").ToList();
        var referenced = planned.Where(p => attachment.ReferencesIn(attribute, "aws_iam_policy").Contains(p.LogicalId, StringComparer.Ordinal)).ToList();
        foreach (var policy in referenced)
        {
            AddPolicyResource(read, policy, resolver);
        }

        var node = attachment.Properties.Get(attribute);
        var values = node is TemplateList list ? list.Items : node is null ? [] : [node];
        var unknown = attachment.UnknownProperties.Contains(attribute) ? 1 : 0;
        for (var i = 0; i < values.Count; i++)
        {
            var arn = resolver.Resolve(values[i]);
            // A policy of the plan whose ARN is already known (an update, or terraform show -json of a state) is read for its document.
            var known = planned.FirstOrDefault(p => arn.Text is not null && resolver.Resolve(p.Property("Arn", "arn")).Text == arn.Text);
            if (arn.Text is null)
            {
                unknown++; // an element known only after apply
            }
            else if (known is not null)
            {
                AddPolicyResource(read, known, resolver);
            }
            else
            {
                read.AddManaged(arn, node is TemplateList ? $"{attachment.LogicalId}.{attribute}[{i}]" : $"{attachment.LogicalId}.{attribute}", attachment.Line);
            }
        }

        if (unknown > 0 && referenced.Count == 0)
        {
            read.Unresolved.Add($"{attachment.LogicalId}.{attribute} (known only after apply)");
        }
    }

    /// <summary>The document of a policy resource (aws_iam_role_policy, aws_iam_policy, AWS::IAM::Policy, RolePolicy, ManagedPolicy), named by its address or logical id so the evidence says which resource grants.</summary>
    private static void AddPolicyResource(TemplateExecutionRole read, TemplateResource policy, TemplateValueResolver resolver)
    {
        if (policy.Format == TemplateFormat.TerraformPlan && policy.UnknownProperties.Contains("policy"))
        {
            read.Unresolved.Add($"{policy.LogicalId}.policy (known only after apply)");
            return;
        }

        var terraform = policy.Format == TemplateFormat.TerraformPlan;
        read.AddDocument(policy.LogicalId, policy.Property("PolicyDocument", "policy"), policy.LogicalId + (terraform ? ".policy" : ".PolicyDocument"), policy.Line, resolver);
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

        // SAM names the role it creates <function>Role, which the template may attach policies to (AWS::IAM::Policy Roles: [!Ref FnRole]).
        AddAttachedPolicies(template, function, read, resolver, function.LogicalId + "Role");
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
        var unknown = role.Unresolved.Concat(role.Policies.Problems.Select(p => $"{p.Document}{(p.Statement is null ? string.Empty : " " + p.Statement)}: cannot be read ({p.Message})")).Distinct(StringComparer.Ordinal).ToList();
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
