using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.EntryPoints;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Aws.Shapes;

namespace LambdaSec.Collect;

/// <summary>
/// The functions a collector works on in one region: every function (one ListFunctions pass), or the named
/// ones (one GetFunctionConfiguration each; a name that fails is a non-terminating error and the rest go on).
/// </summary>
public sealed class FunctionLookup
{
    private readonly LambdaApi _lambda;
    private readonly ICollectorSink _sink;

    public FunctionLookup(LambdaApi lambda, ICollectorSink sink)
    {
        _lambda = lambda;
        _sink = sink;
    }

    /// <summary>The functions, each with the qualifier asked for (from the reference or its ARN), or every function when <paramref name="functions"/> is null.</summary>
    public async Task<IReadOnlyList<(LambdaFunctionConfiguration Configuration, string? Qualifier)>> FindAsync(IReadOnlyList<FunctionRef>? functions, CancellationToken cancellationToken)
    {
        if (functions is null)
        {
            return (await _lambda.ListFunctionsAsync(null, cancellationToken).ConfigureAwait(false)).Select(f => (f, (string?)null)).ToList();
        }

        var resolved = await Task.WhenAll(functions.Select(async f =>
        {
            try
            {
                var (name, qualifierInArn) = EntryPointResolver.SplitQualifier(f.NameOrArn);
                return ((LambdaFunctionConfiguration, string?)?)(await _lambda.GetFunctionConfigurationAsync(name, null, cancellationToken).ConfigureAwait(false), f.Qualifier ?? qualifierInArn);
            }
            catch (AwsServiceException ex)
            {
                _sink.Error(f.NameOrArn, ex);
                return null;
            }
        })).ConfigureAwait(false);
        return resolved.Where(r => r is not null).Select(r => r!.Value).ToList();
    }
}
