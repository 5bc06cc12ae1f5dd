using System.Collections.Generic;
using System.Linq;

namespace LambdaSec.Analysis.Templates;

/// <summary>
/// One resource of a template. <see cref="Type"/> is the CloudFormation type also for Terraform resources
/// (aws_lambda_permission is AWS::Lambda::Permission), so each rule is written once; properties keep the
/// names of their format, read through <see cref="Property"/>.
/// </summary>
public sealed class TemplateResource
{
    public string LogicalId { get; init; } = string.Empty;

    /// <summary>The CloudFormation resource type (for Terraform, the CloudFormation type of the same AWS resource).</summary>
    public string Type { get; init; } = string.Empty;

    /// <summary>The type as the file writes it (aws_lambda_permission for Terraform).</summary>
    public string DeclaredType { get; init; } = string.Empty;

    public TemplateMap Properties { get; init; } = new(0);

    /// <summary>CloudFormation Metadata of the resource (the in-template suppressions live there); null when absent and for Terraform.</summary>
    public TemplateMap? Metadata { get; init; }

    public int Line { get; init; }

    public TemplateFormat Format { get; init; }

    /// <summary>Terraform only: the addresses the resource's configuration refers to (aws_api_gateway_stage.prod...).</summary>
    public IReadOnlyList<string> References { get; init; } = [];

    /// <summary>Terraform only: <see cref="References"/> per top-level attribute of the configuration (role -> aws_iam_role.worker.id, ...).</summary>
    public IReadOnlyDictionary<string, IReadOnlyList<string>> AttributeReferences { get; init; } = new Dictionary<string, IReadOnlyList<string>>();

    /// <summary>Terraform only: the attributes a plan knows only after apply (after_unknown), which are not the same as unset.</summary>
    public IReadOnlyCollection<string> UnknownProperties { get; init; } = [];

    /// <summary>A property by its CloudFormation name, or for Terraform by its snake_case name.</summary>
    public TemplateNode? Property(string cloudFormationName, string terraformName) =>
        Properties.Get(Format == TemplateFormat.TerraformPlan ? terraformName : cloudFormationName);

    /// <summary>Terraform only: the address (type.name) of the first resource of <paramref name="terraformType"/> the configuration refers to, or null.</summary>
    public string? ReferenceTo(string terraformType) => Addresses(References, terraformType).FirstOrDefault();

    /// <summary>Terraform only: the addresses (type.name) of resources of <paramref name="terraformType"/> that one attribute's expression refers to.</summary>
    public IEnumerable<string> ReferencesIn(string attribute, string terraformType) =>
        AttributeReferences.TryGetValue(attribute, out var references) ? Addresses(references, terraformType).Distinct(System.StringComparer.Ordinal) : [];

    private static IEnumerable<string> Addresses(IEnumerable<string> references, string terraformType) =>
        references.Where(r => r.StartsWith(terraformType + ".", System.StringComparison.Ordinal)).Select(r => string.Join(".", r.Split('.').Take(2)));

    /// <summary>The line of a property, or of the resource when the property is not set.</summary>
    public int LineOf(string cloudFormationName, string terraformName) => Property(cloudFormationName, terraformName)?.Line ?? Line;
}
