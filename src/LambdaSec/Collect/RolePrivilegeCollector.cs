using System;
using System.Collections.Concurrent;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws;
using LambdaSec.Aws.Clients;
using LambdaSec.Aws.Shapes;
using LambdaSec.Model;

namespace LambdaSec.Collect;

/// <summary>
/// Get-LambdaRolePrivilege's collection: functions per region (<see cref="AddRegionAsync"/>), then, once every
/// region is in, each distinct execution role analysed once (<see cref="AnalyzeAsync"/>) from the account's
/// single authorization-details listing, and one result per function with the other functions sharing its role.
/// </summary>
public sealed class RolePrivilegeCollector
{
    private readonly ICollectorSink _sink;
    private readonly RoleAnalysisCache _analyses = new();
    private readonly AccountRolesCache _roles;
    private readonly ConcurrentBag<(AwsSession Session, LambdaFunctionConfiguration Function)> _targets = [];
    private readonly ConcurrentBag<(string? RoleArn, string FunctionArn)> _roleUsers = [];

    public RolePrivilegeCollector(ICollectorSink sink)
    {
        _sink = sink;
        _roles = new AccountRolesCache(_analyses);
    }

    /// <summary>Also read each role's service-last-accessed report and list the services it has not used within <see cref="LastAccessedDays"/>.</summary>
    public bool IncludeLastAccessed { get; init; }

    public int LastAccessedDays { get; init; } = 90;

    /// <summary>
    /// The organization's SCP paths by account (Get-LambdaRolePrivilege -OrganizationCredential), applied to TakeoverBy
    /// as the organization audit applies them to LS-ROLE-005; null when not read.
    /// </summary>
    public IReadOnlyDictionary<string, OrganizationAccountScps>? Scps { get; set; }

    /// <summary>The accounts whose functions were read (for reading their SCPs).</summary>
    public IReadOnlyCollection<string> Accounts => _targets.Select(t => t.Session.AccountId).OfType<string>().Distinct(StringComparer.Ordinal).ToList();

    /// <summary>The last-accessed report reader's polling (shortened by tests).</summary>
    public Func<AwsSession, ServiceLastAccessedReader> LastAccessedReader { get; init; } = s => new ServiceLastAccessedReader(s);

    /// <summary>How many roles are analysed (and their reports read) at once.</summary>
    public int Parallelism { get; init; } = 8;

    /// <summary>
    /// Reads the functions of one region: the named ones, or all. The region's full listing is read either way,
    /// because SharedWith must name every function that runs with the role, not only the ones asked about.
    /// </summary>
    public async Task AddRegionAsync(AwsSession session, IReadOnlyList<FunctionRef>? functions, CancellationToken cancellationToken)
    {
        // Started now so the IAM listing runs while Lambda is read; later callers share it.
        var roles = _roles.GetAsync(session, cancellationToken);
        _ = roles.ContinueWith(t => t.Exception, TaskScheduler.Default);
        var lambda = new LambdaApi(session);
        var all = await lambda.ListFunctionsAsync(null, cancellationToken).ConfigureAwait(false);
        foreach (var function in all)
        {
            _roleUsers.Add((function.Role, function.FunctionArn));
        }

        var targets = functions is null ? all : (await new FunctionLookup(lambda, _sink).FindAsync(functions, cancellationToken).ConfigureAwait(false)).Select(t => t.Configuration);
        foreach (var target in targets)
        {
            _targets.Add((session, target));
        }
    }

    /// <summary>Analyses each role once and writes one <see cref="LambdaRolePrivilege"/> per function read.</summary>
    public async Task AnalyzeAsync(CancellationToken cancellationToken)
    {
        var users = _roleUsers.Where(u => u.RoleArn is not null).ToLookup(u => u.RoleArn!, u => u.FunctionArn, StringComparer.Ordinal);
        var byRole = _targets
            .GroupBy(t => (Account: t.Session.AccountId, Role: t.Function.Role ?? string.Empty))
            .OrderBy(g => g.Key.Role, StringComparer.Ordinal)
            .ToList();
        var done = 0;
        using var gate = new SemaphoreSlim(Parallelism);
        await Task.WhenAll(byRole.Select(async group =>
        {
            await gate.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                await RoleAsync(group.Key.Role, group.ToList(), users[group.Key.Role], cancellationToken).ConfigureAwait(false);
            }
            catch (AwsServiceException ex)
            {
                // The account's listing failed (AccessDenied to iam:GetAccountAuthorizationDetails): every function of the role fails with it.
                foreach (var function in group)
                {
                    _sink.Error(function.Function.FunctionName, ex);
                }
            }
            finally
            {
                gate.Release();
                var count = Interlocked.Increment(ref done);
                _sink.Progress("Get-LambdaRolePrivilege", $"{count} of {byRole.Count} execution roles", count, byRole.Count);
            }
        })).ConfigureAwait(false);
    }

    private async Task RoleAsync(string roleArn, IReadOnlyList<(AwsSession Session, LambdaFunctionConfiguration Function)> functions, IEnumerable<string> users, CancellationToken cancellationToken)
    {
        // IAM is global: any of the account's regional sessions reads its roles.
        var session = functions[0].Session;
        var roles = await _roles.GetAsync(session, cancellationToken).ConfigureAwait(false);
        var set = roles.PolicySetOf(roleArn);
        if (set is null)
        {
            var missing = new AwsServiceException(
                $"The execution role {roleArn} is not in the account's IAM authorization details (deleted, renamed, or in another account), so its privileges cannot be read. Give the function an existing role (aws lambda update-function-configuration --role).",
                ErrorIds.ResourceNotFound, IamApi.GetAccountAuthorizationDetails.ToString(), "NoSuchEntity", 404, null);
            foreach (var (_, function) in functions)
            {
                _sink.Error(function.FunctionName, missing);
            }

            return;
        }

        var roleName = roles.NameOf(roleArn);
        foreach (var problem in set.Problems)
        {
            var what = problem.Statement is null ? $"The policy {problem.Document}" : $"Statement {problem.Statement} of the policy {problem.Document}";
            _sink.Problem(roleName ?? roleArn, ErrorIds.PolicyParseError, $"{what} of role {roleName} cannot be read: {problem.Message} It is left out of the analysis; fix the policy in IAM.");
        }

        var report = await _analyses.ReportAsync(set, session.AccountId, roleName, roleArn).ConfigureAwait(false);
        var unknowns = new List<string>();
        string[]? unused = null;
        if (IncludeLastAccessed)
        {
            try
            {
                unused = (await LastAccessedReader(session).UnusedServicesAsync(roleArn, DateTimeOffset.UtcNow.AddDays(-LastAccessedDays), cancellationToken).ConfigureAwait(false)).ToArray();
            }
            catch (Exception ex) when (ex is AwsServiceException or TimeoutException)
            {
                unknowns.Add($"UnusedServices: {ex.Message}");
            }
        }

        var sharing = users.ToList();
        foreach (var (regional, function) in functions.OrderBy(f => f.Function.FunctionArn, StringComparer.Ordinal))
        {
            _sink.Result(new LambdaRolePrivilege
            {
                AccountId = regional.AccountId,
                Region = regional.Region,
                FunctionName = function.FunctionName,
                FunctionArn = function.FunctionArn,
                RoleName = roleName,
                RoleArn = roleArn,
                Privileges = report,
                TakeoverBy = roles.Takeover.For(function.FunctionArn, roleArn, report, OrganizationAccountScps.PathOf(Scps, regional.AccountId)).ToArray(),
                SharedWith = sharing.Where(a => !string.Equals(a, function.FunctionArn, StringComparison.Ordinal)).Distinct(StringComparer.Ordinal).OrderBy(a => a, StringComparer.Ordinal).ToArray(),
                UnusedServices = unused,
                LastAccessedDays = IncludeLastAccessed ? LastAccessedDays : null,
                Unknowns = unknowns.ToArray(),
            });
        }
    }
}
