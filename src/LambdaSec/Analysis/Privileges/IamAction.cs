using System.Collections.Generic;
using System.Linq;

namespace LambdaSec.Analysis.Privileges;

/// <summary>
/// One IAM action of the catalog, e.g. iam:PassRole (Write), with the resource types it takes (none: it
/// takes only Resource "*"). <see cref="Id"/> is its position in the catalog, for array-indexed lookups.
/// </summary>
public sealed record IamAction(string Service, string Name, AccessLevel Level)
{
    public string FullName { get; } = Service + ":" + Name;

    public int Id { get; init; }

    private readonly IReadOnlyList<IamResourceType> _resourceTypes = [];

    public IReadOnlyList<IamResourceType> ResourceTypes
    {
        get => _resourceTypes;
        init
        {
            _resourceTypes = value;
            RequiredTypes = value.Any(t => t.Required) ? value.Where(t => t.Required).ToArray() : value;
        }
    }

    /// <summary>The types a request always names (the SAR's required ones), or every type when none is required.</summary>
    public IReadOnlyList<IamResourceType> RequiredTypes { get; private init; } = [];

    public override string ToString() => FullName;
}
