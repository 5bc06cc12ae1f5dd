using System;
using System.Collections.Generic;
using System.Linq;
using System.Text.Json;

namespace LambdaSec.Analysis.Privileges;

/// <summary>
/// The escalation methods (their actions, the resource types those must be allowed on where the action
/// catalog's required types do not say it, and their published source) and the risk category rules
/// (Data/privesc-methods.json). Kept as data so a new published method is a data change.
/// </summary>
public sealed class PrivilegeRiskCatalog
{
    /// <summary>The categories the report has a property for (Cloudsplaining's five).</summary>
    public static readonly IReadOnlyList<string> CategoryNames =
        ["PrivilegeEscalation", "ResourceExposure", "DataExfiltration", "CredentialsExposure", "InfrastructureModification"];

    private static readonly Lazy<PrivilegeRiskCatalog> Embedded = new(() => Parse("privesc-methods.json"));

    private PrivilegeRiskCatalog(IReadOnlyList<EscalationMethod> methods, IReadOnlyList<RiskCategoryRule> categories)
    {
        Methods = methods;
        Categories = categories;
    }

    public static PrivilegeRiskCatalog Default => Embedded.Value;

    public IReadOnlyList<EscalationMethod> Methods { get; }

    public IReadOnlyList<RiskCategoryRule> Categories { get; }

    private static PrivilegeRiskCatalog Parse(string fileName)
    {
        using var doc = EmbeddedData.Open(fileName);
        var root = doc.RootElement;
        try
        {
            var methods = root.GetProperty("methods").EnumerateArray().Select(m => new EscalationMethod
            {
                Name = m.GetProperty("name").GetString()!,
                Actions = Strings(m, "actions"),
                Description = m.GetProperty("description").GetString() ?? string.Empty,
                Source = m.GetProperty("source").GetString() ?? string.Empty,
                Aliases = Strings(m, "aliases"),
                Resources = m.TryGetProperty("resources", out var resources)
                    ? resources.EnumerateObject().ToDictionary(p => p.Name, p => (IReadOnlyList<string>)Strings(p.Value), StringComparer.OrdinalIgnoreCase)
                    : new Dictionary<string, IReadOnlyList<string>>(),
            }).ToList();

            var categories = root.GetProperty("riskCategories").EnumerateObject().Select(c => new RiskCategoryRule
            {
                Category = c.Name,
                Description = c.Value.GetProperty("description").GetString() ?? string.Empty,
                Actions = Strings(c.Value, "actions"),
                AccessLevels = Strings(c.Value, "accessLevels").Select(ParseLevel).ToList(),
                FromEscalationMethods = c.Value.TryGetProperty("fromEscalationMethods", out var f) && f.ValueKind == JsonValueKind.True,
            }).ToList();

            var unknown = categories.Select(c => c.Category).Except(CategoryNames, StringComparer.Ordinal).ToList();
            if (unknown.Count > 0)
            {
                throw new PrivilegeCatalogException($"The embedded {fileName} has risk categories the report has no property for: {string.Join(", ", unknown)}.");
            }

            return new PrivilegeRiskCatalog(methods, categories);
        }
        catch (Exception ex) when (ex is KeyNotFoundException or InvalidOperationException or ArgumentException)
        {
            throw new PrivilegeCatalogException($"The embedded {fileName} is not a privilege-escalation catalog: {ex.Message}", ex);
        }
    }

    private static List<string> Strings(JsonElement element, string property) =>
        element.TryGetProperty(property, out var value) ? Strings(value) : [];

    private static List<string> Strings(JsonElement array) => array.EnumerateArray().Select(e => e.GetString()!).ToList();

    private static AccessLevel ParseLevel(string text) => text switch
    {
        "List" => AccessLevel.List,
        "Read" => AccessLevel.Read,
        "Write" => AccessLevel.Write,
        "Permissions management" => AccessLevel.PermissionsManagement,
        "Tagging" => AccessLevel.Tagging,
        _ => throw new ArgumentException($"'{text}' is not an access level."),
    };
}
