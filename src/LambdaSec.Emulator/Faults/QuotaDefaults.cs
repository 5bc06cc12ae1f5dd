namespace LambdaSec.Emulator.Faults;

/// <summary>
/// Default request-rate quotas (requests per second per account and Region) used by
/// <c>--rate-limits aws</c>. Sources:
/// <list type="bullet">
/// <item>Lambda: "Lambda quotas" developer guide, section "API requests":
/// GetFunction 100 rps, GetPolicy 15 rps, "remainder of the control plane API requests
/// (excludes invocation, GetFunction, and GetPolicy requests)" 15 rps shared across all APIs;
/// none can be increased. (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html)</item>
/// <item>API Gateway: "Amazon API Gateway quotas", control-plane request rates: "Total operations
/// per account" 10 rps with burst 40, per-operation rates such as GetResources 5 rps.</item>
/// <item>CloudTrail: LookupEvents "2 transactions per second (TPS) per account per Region"
/// (CloudTrail quotas / LookupEvents API reference).</item>
/// <item>STS: 600 rps per account per Region ("IAM and AWS STS quotas", request quotas).</item>
/// <item>IAM, Organizations, ELBv2 and WAFv2 do not publish numeric request-rate quotas; the values
/// here are conservative assumptions (marked "assumed"), not AWS figures.</item>
/// </list>
/// IAM and Organizations are global services: their buckets are keyed by account only.
/// </summary>
public static class QuotaDefaults
{
    private const string LambdaDoc = "Lambda quotas, API requests (docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html)";
    private const string ApiGatewayDoc = "API Gateway quotas, control-plane request rates";
    private const string SecurityHubDoc = "Security Hub API reference, throttling limits (botocore securityhub/2018-10-26 documentation, checked 2026-12-03)";

    public static RateLimitConfig Aws() => new()
    {
        Rules =
        [
            new() { Service = "lambda", Operations = ["GetFunction"], Rate = 100, Burst = 100, Source = LambdaDoc },
            new() { Service = "lambda", Operations = ["GetPolicy"], Rate = 15, Burst = 15, Source = LambdaDoc },
            new() { Service = "lambda", Operations = ["*"], Rate = 15, Burst = 15, Shared = true, Source = LambdaDoc + ": remainder of the control plane, shared" },
            new() { Service = "apigateway", Operations = ["GetResources"], Rate = 5, Burst = 5, Source = ApiGatewayDoc },
            new() { Service = "apigateway", Operations = ["*"], Rate = 10, Burst = 40, Shared = true, Source = ApiGatewayDoc + ": total operations per account" },
            new() { Service = "apigatewayv2", Operations = ["*"], Rate = 10, Burst = 40, Shared = true, Source = ApiGatewayDoc + ": total operations per account" },
            new() { Service = "cloudtrail", Operations = ["LookupEvents"], Rate = 2, Burst = 2, Source = "CloudTrail quotas: LookupEvents 2 TPS per account per Region" },
            new() { Service = "sts", Operations = ["*"], Rate = 600, Burst = 600, Shared = true, Source = "IAM and AWS STS quotas: STS request rate 600 rps per account per Region" },
            new() { Service = "iam", Operations = ["*"], Rate = 20, Burst = 40, Shared = true, Source = "assumed (IAM publishes no request-rate quota)" },
            new() { Service = "organizations", Operations = ["*"], Rate = 10, Burst = 20, Shared = true, Source = "assumed (Organizations publishes no request-rate quota)" },
            new() { Service = "elasticloadbalancing", Operations = ["*"], Rate = 20, Burst = 40, Shared = true, Source = "assumed (ELB publishes no request-rate quota)" },
            new() { Service = "securityhub", Operations = ["BatchImportFindings"], Rate = 10, Burst = 30, Source = SecurityHubDoc },
            new() { Service = "securityhub", Operations = ["GetFindings"], Rate = 3, Burst = 6, Source = SecurityHubDoc },
            new() { Service = "securityhub", Operations = ["BatchUpdateFindings"], Rate = 10, Burst = 30, Source = SecurityHubDoc },
            new() { Service = "securityhub", Operations = ["*"], Rate = 10, Burst = 30, Shared = true, Source = SecurityHubDoc + ": all other operations" },
            new() { Service = "wafv2", Operations = ["*"], Rate = 10, Burst = 20, Shared = true, Source = "assumed (WAFv2 publishes no request-rate quota)" },
            new() { Service = "ec2", Operations = ["*"], Rate = 20, Burst = 100, Shared = true, Source = "EC2 API request throttling: non-mutating actions, bucket 100, refill 20/s (docs.aws.amazon.com/ec2/latest/devguide/ec2-api-throttling.html)" },
            new() { Service = "logs", Operations = ["*"], Rate = 5, Burst = 10, Shared = true, Source = "assumed (no confirmed DescribeLogGroups rate)" },
            new() { Service = "inspector2", Operations = ["*"], Rate = 5, Burst = 10, Shared = true, Source = "assumed (Amazon Inspector publishes no BatchGetAccountStatus rate)" },
            new() { Service = "guardduty", Operations = ["*"], Rate = 5, Burst = 10, Shared = true, Source = "assumed (GuardDuty publishes no ListDetectors/GetDetector rate)" },
        ],
    };
}
