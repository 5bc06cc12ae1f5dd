using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Aws.Shapes;

namespace LambdaSec.Collect;

/// <summary>
/// The retention of the functions' log groups in one region, for LS-CONFIG-015: one DescribeLogGroups listing of the
/// /aws/lambda/ prefix (one call per 50 log groups) for the functions that log to their default group, and one listing
/// per distinct log group a function's LoggingConfig names outside that prefix (log groups shared by many functions).
/// </summary>
public static class LogGroupReader
{
    /// <summary>Where Lambda writes a function's logs when its LoggingConfig names no log group.</summary>
    public const string LambdaPrefix = "/aws/lambda/";

    /// <summary>The log group a function writes to: LoggingConfig.LogGroup, else /aws/lambda/&lt;name&gt;.</summary>
    public static string LogGroupOf(LambdaFunctionConfiguration function) =>
        string.IsNullOrEmpty(function.LogGroup) ? LambdaPrefix + function.FunctionName : function.LogGroup!;

    /// <summary>
    /// Log group name to its retentionInDays (null: never expires) for those of <paramref name="names"/> that exist; a name
    /// not in the map does not exist. Null (unknown) when the log groups cannot be read, said once as a note.
    /// </summary>
    public static async Task<IReadOnlyDictionary<string, int?>?> ReadAsync(AwsSession session, IEnumerable<string> names, ICollectorSink sink, CancellationToken cancellationToken)
    {
        var wanted = new HashSet<string>(names, StringComparer.Ordinal);
        if (wanted.Count == 0)
        {
            return new Dictionary<string, int?>(StringComparer.Ordinal);
        }

        var prefixes = wanted.Where(n => !n.StartsWith(LambdaPrefix, StringComparison.Ordinal)).ToList();
        if (prefixes.Count < wanted.Count)
        {
            prefixes.Add(LambdaPrefix);
        }

        var logs = new CloudWatchLogsApi(session);
        try
        {
            var pages = await Task.WhenAll(prefixes.Select(p => logs.DescribeLogGroupsAsync(p, cancellationToken))).ConfigureAwait(false);
            var found = new Dictionary<string, int?>(StringComparer.Ordinal);
            foreach (var group in pages.SelectMany(p => p))
            {
                var name = group.GetString("logGroupName");
                if (name is not null && wanted.Contains(name))
                {
                    found[name] = group.GetInt("retentionInDays");
                }
            }

            return found;
        }
        catch (AwsServiceException ex)
        {
            sink.Note($"CloudWatch Logs log groups of {session.Region} cannot be read ({ex.ErrorCode ?? ex.ErrorId}); the log group rule (LS-CONFIG-015) is not evaluated.");
            return null;
        }
    }
}
