using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Secrets;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Aws.Shapes;

namespace LambdaSec.Collect;

/// <summary>
/// Scans the environment variables of a function configuration as AWS answered it (ListFunctions, GetFunction,
/// GetFunctionConfiguration), in memory. Only the hits (variable name, rule, redacted preview) come out; the values
/// stay in the answer, which the typed shape drops.
/// </summary>
public static class EnvironmentSecrets
{
    public static IReadOnlyList<SecretHit> Scan(AwsNode configuration)
    {
        var variables = configuration.Get("Environment")?.Get("Variables");
        if (variables is null)
        {
            return [];
        }

        return SecretScanner.Default.ScanVariables(variables.MemberNames().Select(n => new KeyValuePair<string, string?>(n, variables.GetString(n))));
    }

    /// <summary>Every function of the region (one ListFunctions listing) and the hits of those whose variables hold secrets, by function ARN.</summary>
    public static async Task<(IReadOnlyList<LambdaFunctionConfiguration> Functions, IReadOnlyDictionary<string, IReadOnlyList<SecretHit>> Hits)> ListAsync(LambdaApi lambda, CancellationToken cancellationToken)
    {
        var hits = new Dictionary<string, IReadOnlyList<SecretHit>>(StringComparer.Ordinal);
        var functions = await lambda.ListFunctionsAsync(null, node =>
        {
            if (Scan(node) is { Count: > 0 } found)
            {
                hits[node.GetString("FunctionArn") ?? string.Empty] = found;
            }
        }, cancellationToken).ConfigureAwait(false);
        return (functions, hits);
    }

    /// <summary>The hits of one listed function (none when its variables hold no secret).</summary>
    public static IReadOnlyList<SecretHit> Of(IReadOnlyDictionary<string, IReadOnlyList<SecretHit>> hits, LambdaFunctionConfiguration function) =>
        hits.TryGetValue(function.FunctionArn, out var found) ? found : [];
}
