using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;

namespace LambdaSec.Collect;

/// <summary>
/// IAM's service-last-accessed report for one role: GenerateServiceLastAccessedDetails, then
/// GetServiceLastAccessedDetails polled with exponential backoff until COMPLETED, within a bounded wait.
/// The report lists the services the role's policies grant, each with the last time the role used it.
/// </summary>
public sealed class ServiceLastAccessedReader
{
    private readonly IamApi _iam;

    public ServiceLastAccessedReader(AwsSession session) => _iam = new IamApi(session);

    /// <summary>First wait between polls; doubled after each poll up to <see cref="MaxPollDelay"/>. AWS reports usually complete within seconds.</summary>
    public TimeSpan FirstPollDelay { get; init; } = TimeSpan.FromMilliseconds(250);

    public TimeSpan MaxPollDelay { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>How long to wait for a report before its role's unused services are reported as unknown.</summary>
    public TimeSpan MaxWait { get; init; } = TimeSpan.FromMinutes(2);

    /// <summary>The services granted but not used since <paramref name="since"/> (never used, or last used before it), sorted.</summary>
    /// <exception cref="TimeoutException">The report was not ready within <see cref="MaxWait"/>, or IAM answered FAILED.</exception>
    public async Task<IReadOnlyList<string>> UnusedServicesAsync(string roleArn, DateTimeOffset since, CancellationToken cancellationToken)
    {
        var jobId = await _iam.GenerateServiceLastAccessedDetailsAsync(roleArn, null, cancellationToken).ConfigureAwait(false)
            ?? throw new TimeoutException($"IAM returned no report id for {roleArn}.");
        var delay = FirstPollDelay;
        var waited = TimeSpan.Zero;
        while (true)
        {
            var pages = await _iam.GetServiceLastAccessedDetailsAsync(jobId, cancellationToken).ConfigureAwait(false);
            var first = pages.Count > 0 ? pages[0] : null;
            var status = first?.GetString("JobStatus");
            if (status == "COMPLETED")
            {
                return pages.SelectMany(p => p.GetList("ServicesLastAccessed"))
                    .Where(s => s.GetTime("LastAuthenticated") is not { } last || last < since)
                    .Select(s => s.GetString("ServiceNamespace") ?? s.GetString("ServiceName") ?? string.Empty)
                    .Where(s => s.Length > 0)
                    .Distinct(StringComparer.Ordinal)
                    .OrderBy(s => s, StringComparer.Ordinal)
                    .ToList();
            }

            if (status == "FAILED")
            {
                throw new TimeoutException($"IAM could not build the service-last-accessed report of {roleArn}: {first?.Get("Error")?.GetString("Message") ?? "FAILED"}.");
            }

            if (waited >= MaxWait)
            {
                throw new TimeoutException($"The service-last-accessed report of {roleArn} was not ready after {MaxWait.TotalSeconds:0} s (status {status ?? "none"}).");
            }

            await Task.Delay(delay, cancellationToken).ConfigureAwait(false);
            waited += delay;
            delay = TimeSpan.FromTicks(Math.Min(MaxPollDelay.Ticks, delay.Ticks * 2));
        }
    }
}
