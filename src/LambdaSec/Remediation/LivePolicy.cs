using System;
using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Analysis.Exposure;
using LambdaSec.Aws.Clients;
using LambdaSec.Model;

namespace LambdaSec.Remediation;

/// <summary>A function's resource policy as read at one revision, classified statement by statement (DESIGN.md §3).</summary>
public sealed class LivePolicy
{
    private LivePolicy(string? revisionId, IReadOnlyList<StatementExposure> statements)
    {
        RevisionId = revisionId;
        Statements = statements;
    }

    /// <summary>The revision RemovePermission/AddPermission must name; null when the function has no policy.</summary>
    public string? RevisionId { get; }

    public IReadOnlyList<StatementExposure> Statements { get; }

    public StatementExposure? Find(string statementId) => Statements.FirstOrDefault(s => string.Equals(s.Sid, statementId, StringComparison.Ordinal));

    /// <summary>The policy a Get-LambdaExposure object was read from.</summary>
    public static LivePolicy Of(LambdaExposure exposure) => new(exposure.RevisionId, exposure.Statements);

    /// <summary>
    /// Reads and classifies the policy as Get-LambdaExposure does, with the same trusted accounts (a grant to them is
    /// Organization, not CrossAccount, so a removal limited to CrossAccount keeps it). GetPolicy answers
    /// ResourceNotFound both for a function without a policy and for a function that is gone;
    /// GetFunctionConfiguration tells them apart, and a deleted function (or alias) throws its ResourceNotFound.
    /// </summary>
    public static async Task<LivePolicy> ReadAsync(LambdaApi lambda, string? ownerAccountId, string functionName, string? qualifier, IReadOnlyCollection<string>? trustedAccounts, CancellationToken cancellationToken)
    {
        if (await lambda.GetPolicyOrNullAsync(functionName, qualifier, cancellationToken).ConfigureAwait(false) is not { } policy)
        {
            await lambda.GetFunctionConfigurationAsync(functionName, qualifier, cancellationToken).ConfigureAwait(false);
            return new LivePolicy(null, []);
        }

        var statements = PolicyExposureClassifier.Classify(policy.Policy, ownerAccountId, functionName, trustedAccounts).Statements;
        foreach (var statement in statements)
        {
            statement.Qualifier = qualifier;
        }

        return new LivePolicy(policy.RevisionId, statements);
    }
}
