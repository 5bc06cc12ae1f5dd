using LambdaSec.Model;

namespace LambdaSec.Analysis.Templates;

/// <summary>The rules of Test-LambdaSecTemplate. Ids are stable (docs/rules.md); never renumber one.</summary>
public static class TemplateRules
{
    private static readonly string[] PublicAccessControls =
    [
        "ControlTower:CT.LAMBDA.PR.2", "SecurityHub:Lambda.1", "Config:lambda-function-public-access-prohibited", "Prowler:awslambda_function_not_publicly_accessible",
    ];

    // Service principals without a source pin: Security Hub Lambda.1 / the Config rule flag it for S3 only; Checkov CKV_AWS_364 for any service.
    private static readonly string[] ServicePinControls =
    [
        "ControlTower:CT.LAMBDA.PR.2", "SecurityHub:Lambda.1", "Config:lambda-function-public-access-prohibited", "Checkov:CKV_AWS_364",
    ];

    private static readonly string[] RuntimeControls =
    [
        "SecurityHub:Lambda.2", "Config:lambda-function-settings-check", "Prowler:awslambda_function_using_supported_runtimes",
    ];

    public static readonly TemplateRule PublicPermission = new(
        "LS-IAC-001",
        "Lambda permission lets anyone invoke the function",
        FindingSeverity.Critical,
        "Name the caller in Principal (an account or a service) and pin the source with SourceArn or SourceAccount, or add PrincipalOrgID to limit it to your organization.",
        [.. PublicAccessControls, "Checkov:CKV_AWS_301"]);

    public static readonly TemplateRule ServiceUnrestrictedPermission = new(
        "LS-IAC-002",
        "Lambda permission for a service has no source account or ARN (confused deputy)",
        FindingSeverity.High,
        "Add SourceAccount (or a SourceArn that names your account, e.g. an SNS topic or EventBridge rule ARN) so that only your resources of that service can invoke the function; an S3 bucket ARN has no account, so add SourceAccount for S3.",
        ServicePinControls);

    public static readonly TemplateRule CrossAccountPermission = new(
        "LS-IAC-003",
        "Lambda permission lets another AWS account invoke the function",
        FindingSeverity.Medium,
        "Check that the external account is meant to invoke the function; prefer PrincipalOrgID when it is one of your organization's accounts.",
        ["AccessAnalyzer:ExternalAccess"]);

    public static readonly TemplateRule UnresolvedValue = new(
        "LS-IAC-004",
        "Who may invoke the function is decided only at deployment",
        FindingSeverity.Medium,
        "Write the principal and its SourceAccount/SourceArn/PrincipalOrgID as literals or !Ref AWS::AccountId, or constrain the parameter with AllowedValues/AllowedPattern, so the grant can be reviewed before deployment.",
        PublicAccessControls);

    public static readonly TemplateRule FunctionUrlAuthNone = new(
        "LS-IAC-010",
        "Function URL has AuthType NONE (no authentication)",
        FindingSeverity.High,
        "Set AuthType to AWS_IAM and sign requests (SigV4), or put CloudFront with origin access control in front; New-LambdaSecGuardrail -Kind Scp blocks NONE URLs organization-wide.",
        ["ControlTower:CT.LAMBDA.PR.5", "ControlTower:CT.LAMBDA.PV.1", "Prowler:awslambda_function_url_public", "Checkov:CKV_AWS_258"]);

    public static readonly TemplateRule FunctionUrlCorsAnyOrigin = new(
        "LS-IAC-011",
        "Function URL CORS allows any origin",
        FindingSeverity.Medium,
        "List the origins that may call the URL in Cors.AllowOrigins instead of \"*\"; never combine \"*\" with AllowCredentials.",
        ["ControlTower:CT.LAMBDA.PR.6", "Prowler:awslambda_function_url_cors_policy", "Checkov:CKV2_AWS_75"]);

    public static readonly TemplateRule RuntimeEndOfLife = new(
        "LS-IAC-020",
        "Function runtime is deprecated or blocked",
        FindingSeverity.High,
        "Move the function to the recommended runtime of its family (Test-LambdaRuntime -Runtime <id> shows it) and test it before deploying.",
        [.. RuntimeControls, "Checkov:CKV_AWS_363"]);

    public static readonly TemplateRule RuntimeDeprecationScheduled = new(
        "LS-IAC-021",
        "Function runtime is scheduled for deprecation",
        FindingSeverity.Low,
        "Plan the move to the recommended runtime of its family before the deprecation date (Test-LambdaRuntime -Runtime <id>).",
        RuntimeControls);

    public static readonly TemplateRule RestApiWithoutWaf = new(
        "LS-IAC-030",
        "API Gateway REST API stage has no WAF web ACL in the template",
        FindingSeverity.Medium,
        "Add an AWS::WAFv2::WebACLAssociation (aws_wafv2_web_acl_association) whose ResourceArn is the stage ARN, with a web ACL that rate-limits and uses the AWS managed rule groups.",
        ["SecurityHub:APIGateway.4", "Config:api-gw-associated-with-waf", "Prowler:apigateway_restapi_waf_acl_attached", "Checkov:CKV2_AWS_29"]);

    public static readonly TemplateRule HttpApiCannotHaveWaf = new(
        "LS-IAC-031",
        "API Gateway HTTP API cannot be protected by WAF",
        FindingSeverity.Informational,
        "WAF cannot attach to HTTP APIs: put a CloudFront distribution with a WAF web ACL in front (and block direct calls), or use a REST API; set authorizers and throttling on every route.",
        ["Config:api-gw-associated-with-waf"]);

    public static readonly TemplateRule ExecutionRoleAdmin = new(
        "LS-IAC-040",
        "Lambda execution role is an administrator",
        FindingSeverity.Critical,
        "Grant the function only the actions and resources it uses (Test-LambdaRolePolicy shows what a policy allows); never attach AdministratorAccess or Allow * on * to a function: whoever runs code in it, or can change its code, is an administrator of the account.",
        ["SecurityHub:IAM.1", "Prowler:iam_inline_policy_no_administrative_privileges", "Prowler:iam_aws_attached_policy_no_administrative_privileges", "Checkov:CKV_AWS_62"]);

    public static readonly TemplateRule ExecutionRoleEscalation = new(
        "LS-IAC-041",
        "Lambda execution role can escalate its privileges",
        FindingSeverity.High,
        "Remove the actions of the escalation methods named in the evidence (iam:* policy and role changes, iam:PassRole with a compute service...), or scope them to resources that cannot raise privileges and add a permissions boundary.",
        ["Prowler:iam_policy_allows_privilege_escalation", "Checkov:CKV_AWS_286"]);

    /// <summary>The audit's LS-SEC-001, before deployment: the same rule id, so one suppression or gate covers both.</summary>
    public static readonly TemplateRule SecretInEnvironment = new(
        "LS-SEC-001",
        "Lambda function environment variables hold secrets",
        FindingSeverity.High,
        "Keep the secret out of the template: store it in AWS Secrets Manager or SSM Parameter Store (SecureString) and read it at run time, or pass its ARN in the variable; rotate the exposed credential, since the template is already in version control.",
        ["Prowler:awslambda_function_no_secrets_in_variables", "Checkov:CKV_AWS_45"]);

    public static readonly TemplateRule ExecutionRoleUnresolved = new(
        "LS-IAC-042",
        "Lambda execution role privileges are decided only at deployment",
        FindingSeverity.Medium,
        "Write the role's policy documents with literal actions and resources (or !Sub of AWS::AccountId, AWS::Region and resources of the template), and review managed policies LambdaSec does not know with Test-LambdaRolePolicy.",
        []);
}
