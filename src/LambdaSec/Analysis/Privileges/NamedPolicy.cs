using LambdaSec.Analysis.Policy;

namespace LambdaSec.Analysis.Privileges;

/// <summary>A parsed policy document with the name the report shows for it (inline name or managed policy name).</summary>
public sealed record NamedPolicy(string Name, PolicyDocument Document);
