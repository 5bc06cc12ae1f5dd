using System.Collections.Generic;
using LambdaSec.Model;

namespace LambdaSec.Analysis.Audit;

/// <summary>
/// The audit rules of Invoke-LambdaSecAudit. Ids are stable (reports and suppressions refer to them) and
/// documented in docs/rules.md with the peers' control ids they correspond to.
/// </summary>
public static class AuditRules
{
    private const string Function = "AWS::Lambda::Function";

    public static AuditRule PublicPolicy { get; } = new("LS-EXP-001", "Lambda function policy lets any AWS account invoke", FindingSeverity.Critical, Function,
        ["SecurityHub:Lambda.1", "Config:lambda-function-public-access-prohibited", "Prowler:awslambda_function_not_publicly_accessible", "CloudSploit:lambda/lambdaPublicAccess", "Checkov:CKV_AWS_301"]);

    public static AuditRule ConfusedDeputy { get; } = new("LS-EXP-002", "Service principal may invoke without a source account or organization pin (confused deputy)", FindingSeverity.High, Function,
        ["SecurityHub:Lambda.1", "Config:lambda-function-public-access-prohibited", "Checkov:CKV_AWS_364"]);

    public static AuditRule CrossAccount { get; } = new("LS-EXP-003", "Lambda function policy lets other AWS accounts invoke", FindingSeverity.Medium, Function, []);

    public static AuditRule UnknownPolicy { get; } = new("LS-EXP-004", "Lambda function policy cannot be fully evaluated", FindingSeverity.Medium, Function, []);

    public static AuditRule PublicUrl { get; } = new("LS-URL-001", "Function URL without authentication is publicly reachable", FindingSeverity.High, "AWS::Lambda::Url",
        ["Prowler:awslambda_function_url_public", "Checkov:CKV_AWS_258"]);

    public static AuditRule UrlCors { get; } = new("LS-URL-002", "Function URL CORS allows any origin with credentials", FindingSeverity.Medium, "AWS::Lambda::Url",
        ["Prowler:awslambda_function_url_cors_policy", "Checkov:CKV2_AWS_75"]);

    public static AuditRule UrlCorsAnyOrigin { get; } = new("LS-URL-003", "Function URL CORS allows any origin", FindingSeverity.Low, "AWS::Lambda::Url",
        ["Prowler:awslambda_function_url_cors_policy", "Steampipe:lambda_function_cors_configuration", "Checkov:CKV2_AWS_75"]);

    public static AuditRule RestApiWithoutWaf { get; } = new("LS-WAF-001", "API Gateway REST API stage that invokes a function has no WAF", FindingSeverity.Medium, "AWS::ApiGateway::Stage",
        ["SecurityHub:APIGateway.4", "Config:api-gw-associated-with-waf", "Prowler:apigateway_restapi_waf_acl_attached", "Checkov:CKV2_AWS_29"]);

    public static AuditRule LoadBalancerWithoutWaf { get; } = new("LS-WAF-002", "Application Load Balancer that invokes a function has no WAF", FindingSeverity.Medium, "AWS::ElasticLoadBalancingV2::LoadBalancer",
        ["SecurityHub:ELB.16", "Config:alb-waf-enabled", "Prowler:elbv2_waf_acl_attached", "Checkov:CKV2_AWS_28"]);

    public static AuditRule HttpApiWithoutWaf { get; } = new("LS-WAF-003", "HTTP API invokes a function and AWS WAF cannot protect it", FindingSeverity.Low, "AWS::ApiGatewayV2::Api", []);

    public static AuditRule EntryPointWithoutAuth { get; } = new("LS-API-001", "API route invokes a function without authorization", FindingSeverity.Medium, "AWS::ApiGateway::Method",
        ["SecurityHub:APIGateway.8", "Prowler:apigateway_restapi_authorizers_enabled", "Prowler:apigatewayv2_api_authorizers_enabled", "Checkov:CKV_AWS_59"]);

    public static AuditRule EndOfLifeRuntime { get; } = new("LS-RT-001", "Lambda function uses an end-of-life runtime", FindingSeverity.High, Function,
        ["SecurityHub:Lambda.2", "Config:lambda-function-settings-check", "Prowler:awslambda_function_using_supported_runtimes", "CloudSploit:lambda/lambdaOldRuntimes", "Checkov:CKV_AWS_363"]);

    public static AuditRule RuntimeDeprecationScheduled { get; } = new("LS-RT-002", "Lambda function runtime is deprecated soon", FindingSeverity.Low, Function,
        ["SecurityHub:Lambda.2", "CloudSploit:lambda/lambdaOldRuntimes"]);

    public static AuditRule UnknownRuntime { get; } = new("LS-RT-003", "Lambda function runtime is not in the runtime catalog", FindingSeverity.Low, Function, []);

    public static AuditRule DenialOfWallet { get; } = new("LS-DOW-001", "Anyone can invoke the function and no reserved concurrency caps what it can cost", FindingSeverity.High, Function,
        ["Config:lambda-concurrency-check", "Checkov:CKV_AWS_115"]);

    public static AuditRule AdminRole { get; } = new("LS-ROLE-001", "Lambda function runs with an administrator execution role", FindingSeverity.Critical, Function,
        ["SecurityHub:IAM.1", "Config:iam-policy-no-statements-with-admin-access", "Prowler:iam_inline_policy_no_administrative_privileges", "Prowler:iam_aws_attached_policy_no_administrative_privileges", "Prowler:iam_customer_attached_policy_no_administrative_privileges", "CloudSploit:lambda/lambdaAdminPrivileges"]);

    public static AuditRule EscalationRole { get; } = new("LS-ROLE-002", "Lambda function's execution role allows privilege escalation", FindingSeverity.Critical, Function,
        ["Prowler:iam_policy_allows_privilege_escalation", "Prowler:iam_inline_policy_allows_privilege_escalation"]);

    public static AuditRule WildcardRole { get; } = new("LS-ROLE-003", "Lambda function's execution role grants whole services (service:*)", FindingSeverity.Medium, Function,
        ["SecurityHub:IAM.21", "Config:iam-policy-no-statements-with-full-access"]);

    public static AuditRule RoleTrust { get; } = new("LS-ROLE-004", "Lambda function's execution role is trusted by principals other than Lambda", FindingSeverity.High, Function, []);

    public static AuditRule RoleTakeover { get; } = new("LS-ROLE-005", "Other principals can change the function and so act as its more privileged execution role", FindingSeverity.High, Function, []);

    public static AuditRule RecentPublicGrant { get; } = new("LS-EVT-001", "A recent permission change made a function public", FindingSeverity.High, Function, []);

    public static AuditRule SecretInEnvironment { get; } = new("LS-SEC-001", "Lambda function environment variables hold secrets", FindingSeverity.High, Function,
        ["Prowler:awslambda_function_no_secrets_in_variables", "Checkov:CKV_AWS_45"]);

    public static AuditRule VulnerableDependency { get; } = new("LS-VULN-001", "Lambda function carries a package with a known High or Critical vulnerability", FindingSeverity.High, Function, []);

    public static AuditRule InspectorLambdaScanOff { get; } = new("LS-DETECT-001", "Amazon Inspector Lambda standard scanning is not enabled in the account and region", FindingSeverity.Medium, "AWS::::Account",
        ["SecurityHub:Inspector.4", "Config:inspector-lambda-standard-scan-enabled", "Prowler:inspector2_is_enabled"]);

    public static AuditRule InspectorLambdaCodeScanOff { get; } = new("LS-DETECT-002", "Amazon Inspector Lambda code scanning is not enabled in the account and region", FindingSeverity.Low, "AWS::::Account",
        ["SecurityHub:Inspector.3", "Config:inspector-lambda-code-scan-enabled", "Prowler:inspector2_is_enabled"]);

    public static AuditRule GuardDutyLambdaProtectionOff { get; } = new("LS-DETECT-003", "GuardDuty Lambda Protection is not enabled in the account and region", FindingSeverity.Medium, "AWS::::Account",
        ["SecurityHub:GuardDuty.6", "Config:guardduty-lambda-protection-enabled", "Prowler:guardduty_lambda_protection_enabled"]);

    public static AuditRule DetectorStatusUnknown { get; } = new("LS-DETECT-004", "The status of Amazon Inspector or GuardDuty could not be read in the account and region", FindingSeverity.Low, "AWS::::Account", []);

    public static AuditRule AccountNotAudited { get; } = new("LS-AUDIT-001", "Account could not be audited", FindingSeverity.High, "AWS::::Account", []);

    public static AuditRule RegionNotAudited { get; } = new("LS-AUDIT-002", "Region could not be audited", FindingSeverity.Medium, "AWS::::Account", []);

    public static IReadOnlyList<AuditRule> All { get; } =
    [
        PublicPolicy, ConfusedDeputy, CrossAccount, UnknownPolicy, PublicUrl, UrlCors, UrlCorsAnyOrigin,
        RestApiWithoutWaf, LoadBalancerWithoutWaf, HttpApiWithoutWaf, EntryPointWithoutAuth,
        EndOfLifeRuntime, RuntimeDeprecationScheduled, UnknownRuntime, DenialOfWallet, AdminRole, EscalationRole, WildcardRole, RoleTrust, RecentPublicGrant, SecretInEnvironment, VulnerableDependency,
        InspectorLambdaScanOff, InspectorLambdaCodeScanOff, GuardDutyLambdaProtectionOff, DetectorStatusUnknown, AccountNotAudited, RegionNotAudited,
    ];
}
