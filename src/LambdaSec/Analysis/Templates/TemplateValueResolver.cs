using System;
using System.Collections.Generic;
using System.Globalization;
using System.Linq;
using System.Text;

namespace LambdaSec.Analysis.Templates;

/// <summary>
/// Resolves CloudFormation intrinsic functions only as far as the result is certain. AWS::AccountId is the
/// stack's account, which is also the function's owner, so it resolves to the owner account (the real id or a
/// stand-in); a !Sub without variables is its text; a !GetAtt X.Arn of a resource of the same template is an
/// ARN in the stack's account (an S3 bucket ARN has no account field at all). Parameters are not resolved, even
/// with a Default: the deployment may override it, so a guess could hide a public grant.
/// </summary>
public sealed class TemplateValueResolver
{
    private readonly ParsedTemplate _template;
    private readonly string _ownerAccountId;

    public TemplateValueResolver(ParsedTemplate template, string ownerAccountId)
    {
        _template = template;
        _ownerAccountId = ownerAccountId;
    }

    /// <summary>A resource property; a Terraform attribute that is known only after apply is unresolved, not unset.</summary>
    public ResolvedValue ResolveProperty(TemplateResource resource, string cloudFormationName, string terraformName) =>
        resource.Format == TemplateFormat.TerraformPlan && resource.UnknownProperties.Contains(terraformName)
            ? new ResolvedValue(null, false, terraformName, $"{terraformName} is known only after apply")
            : Resolve(resource.Property(cloudFormationName, terraformName));

    public ResolvedValue Resolve(TemplateNode? node) => node switch
    {
        null => new ResolvedValue(null, true, "(not set)"),
        TemplateScalar scalar => new ResolvedValue(scalar.Text, true, scalar.Text is null ? "null" : $"'{scalar.Text}'"),
        TemplateMap { IntrinsicName: { } name } map => ResolveIntrinsic(name, map.Entries[0].Value),
        TemplateList => new ResolvedValue(null, false, "a list"),
        _ => new ResolvedValue(null, false, "an object"),
    };

    private ResolvedValue ResolveIntrinsic(string name, TemplateNode argument) => name switch
    {
        "Ref" => ResolveRef((argument as TemplateScalar)?.Text ?? string.Empty),
        "Fn::Sub" => ResolveSub(argument),
        "Fn::GetAtt" => ResolveGetAtt(argument),
        "Fn::Join" => ResolveJoin(argument),
        _ => new ResolvedValue(null, false, $"{ShortName(name)} (not evaluated)"),
    };

    private ResolvedValue ResolveRef(string target)
    {
        if (target == "AWS::AccountId")
        {
            return new ResolvedValue(_ownerAccountId, true, "!Ref AWS::AccountId");
        }

        if (target == "AWS::NoValue")
        {
            return new ResolvedValue(null, true, "!Ref AWS::NoValue");
        }

        if (_template.Parameters.Get(target) is TemplateMap parameter)
        {
            var fallback = parameter.Get("Default") is TemplateScalar { Text: { } text } ? $" (its Default is '{text}', which a deployment may override)" : " (no Default)";
            return new ResolvedValue(null, false, $"!Ref {target}", $"parameter {target}{fallback}");
        }

        return _template.Find(target) is { } resource
            ? new ResolvedValue(null, false, $"!Ref {target}", $"the physical id of {resource.Type} {target}, known only after deployment")
            : new ResolvedValue(null, false, $"!Ref {target}", $"{target} is decided at deployment");
    }

    private ResolvedValue ResolveSub(TemplateNode argument)
    {
        TemplateMap? variables = null;
        var body = argument;
        if (argument is TemplateList { Items.Count: 2 } pair)
        {
            body = pair.Items[0];
            variables = pair.Items[1] as TemplateMap;
        }

        if (body is not TemplateScalar { Text: { } pattern })
        {
            return new ResolvedValue(null, false, "!Sub (not evaluated)");
        }

        var text = new StringBuilder();
        var certain = true;
        var unresolved = new List<string>();
        var i = 0;
        while (i < pattern.Length)
        {
            var open = pattern.IndexOf("${", i, StringComparison.Ordinal);
            var close = open < 0 ? -1 : pattern.IndexOf('}', open);
            if (close < 0)
            {
                text.Append(pattern, i, pattern.Length - i);
                break;
            }

            text.Append(pattern, i, open - i);
            var name = pattern.Substring(open + 2, close - open - 2);
            i = close + 1;
            if (name.StartsWith("!", StringComparison.Ordinal))
            {
                // ${!Literal} is the escape for a literal "${Literal}".
                text.Append("${").Append(name, 1, name.Length - 1).Append('}');
                continue;
            }

            var value = SubVariable(name, variables);
            text.Append(value.Text ?? Placeholder(name));
            if (!value.IsCertain)
            {
                certain = false;
                unresolved.Add(name);
            }
        }

        return new ResolvedValue(text.ToString(), certain, $"!Sub '{pattern}'", certain ? null : $"{string.Join(", ", unresolved)} known only at deployment");
    }

    private ResolvedValue SubVariable(string name, TemplateMap? variables)
    {
        if (variables?.Get(name) is { } bound)
        {
            return Resolve(bound);
        }

        var dot = name.IndexOf('.');
        if (dot > 0 && !name.StartsWith("AWS::", StringComparison.Ordinal))
        {
            return GetAttText(name.Substring(0, dot), name.Substring(dot + 1));
        }

        return ResolveRef(name);
    }

    private ResolvedValue ResolveGetAtt(TemplateNode argument)
    {
        var parts = argument is TemplateList list ? list.Items.Select(i => (i as TemplateScalar)?.Text).ToArray() : [];
        return parts.Length == 2 && parts[0] is { } resource && parts[1] is { } attribute
            ? GetAttText(resource, attribute)
            : new ResolvedValue(null, false, "!GetAtt (not evaluated)");
    }

    /// <summary>The ARN of a resource in this template: its account field is the stack's account, except an S3 bucket ARN, which has none.</summary>
    private ResolvedValue GetAttText(string logicalId, string attribute)
    {
        var expression = $"!GetAtt {logicalId}.{attribute}";
        var resource = _template.Find(logicalId);
        if (resource is null || attribute != "Arn")
        {
            return new ResolvedValue(null, false, expression, $"{logicalId}.{attribute} is known only after deployment");
        }

        if (resource.Type == "AWS::S3::Bucket")
        {
            return new ResolvedValue($"arn:aws:s3:::{Placeholder(logicalId)}", false, expression, "an S3 bucket ARN, which has no account field");
        }

        var service = resource.Type.Split([':'], StringSplitOptions.RemoveEmptyEntries).ElementAtOrDefault(1)?.ToLower(CultureInfo.InvariantCulture) ?? "unknown";
        return new ResolvedValue($"arn:aws:{service}:{Placeholder("AWS::Region")}:{_ownerAccountId}:{Placeholder(logicalId)}", false, expression, $"the ARN of {resource.Type} {logicalId} in the stack's account");
    }

    private ResolvedValue ResolveJoin(TemplateNode argument)
    {
        if (argument is not TemplateList { Items.Count: 2 } pair || pair.Items[0] is not TemplateScalar delimiter || pair.Items[1] is not TemplateList parts)
        {
            return new ResolvedValue(null, false, "!Join (not evaluated)");
        }

        var values = parts.Items.Select(Resolve).ToList();
        var text = string.Join(delimiter.Text ?? string.Empty, values.Select((v, index) => v.Text ?? Placeholder("part" + index.ToString(CultureInfo.InvariantCulture))));
        var certain = values.All(v => v.IsCertain);
        return new ResolvedValue(text, certain, $"!Join [{string.Join(", ", values.Select(v => v.Expression))}]", certain ? null : string.Join("; ", values.Select(v => v.Note).OfType<string>()));
    }

    /// <summary>The logical id a value refers to (!Ref F, !GetAtt F.Arn, a !Sub that is only ${F} or ${F.Arn}), so a finding can name the function.</summary>
    public static string? ReferencedLogicalId(TemplateNode? node) => node switch
    {
        TemplateMap { IntrinsicName: "Ref" } map => (map.Entries[0].Value as TemplateScalar)?.Text,
        TemplateMap { IntrinsicName: "Fn::GetAtt" } map => (map.Entries[0].Value is TemplateList { Items.Count: > 0 } list ? list.Items[0] as TemplateScalar : null)?.Text,
        TemplateMap { IntrinsicName: "Fn::Sub" } map when map.Entries[0].Value is TemplateScalar { Text: { } body } => SubOfOneResource(body),
        _ => null,
    };

    /// <summary>The logical id of a !Sub body that is a single ${Id} or ${Id.Attribute} (not a pseudo parameter, not the ${!Literal} escape).</summary>
    private static string? SubOfOneResource(string body)
    {
        if (body.Length < 4 || !body.StartsWith("${", StringComparison.Ordinal) || body.IndexOf('}') != body.Length - 1)
        {
            return null;
        }

        var name = body.Substring(2, body.Length - 3);
        var id = name.Split('.')[0];
        return id.Length == 0 || id.StartsWith("!", StringComparison.Ordinal) || name.StartsWith("AWS::", StringComparison.Ordinal) ? null : id;
    }

    /// <summary>Unknown pieces become &lt;Name&gt;: no ':' (ARN fields stay countable) and no '*' or '?' (never a wildcard).</summary>
    private static string Placeholder(string name) => "<" + name.Replace("::", "-") + ">";

    private static string ShortName(string intrinsic) => "!" + (intrinsic.StartsWith("Fn::", StringComparison.Ordinal) ? intrinsic.Substring(4) : intrinsic);
}
