using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Aws.Shapes;

namespace LambdaSec.Collect;

/// <summary>
/// The packages of listed functions for the audit's LS-VULN-001: each zip function's deployment package (GetFunction's
/// code location) and each of its layer versions (read once per collector, i.e. per account and region), downloaded
/// into memory under a size cap. Container-image functions are noted as not scanned; problems go to the sink and the
/// audit goes on.
/// </summary>
public sealed class FunctionDependencyCollector
{
    private readonly AwsSession _session;
    private readonly ICollectorSink _sink;
    private readonly CodePackageReader<IReadOnlyList<FoundDependency>> _zips;

    public FunctionDependencyCollector(AwsSession session, ICollectorSink sink, long maxCodeBytes, CancellationToken cancellationToken)
    {
        _session = session;
        _sink = sink;
        _zips = new CodePackageReader<IReadOnlyList<FoundDependency>>(
            DependencyInventory.ReadZip,
            maxCodeBytes,
            "a Lambda deployment package or layer (.zip)",
            error => sink.Problem(error.TargetObject?.ToString() ?? string.Empty, error.FullyQualifiedErrorId, error.Exception.Message),
            cancellationToken);
    }

    public async Task<IReadOnlyList<DependencyOccurrence>> CollectAsync(IReadOnlyList<LambdaFunctionConfiguration> functions, CancellationToken cancellationToken)
    {
        var lambda = new LambdaApi(_session);
        var found = new List<DependencyOccurrence>();
        foreach (var function in functions)
        {
            void Add(string source, string foundIn, IReadOnlyList<FoundDependency>? dependencies) =>
                found.AddRange((dependencies ?? []).Select(d => new DependencyOccurrence(function.FunctionName, function.FunctionArn, _session.Region, _session.AccountId, source, foundIn, d)));

            try
            {
                var answer = function.PackageType == "Zip" ? await lambda.GetFunctionAsync(function.FunctionArn, null, cancellationToken).ConfigureAwait(false) : null;
                if (answer?.Get("Code")?.GetString("Location") is { Length: > 0 } location)
                {
                    Add("Code", function.FunctionArn, await _zips.DownloadAsync(location, function.FunctionName).ConfigureAwait(false));
                }
                else
                {
                    _sink.Note($"{function.FunctionName}: its own packages were not scanned for vulnerabilities (PackageType {function.PackageType}: a container image's packages are not read); its layers are.");
                }

                foreach (var layerArn in function.Layers)
                {
                    Add("Layer", layerArn, await _zips.LayerAsync(lambda, layerArn).ConfigureAwait(false));
                }
            }
            catch (AwsServiceException ex)
            {
                _sink.Error(function.FunctionName, ex);
            }
        }

        return found;
    }
}
