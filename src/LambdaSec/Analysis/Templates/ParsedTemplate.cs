using System.Collections.Generic;
using System.Linq;

namespace LambdaSec.Analysis.Templates;

/// <summary>A template file read into its resources, parameters and (SAM) Globals.</summary>
public sealed class ParsedTemplate
{
    public string SourceFile { get; init; } = string.Empty;

    /// <summary>The file's path relative to the folder scanned ('/'-separated), or its name when it was given itself; findings' fingerprints use it, so another checkout folder keeps them.</summary>
    public string SourcePath { get; init; } = string.Empty;

    public TemplateFormat Format { get; init; }

    public IReadOnlyList<TemplateResource> Resources { get; init; } = [];

    /// <summary>CloudFormation Parameters (name -> declaration), for Ref resolution.</summary>
    public TemplateMap Parameters { get; init; } = new(0);

    /// <summary>SAM Globals.Function: defaults for every AWS::Serverless::Function.</summary>
    public TemplateMap? FunctionGlobals { get; init; }

    /// <summary>Terraform: the aws provider's default_tags from the plan's configuration (empty: none; null: not constants, known only at apply).</summary>
    public IReadOnlyDictionary<string, string>? TerraformDefaultTags { get; init; } = new Dictionary<string, string>();

    public TemplateResource? Find(string logicalId) => Resources.FirstOrDefault(r => r.LogicalId == logicalId);

    public IEnumerable<TemplateResource> OfType(string type) => Resources.Where(r => r.Type == type);

    /// <summary>The Lambda functions: AWS::Lambda::Function, AWS::Serverless::Function and (mapped to the first) aws_lambda_function.</summary>
    public IEnumerable<TemplateResource> Functions() => Resources.Where(r => r.Type is "AWS::Lambda::Function" or "AWS::Serverless::Function");

    /// <summary>A function property; a SAM function without it takes it from Globals.Function.</summary>
    public TemplateNode? FunctionProperty(TemplateResource function, string cloudFormationName, string terraformName) =>
        function.Property(cloudFormationName, terraformName)
        ?? (function.Type == "AWS::Serverless::Function" ? FunctionGlobals?.Get(cloudFormationName) : null);
}
