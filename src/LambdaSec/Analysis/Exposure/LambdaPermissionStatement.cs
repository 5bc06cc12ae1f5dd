using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using LambdaSec.Analysis.Policy;

namespace LambdaSec.Analysis.Exposure;

/// <summary>
/// The policy statement Lambda's AddPermission writes, for everything that knows a grant only by its
/// AddPermission parameters (CloudTrail events, templates): the principal as Lambda normalizes it and one
/// condition per narrowing parameter, with Lambda's operators and key spellings.
/// </summary>
public static class LambdaPermissionStatement
{
    /// <summary>AddPermission's narrowing parameters (API member names) and the condition Lambda writes for each.</summary>
    public static IReadOnlyList<(string Parameter, string Operator, string Key)> ConditionParameters { get; } =
    [
        ("SourceArn", "ArnLike", "AWS:SourceArn"),
        ("SourceAccount", "StringEquals", "AWS:SourceAccount"),
        ("PrincipalOrgID", "StringEquals", "aws:PrincipalOrgID"),
        ("FunctionUrlAuthType", "StringEquals", "lambda:FunctionUrlAuthType"),
        ("EventSourceToken", "StringEquals", "lambda:EventSourceToken"),
        ("InvokedViaFunctionUrl", "Bool", "lambda:InvokedViaFunctionUrl"),
    ];

    /// <summary>
    /// The statement as compact JSON. <paramref name="sid"/> and <paramref name="resource"/> are left out when null;
    /// conditions are grouped by operator in the order given; a null principal is left out (the classifier then says Unknown).
    /// </summary>
    public static string Build(string? sid, string? principal, string action, string? resource, IEnumerable<(string Operator, string Key, string Value)> conditions, string partition = "aws")
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping }))
        {
            writer.WriteStartObject();
            if (sid is not null)
            {
                writer.WriteString("Sid", sid);
            }

            writer.WriteString("Effect", "Allow");
            if (principal is not null)
            {
                writer.WritePropertyName("Principal");
                WritePrincipal(writer, principal, partition);
            }

            writer.WriteString("Action", action);
            if (resource is not null)
            {
                writer.WriteString("Resource", resource);
            }

            var groups = conditions.GroupBy(c => c.Operator).ToList();
            if (groups.Count > 0)
            {
                writer.WriteStartObject("Condition");
                foreach (var group in groups)
                {
                    writer.WriteStartObject(group.Key);
                    foreach (var condition in group)
                    {
                        writer.WriteString(condition.Key, condition.Value);
                    }

                    writer.WriteEndObject();
                }

                writer.WriteEndObject();
            }

            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    /// <summary>The principal as AddPermission writes it: "*", an account as its root ARN, an ARN as AWS, a domain-style name as Service.</summary>
    private static void WritePrincipal(Utf8JsonWriter writer, string principal, string partition)
    {
        if (principal == "*")
        {
            writer.WriteStringValue("*");
            return;
        }

        writer.WriteStartObject();
        if (AwsIdentifiers.IsAccountId(principal))
        {
            writer.WriteString("AWS", $"arn:{partition}:iam::{principal}:root");
        }
        else if (!principal.StartsWith("arn:", StringComparison.Ordinal) && principal.IndexOf('.') > 0)
        {
            writer.WriteString("Service", principal);
        }
        else
        {
            writer.WriteString("AWS", principal);
        }

        writer.WriteEndObject();
    }
}
