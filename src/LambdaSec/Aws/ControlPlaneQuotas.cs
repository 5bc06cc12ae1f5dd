using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaSec.Aws;

/// <summary>
/// The default request rates of the rate limiter, one row per service and rate class, with sources.
/// Where AWS publishes no figure the row says "assumed"; the limiter adapts down on throttling anyway.
/// </summary>
public static class ControlPlaneQuotas
{
    public const string Shared = "*";

    private const string LambdaDoc = "Lambda quotas, API requests: docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html";
    private const string SecurityHubDoc = "Security Hub API reference, throttling limits (botocore securityhub/2018-10-26 service-2.json documentation, checked 2026-12-03)";
    private const string ApiGatewayDoc = "API Gateway quotas, control plane: docs.aws.amazon.com/apigateway/latest/developerguide/limits.html";

    public static readonly IReadOnlyList<ControlPlaneQuota> Defaults = new[]
    {
        new ControlPlaneQuota("lambda", "GetFunction", 100, 100, LambdaDoc + " (GetFunction 100 rps)"),
        new ControlPlaneQuota("lambda", "GetPolicy", 15, 15, LambdaDoc + " (GetPolicy 15 rps)"),
        new ControlPlaneQuota("lambda", Shared, 15, 15, LambdaDoc + " (remainder of the control plane, 15 rps shared)"),
        new ControlPlaneQuota("apigateway", "GetResources", 5, 5, ApiGatewayDoc + " (GetResources)"),
        new ControlPlaneQuota("apigateway", Shared, 10, 40, ApiGatewayDoc + " (total operations per account: 10 rps, burst 40)"),
        new ControlPlaneQuota("cloudtrail", "LookupEvents", 2, 2, "CloudTrail quotas: LookupEvents 2 TPS per account per Region"),
        new ControlPlaneQuota("sts", Shared, 600, 600, "IAM and AWS STS quotas: STS requests 600 rps per account per Region"),
        new ControlPlaneQuota("iam", Shared, 20, 40, "assumed: IAM publishes no request-rate quota"),
        new ControlPlaneQuota("organizations", Shared, 10, 20, "assumed: Organizations publishes no request-rate quota"),
        new ControlPlaneQuota("elasticloadbalancing", Shared, 20, 40, "assumed: ELB publishes no request-rate quota"),
        new ControlPlaneQuota("wafv2", Shared, 10, 20, "assumed: WAFv2 publishes no request-rate quota"),
        new ControlPlaneQuota("securityhub", "BatchImportFindings", 10, 30, SecurityHubDoc + " (BatchImportFindings 10 rps, burst 30)"),
        new ControlPlaneQuota("securityhub", "GetFindings", 3, 6, SecurityHubDoc + " (GetFindings 3 rps, burst 6)"),
        new ControlPlaneQuota("securityhub", "BatchUpdateFindings", 10, 30, SecurityHubDoc + " (BatchUpdateFindings 10 rps, burst 30)"),
        new ControlPlaneQuota("securityhub", Shared, 10, 30, SecurityHubDoc + " (all other operations 10 rps, burst 30)"),
        new ControlPlaneQuota("ec2", Shared, 20, 100, "Request throttling for the Amazon EC2 API: non-mutating (Describe*) actions, bucket 100, refill 20/s, per account and Region (docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html, checked 2026-12-03)"),
        new ControlPlaneQuota("logs", Shared, 5, 10, "assumed: the CloudWatch Logs quotas page gives no DescribeLogGroups rate we could confirm (checked 2026-12-03)"),
        new ControlPlaneQuota("inspector2", Shared, 5, 10, "assumed: Amazon Inspector publishes no BatchGetAccountStatus rate (the audit calls it once per account and region)"),
        new ControlPlaneQuota("guardduty", Shared, 5, 10, "assumed: GuardDuty publishes no ListDetectors/GetDetector rate (the audit calls them once per account and region)"),
        new ControlPlaneQuota("cloudtrail", Shared, 10, 10, "assumed: CloudTrail management APIs other than LookupEvents"),
    };

    /// <summary>The quota of an operation: its own row if it has one, else its service's shared row.</summary>
    public static ControlPlaneQuota For(AwsOperation operation, IReadOnlyList<ControlPlaneQuota> table) =>
        table.FirstOrDefault(q => q.Service == operation.Service.SigningName && q.RateClass == operation.Name)
        ?? table.FirstOrDefault(q => q.Service == operation.Service.SigningName && q.RateClass == Shared)
        ?? throw new InvalidOperationException($"No rate quota for {operation}; add a row to ControlPlaneQuotas.");
}
