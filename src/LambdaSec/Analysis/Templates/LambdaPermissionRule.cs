using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Exposure;
using LambdaSec.Analysis.Policy;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Templates;

/// <summary>
/// AWS::Lambda::Permission and aws_lambda_permission: builds the statement Lambda's AddPermission would write and
/// classifies it with the DESIGN §3 engine. Conditions only ever narrow a grant, so a statement whose unresolved
/// conditions are left out is an upper bound: if even that is not exposed, nothing is reported; if it is, the
/// result depends on values known only at deployment and is reported as unresolved, never guessed.
/// </summary>
public static class LambdaPermissionRule
{
    private static readonly (string CloudFormation, string Terraform, string Operator, string Key)[] ConditionProperties =
    [
        ("SourceArn", "source_arn", "ArnLike", "AWS:SourceArn"),
        ("SourceAccount", "source_account", "StringEquals", "AWS:SourceAccount"),
        ("PrincipalOrgID", "principal_org_id", "StringEquals", "aws:PrincipalOrgID"),
        ("FunctionUrlAuthType", "function_url_auth_type", "StringEquals", "lambda:FunctionUrlAuthType"),
        ("EventSourceToken", "event_source_token", "StringEquals", "lambda:EventSourceToken"),
    ];

    public static IEnumerable<LambdaSecFinding> Evaluate(ParsedTemplate template, TemplateAnalysisContext context)
    {
        var resolver = new TemplateValueResolver(template, context.EffectiveOwner);
        return template.OfType("AWS::Lambda::Permission").Select(p => Check(template, p, resolver, context)).OfType<LambdaSecFinding>();
    }

    private static LambdaSecFinding? Check(ParsedTemplate template, TemplateResource resource, TemplateValueResolver resolver, TemplateAnalysisContext context)
    {
        var function = resolver.ResolveProperty(resource, "FunctionName", "function_name");
        var functionName = function.Text ?? TemplateValueResolver.ReferencedLogicalId(resource.Property("FunctionName", "function_name"));
        var principal = resolver.ResolveProperty(resource, "Principal", "principal");
        if (!principal.IsCertain || principal.Text is null)
        {
            return TemplateRules.UnresolvedValue.Finding(template, resource, $"Principal is {principal.Expression}: {principal.Note ?? "not set"}. Who may invoke {functionName ?? "the function"} cannot be told before deployment.", resource.LineOf("Principal", "principal"), functionName, accountId: context.OwnerAccountId);
        }

        var action = resolver.ResolveProperty(resource, "Action", "action");
        var conditions = new List<(string Operator, string Key, string Value)>();
        var unresolved = new List<string>();
        foreach (var property in ConditionProperties)
        {
            var value = resolver.ResolveProperty(resource, property.CloudFormation, property.Terraform);
            if (!value.IsSet)
            {
                continue;
            }

            if (value.IsCertain || PinIsKnown(property.Key, value.Text))
            {
                conditions.Add((property.Operator, property.Key, value.Text!));
            }
            else
            {
                unresolved.Add($"{property.CloudFormation} {value.Expression} ({value.Note ?? "decided at deployment"})");
            }
        }

        var statementJson = LambdaPermissionStatement.Build(null, principal.Text, action.IsCertain ? action.Text ?? "lambda:InvokeFunction" : "lambda:InvokeFunction", null, conditions);
        var statement = PolicyParser.Parse($"{{\"Version\":\"2012-10-17\",\"Statement\":[{statementJson}]}}").Statements[0];
        var exposure = PolicyExposureClassifier.ClassifyStatement(statement, context.EffectiveOwner, functionName, context.TrustedAccounts);
        var line = resource.LineOf("Principal", "principal");
        var described = context.Describe($"{exposure.Reason} Statement Lambda would write: {statementJson}");
        if (unresolved.Count > 0)
        {
            return exposure.Exposure.IsAtLeast(ExposureLevel.CrossAccount)
                ? TemplateRules.UnresolvedValue.Finding(template, resource, $"Without {string.Join("; ", unresolved)}, the grant to principal '{context.Describe(principal.Text)}' would be {exposure.Exposure}; whether those values narrow it is known only at deployment. {described}", line, functionName, accountId: context.OwnerAccountId)
                : null;
        }

        var rule = exposure.Exposure switch
        {
            ExposureLevel.Public => TemplateRules.PublicPermission,
            ExposureLevel.ServiceUnrestricted => TemplateRules.ServiceUnrestrictedPermission,
            ExposureLevel.CrossAccount => TemplateRules.CrossAccountPermission,
            ExposureLevel.Unknown => TemplateRules.UnresolvedValue,
            _ => null,
        };
        return rule?.Finding(template, resource, $"{exposure.Exposure}: {described}", line, functionName, accountId: context.OwnerAccountId);
    }

    /// <summary>
    /// A partly known SourceArn still pins (or not) when its account field is known: a !GetAtt of a stack resource is in
    /// the stack's account; an S3 bucket ARN (arn:aws:s3:::name) has an empty account field, so it pins nothing.
    /// </summary>
    private static bool PinIsKnown(string key, string? text)
    {
        if (key != "AWS:SourceArn" || text is null)
        {
            return false;
        }

        var account = AwsIdentifiers.ArnAccountField(text);
        return account is not null && (account.Length == 0 || AwsIdentifiers.IsAccountId(account));
    }
}
