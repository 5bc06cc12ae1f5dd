using System.Collections.Generic;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Vulnerabilities;

namespace LambdaSec.Collect;

/// <summary>Where advisories come from: the OSV API (<see cref="OsvClient"/>) or a local copy of OSV's exports (<see cref="OsvLocalData"/>).</summary>
public interface IAdvisorySource
{
    /// <summary>Names the source in messages (the API's URL or the data's path).</summary>
    string Name { get; }

    /// <summary>Dependencies whose advisories were cut short (more pages than followed); empty when all were read.</summary>
    IReadOnlyCollection<Dependency> Truncated { get; }

    /// <summary>The advisory ids affecting each distinct dependency (dependencies without any are left out).</summary>
    Task<IReadOnlyDictionary<Dependency, IReadOnlyList<string>>> QueryAsync(IEnumerable<Dependency> dependencies, CancellationToken cancellationToken);

    /// <summary>The advisory's record, read once per run.</summary>
    Task<OsvAdvisory> GetAsync(string id, CancellationToken cancellationToken);
}
