using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.RegularExpressions;
using LambdaSec.Analysis.Policy;

namespace LambdaSec.Analysis.Exposure;

/// <summary>
/// The inverse of <see cref="LambdaPermissionStatement"/>: the AddPermission parameters that re-create a policy
/// statement, or why none can. Only shapes AddPermission itself writes are accepted; anything else (NotPrincipal,
/// Federated, several principals or actions, a condition AddPermission cannot express) is refused, never guessed.
/// </summary>
public static class AddPermissionParameters
{
    private static readonly Regex AccountRoot = new(@"^arn:aws[a-zA-Z-]*:iam::(\d{12}):root$", RegexOptions.CultureInvariant);

    /// <summary>The AddPermission body members (StatementId, Action, Principal, SourceArn...) for <paramref name="statementJson"/>; null with <paramref name="reason"/> set when it cannot be expressed.</summary>
    public static IReadOnlyDictionary<string, object?>? From(string statementJson, out string? reason)
    {
        PolicyStatement statement;
        try
        {
            statement = PolicyParser.Parse($"{{\"Statement\":[{statementJson}]}}").Statements[0];
        }
        catch (PolicyParseException ex)
        {
            reason = ex.Message;
            return null;
        }

        reason = Refusal(statement);
        if (reason is not null)
        {
            return null;
        }

        var parameters = new Dictionary<string, object?>(StringComparer.Ordinal)
        {
            ["StatementId"] = statement.Sid,
            ["Action"] = statement.Actions[0],
            ["Principal"] = Principal(statement.Principal!),
        };
        foreach (var condition in statement.Conditions)
        {
            var parameter = ParameterOf(condition)!;
            parameters[parameter] = parameter == "InvokedViaFunctionUrl" ? string.Equals(condition.Values[0], "true", StringComparison.OrdinalIgnoreCase) : condition.Values[0];
        }

        return parameters;
    }

    private static string? Refusal(PolicyStatement statement)
    {
        if (statement.ShapeError is { } shape) return shape;
        if (statement.Effect != StatementEffect.Allow) return "AddPermission only writes Allow statements.";
        if (string.IsNullOrEmpty(statement.Sid)) return "the statement has no Sid, which AddPermission requires as StatementId.";
        if (statement.NotPrincipal is not null) return "AddPermission cannot write NotPrincipal.";
        if (statement.HasNotAction || statement.NotResources.Count > 0) return "AddPermission cannot write NotAction or NotResource.";
        if (statement.Actions.Count != 1) return $"AddPermission writes exactly one action; the statement has {statement.Actions.Count}.";
        if (statement.Principal is null || (!statement.Principal.IsBareWildcard && statement.Principal.Entries.Count != 1)) return "AddPermission writes exactly one principal.";
        if (!statement.Principal.IsBareWildcard && statement.Principal.Entries[0].Type.ToUpperInvariant() is not ("AWS" or "SERVICE"))
            return $"AddPermission cannot write a {statement.Principal.Entries[0].Type} principal.";
        var unexpressible = statement.Conditions.FirstOrDefault(c => ParameterOf(c) is null);
        if (unexpressible is not null) return $"AddPermission cannot express the condition {unexpressible}.";
        var repeated = statement.Conditions.GroupBy(ParameterOf).FirstOrDefault(g => g.Count() > 1);
        return repeated is null ? null : $"AddPermission writes {repeated.Key} once; the statement has it {repeated.Count()} times.";
    }

    /// <summary>The AddPermission parameter a single-valued condition comes from; SourceArn also from ArnEquals, which some servers write.</summary>
    private static string? ParameterOf(ConditionClause condition)
    {
        if (condition.Values.Count != 1 || condition.SetQualifier != SetQualifier.None || condition.IfExists)
        {
            return null;
        }

        return LambdaPermissionStatement.ConditionParameters
            .Where(p => string.Equals(p.Key, condition.Key, StringComparison.OrdinalIgnoreCase)
                && (string.Equals(p.Operator, condition.Operator, StringComparison.OrdinalIgnoreCase)
                    || (p.Parameter == "SourceArn" && string.Equals(condition.Operator, "ArnEquals", StringComparison.OrdinalIgnoreCase))))
            .Select(p => p.Parameter)
            .FirstOrDefault();
    }

    /// <summary>AddPermission's Principal: "*", an account id (for an account's root ARN), an IAM ARN or a service name.</summary>
    private static string Principal(PrincipalElement principal)
    {
        if (principal.IsBareWildcard) return "*";
        var value = principal.Entries[0].Value;
        var root = AccountRoot.Match(value);
        return root.Success ? root.Groups[1].Value : value;
    }
}
