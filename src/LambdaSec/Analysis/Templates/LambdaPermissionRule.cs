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

    /// <summary>
    /// The exposure each permission whose values are all known gives its function, with the function as the permission
    /// names it (a name or ARN, or the logical id it refers to) and the permission resource itself.
    /// </summary>
    public static IEnumerable<(TemplateResource Permission, string? FunctionName, ExposureLevel Exposure)> Exposures(ParsedTemplate template, TemplateAnalysisContext context)
    {
        var resolver = new TemplateValueResolver(template, context.EffectiveOwner);
        return template.OfType("AWS::Lambda::Permission")
            .Select(p => (Permission: p, Grant: Classify(p, resolver, context)))
            .Where(g => g.Grant.Exposure is not null && g.Grant.Unresolved.Count == 0)
            .Select(g => (g.Permission, g.Grant.FunctionName, g.Grant.Exposure!.Exposure));
    }

    private static LambdaSecFinding? Check(ParsedTemplate template, TemplateResource resource, TemplateValueResolver resolver, TemplateAnalysisContext context)
    {
        var grant = Classify(resource, resolver, context);
        var functionName = grant.FunctionName;
        var principal = grant.Principal;
        if (grant.Exposure is not { } exposure)
        {
            return TemplateRules.UnresolvedValue.Finding(template, resource, $"Principal is {principal.Expression}: {principal.Note ?? "not set"}. Who may invoke {functionName ?? "the function"} cannot be told before deployment.", resource.LineOf("Principal", "principal"), functionName, accountId: context.OwnerAccountId);
        }

        var line = resource.LineOf("Principal", "principal");
        var described = context.Describe($"{exposure.Reason} Statement Lambda would write: {grant.StatementJson}");
        if (grant.Unresolved.Count > 0)
        {
            return exposure.Exposure.IsAtLeast(ExposureLevel.CrossAccount)
                ? TemplateRules.UnresolvedValue.Finding(template, resource, $"Without {string.Join("; ", grant.Unresolved)}, the grant to principal '{context.Describe(principal.Text ?? principal.Expression)}' would be {exposure.Exposure}; whether those values narrow it is known only at deployment. {described}", line, functionName, accountId: context.OwnerAccountId)
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
    /// The statement Lambda's AddPermission would write for the resource, classified; Exposure is null when the principal
    /// is known only at deployment. Conditions known only at deployment are left out of the statement and listed.
    /// </summary>
    private static Grant Classify(TemplateResource resource, TemplateValueResolver resolver, TemplateAnalysisContext context)
    {
        var function = resolver.ResolveProperty(resource, "FunctionName", "function_name");
        var functionName = function.Text ?? TemplateValueResolver.ReferencedLogicalId(resource.Property("FunctionName", "function_name"));
        var principal = resolver.ResolveProperty(resource, "Principal", "principal");
        var unresolved = new List<string>();
        if (!principal.IsCertain || principal.Text is null)
        {
            return new Grant(functionName, principal, null, null, unresolved);
        }

        var action = resolver.ResolveProperty(resource, "Action", "action");
        var conditions = new List<(string Operator, string Key, string Value)>();
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
        return new Grant(functionName, principal, statementJson, PolicyExposureClassifier.ClassifyStatement(statement, context.EffectiveOwner, functionName, context.TrustedAccounts), unresolved);
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

    /// <summary>One permission as its statement: the function it names, the principal, the statement JSON and its exposure (null: principal unknown).</summary>
    private sealed record Grant(string? FunctionName, ResolvedValue Principal, string? StatementJson, StatementExposure? Exposure, IReadOnlyList<string> Unresolved);
}
