using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Text;
using System.Text.Json;

namespace LambdaSec.Analysis.Guardrails;

/// <summary>
/// Builds the Lambda service control policy. The condition keys are the ones the Service Authorization Reference
/// documents: lambda:Principal (AddPermission, RemovePermission: the principal being granted, as the caller wrote it)
/// and lambda:FunctionUrlAuthType (AddPermission, Create/UpdateFunctionUrlConfig), plus the global aws:PrincipalArn
/// for the break-glass exemptions. lambda:Principal carries no organization, so "outside the organization" can only
/// be written as "not one of these accounts" (-AllowedAccountId); service principals stay allowed, since the SCP cannot
/// see their SourceArn/SourceAccount (the Config rule and Test-LambdaSecTemplate cover those).
/// </summary>
public static class LambdaScpBuilder
{
    public const string PublicPermissionSid = "LambdaSecDenyPublicPermission";
    public const string ExternalAccountSid = "LambdaSecDenyPermissionOutsideAllowedAccounts";
    public const string FunctionUrlSid = "LambdaSecDenyUnauthenticatedFunctionUrl";

    public static string Build(IReadOnlyList<string> exemptPrincipalArns, IReadOnlyList<string> allowedAccountIds)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, new JsonWriterOptions { Indented = true }))
        {
            writer.WriteStartObject();
            writer.WriteString("Version", "2012-10-17");
            writer.WriteStartArray("Statement");

            WriteDeny(writer, PublicPermissionSid, ["lambda:AddPermission"], "StringEquals", "lambda:Principal", ["*"], exemptPrincipalArns);
            if (allowedAccountIds.Count > 0)
            {
                // Allowed: service principals (their source pins are checked elsewhere) and the listed accounts, as id or IAM ARN.
                var allowed = new List<string> { "*.amazonaws.com", "*.amazonaws.com.cn" };
                allowed.AddRange(allowedAccountIds.SelectMany(a => new[] { a, $"arn:aws*:iam::{a}:*" }));
                WriteDeny(writer, ExternalAccountSid, ["lambda:AddPermission"], "StringNotLike", "lambda:Principal", allowed, exemptPrincipalArns);
            }

            WriteDeny(writer, FunctionUrlSid, ["lambda:CreateFunctionUrlConfig", "lambda:UpdateFunctionUrlConfig"], "StringNotEquals", "lambda:FunctionUrlAuthType", ["AWS_IAM"], exemptPrincipalArns);

            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        return Encoding.UTF8.GetString(buffer.ToArray());
    }

    private static void WriteDeny(Utf8JsonWriter writer, string sid, string[] actions, string op, string key, IReadOnlyList<string> values, IReadOnlyList<string> exemptPrincipalArns)
    {
        writer.WriteStartObject();
        writer.WriteString("Sid", sid);
        writer.WriteString("Effect", "Deny");
        WriteStrings(writer, "Action", actions);
        writer.WriteString("Resource", "*");
        writer.WriteStartObject("Condition");
        writer.WriteStartObject(op);
        WriteStrings(writer, key, values);
        writer.WriteEndObject();
        if (exemptPrincipalArns.Count > 0)
        {
            writer.WriteStartObject("ArnNotLike");
            WriteStrings(writer, "aws:PrincipalArn", exemptPrincipalArns);
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    /// <summary>One value as a string, several as an array, the way people write policies.</summary>
    private static void WriteStrings(Utf8JsonWriter writer, string name, IReadOnlyList<string> values)
    {
        if (values.Count == 1)
        {
            writer.WriteString(name, values[0]);
            return;
        }

        writer.WriteStartArray(name);
        foreach (var value in values)
        {
            writer.WriteStringValue(value);
        }

        writer.WriteEndArray();
    }
}
