using System;
using System.Collections.Generic;
using System.Linq;
using LambdaSec.Analysis.Privileges;

namespace LambdaSec.Analysis.Templates;

/// <summary>What one role's documents came to: parsed policies, the line each came from, and what could not be known.</summary>
internal sealed class TemplateExecutionRole
{
    private readonly List<(string Name, string Json)> _documents = [];
    private bool _boundaryUnresolved;

    public TemplateExecutionRole(TemplateResource resource, string? function)
    {
        Resource = resource;
        Function = function;
    }

    public TemplateResource Resource { get; }

    public string? Function { get; }

    public RolePolicySet Policies { get; } = new();

    /// <summary>Policy name -> the line it is written on, so findings point at the policy that grants.</summary>
    public Dictionary<string, int> Lines { get; } = new(StringComparer.Ordinal);

    public List<string> Unresolved { get; } = [];

    /// <summary>True when the only unknown is the permissions boundary, which could only have narrowed what was found.</summary>
    public bool OnlyBoundaryUnresolved => _boundaryUnresolved && Unresolved.Count == 1;

    public void AddDocument(string name, TemplateNode? document, string where, int line, TemplateValueResolver resolver)
    {
        var read = TemplatePolicyDocument.Read(document, where, resolver);
        Unresolved.AddRange(read.Unresolved);
        Add(name, read.Json, line);
    }

    public void AddManaged(ResolvedValue arn, string where, int line)
    {
        if (arn is { IsCertain: true, Text: null })
        {
            return; // !Ref AWS::NoValue removes the element.
        }

        // !Sub arn:${AWS::Partition}:iam::aws:policy/X names the same document in every partition.
        if (!TemplatePolicyDocument.IsKnownEnough(arn) || arn.Text is null)
        {
            Unresolved.Add(TemplatePolicyDocument.Describe(where, arn));
        }
        else if (AwsManagedPolicyCatalog.Default.Find(arn.Text) is { } known)
        {
            Add(known.Name, known.Document, line);
        }
        else
        {
            Unresolved.Add($"{where}: managed policy {arn.Text} (its document is not in the template; LambdaSec knows only {string.Join(", ", AwsManagedPolicyCatalog.Default.Names)})");
        }
    }

    /// <summary>A boundary only ever narrows the role, so one that cannot be read is left out (upper bound) and reported.</summary>
    public void SetBoundary(TemplateNode? node, TemplateValueResolver resolver)
    {
        if (node is null)
        {
            return;
        }

        var arn = resolver.Resolve(node);
        if (arn.IsCertain && arn.Text is not null && AwsManagedPolicyCatalog.Default.Find(arn.Text) is { } known)
        {
            Policies.SetBoundary(known.Name, known.Document);
            return;
        }

        Unresolved.Add($"PermissionsBoundary: {arn.Text ?? arn.Expression} (not applied; it can only narrow the role)");
        _boundaryUnresolved = true;
    }

    /// <summary>A set holding only one of the role's policies, to find the one that makes it admin.</summary>
    public RolePolicySet Only(string name)
    {
        var set = new RolePolicySet();
        foreach (var document in _documents.Where(d => d.Name == name))
        {
            set.AddPolicy(document.Name, document.Json);
        }

        return set;
    }

    private void Add(string name, string? json, int line)
    {
        if (json is null || Lines.ContainsKey(name))
        {
            return; // a policy attached twice (ManagedPolicyArns and an attachment resource) grants once
        }

        _documents.Add((name, json));
        Policies.AddPolicy(name, json);
        Lines[name] = line;
    }
}
