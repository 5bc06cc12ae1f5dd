using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaSec.Analysis.Privileges;

/// <summary>
/// The few AWS managed policies whose documents LambdaSec knows offline (Data/aws-managed-policies.json, from the AWS
/// Managed Policy Reference Guide), so that a template's ManagedPolicyArns and SAM Policies can be analysed before
/// deployment. Any other managed policy is unknown, and callers report it as such rather than guess.
/// </summary>
public sealed class AwsManagedPolicyCatalog
{
    private const string FileName = "aws-managed-policies.json";

    private static readonly Lazy<AwsManagedPolicyCatalog> Embedded = new(Parse);

    private readonly Dictionary<string, (string Arn, string Document)> _byName;

    private AwsManagedPolicyCatalog(Dictionary<string, (string Arn, string Document)> byName, string source)
    {
        _byName = byName;
        Source = source;
    }

    public static AwsManagedPolicyCatalog Default => Embedded.Value;

    /// <summary>Where the documents come from, for evidence.</summary>
    public string Source { get; }

    public IEnumerable<string> Names => _byName.Keys;

    /// <summary>
    /// The document of an AWS managed policy given by ARN in any partition (arn:aws-cn:iam::aws:policy/service-role/X)
    /// or, as SAM Policies allow, by name with or without its path; null when it is not one the catalog holds.
    /// </summary>
    public (string Name, string Document)? Find(string arnOrName)
    {
        var parts = arnOrName.Split(':');
        var isArn = parts.Length == 6 && parts[0] == "arn" && parts[2] == "iam" && parts[4] == "aws" && parts[5].StartsWith("policy/", StringComparison.Ordinal);
        if (parts.Length > 1 && !isArn)
        {
            return null;
        }

        var path = isArn ? parts[5].Substring("policy/".Length) : arnOrName;
        var name = path.Substring(path.LastIndexOf('/') + 1);
        if (!_byName.TryGetValue(name, out var policy))
        {
            return null;
        }

        // The path must be the policy's own (service-role/ for the Lambda execution policies) when one is written.
        var expected = policy.Arn.Substring(policy.Arn.IndexOf("policy/", StringComparison.Ordinal) + "policy/".Length);
        return path.IndexOf('/') < 0 || path == expected ? (name, policy.Document) : null;
    }

    private static AwsManagedPolicyCatalog Parse()
    {
        using var doc = EmbeddedData.Open(FileName);
        try
        {
            var byName = doc.RootElement.GetProperty("policies").EnumerateArray().ToDictionary(
                p => p.GetProperty("name").GetString()!,
                p => (p.GetProperty("arn").GetString()!, p.GetProperty("document").GetRawText()),
                StringComparer.Ordinal);
            return new AwsManagedPolicyCatalog(byName, doc.RootElement.GetProperty("source").GetString() ?? FileName);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new PrivilegeCatalogException($"The embedded {FileName} is not a managed-policy catalog: {ex.Message}", ex);
        }
    }
}
