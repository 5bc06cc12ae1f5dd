namespace LambdaSec.Model;

/// <summary>
/// Stable error ids, the first part of every FullyQualifiedErrorId LambdaSec writes. Documented in
/// docs/errors.md; scripts may match on them, so never rename one.
/// </summary>
public static class ErrorIds
{
    public const string PolicyParseError = "LambdaSec.PolicyParseError";

    /// <summary>-CatalogPath names a file that does not exist (terminating).</summary>
    public const string RuntimeCatalogNotFound = "LambdaSec.RuntimeCatalogNotFound";

    /// <summary>The runtime catalog file is not valid JSON or not a runtime catalog (terminating).</summary>
    public const string RuntimeCatalogInvalid = "LambdaSec.RuntimeCatalogInvalid";

    /// <summary>Update-LambdaRuntimeCatalog: the Lambda runtimes page does not have the tables LambdaSec reads; nothing is written (terminating).</summary>
    public const string RuntimePageFormatChanged = "LambdaSec.RuntimePageFormatChanged";

    /// <summary>Update-LambdaRuntimeCatalog: the page was read but fails the checks (older, incomplete, inverted dates); nothing is written (terminating).</summary>
    public const string RuntimePageRejected = "LambdaSec.RuntimePageRejected";

    /// <summary>Update-LambdaRuntimeCatalog: the page could not be downloaded; nothing is written (terminating).</summary>
    public const string RuntimePageDownloadFailed = "LambdaSec.RuntimePageDownloadFailed";

    /// <summary>Update-LambdaRuntimeCatalog -Path names a file that does not exist (terminating).</summary>
    public const string RuntimePageNotFound = "LambdaSec.RuntimePageNotFound";

    /// <summary>Update-LambdaRuntimeCatalog could not write the user catalog file; the previous one is untouched (terminating).</summary>
    public const string RuntimeCatalogWriteFailed = "LambdaSec.RuntimeCatalogWriteFailed";

    /// <summary>A function came without its Runtime and it cannot be looked up (non-terminating, per function).</summary>
    public const string RuntimeNotProvided = "LambdaSec.RuntimeNotProvided";

    /// <summary>No AWS credentials could be resolved (terminating).</summary>
    public const string NoCredentials = "LambdaSec.NoCredentials";

    /// <summary>No AWS region could be resolved (terminating).</summary>
    public const string NoRegion = "LambdaSec.NoRegion";

    /// <summary>A parameter was given an unusable value, such as an empty -AccessKey; the message names the parameter (terminating).</summary>
    public const string InvalidArgument = "LambdaSec.InvalidArgument";

    /// <summary>An endpoint URL (-EndpointUrl, AWS_ENDPOINT_URL..., a profile's endpoint_url) is not an absolute http(s) URL (terminating).</summary>
    public const string InvalidEndpointUrl = "LambdaSec.InvalidEndpointUrl";

    /// <summary>A region belongs to no AWS partition LambdaSec knows, so it has no public endpoint (terminating).</summary>
    public const string UnknownRegion = "LambdaSec.UnknownRegion";

    /// <summary>AWS refused the call: the caller lacks the IAM permission (non-terminating, per resource).</summary>
    public const string AccessDenied = "LambdaSec.AccessDenied";

    /// <summary>The function, policy, role or other resource does not exist (non-terminating, per resource).</summary>
    public const string ResourceNotFound = "LambdaSec.ResourceNotFound";

    /// <summary>AWS kept throttling the call after every retry (non-terminating, per resource).</summary>
    public const string Throttled = "LambdaSec.Throttled";

    /// <summary>A concurrent change was detected (RevisionId mismatch); nothing was overwritten (non-terminating).</summary>
    public const string PreconditionFailed = "LambdaSec.PreconditionFailed";

    /// <summary>The AWS endpoint could not be reached after every retry (non-terminating, per resource).</summary>
    public const string AwsConnectionFailed = "LambdaSec.AwsConnectionFailed";

    /// <summary>Any other error answer from AWS; the message carries the AWS error code and request id (non-terminating).</summary>
    public const string AwsError = "LambdaSec.AwsError";

    /// <summary>Export-LambdaSecReport: the report file exists and -Force was not given; it is left unchanged (terminating).</summary>
    public const string ReportExists = "LambdaSec.ReportExists";

    /// <summary>Export-LambdaSecReport: the report file could not be written (missing folder, no permission, disk full) (terminating).</summary>
    public const string ReportWriteFailed = "LambdaSec.ReportWriteFailed";

    /// <summary>Export-LambdaSecReport: a pipeline object is not a finding (no RuleId, or a property of the wrong kind); it is skipped (non-terminating).</summary>
    public const string InvalidFinding = "LambdaSec.InvalidFinding";

    /// <summary>An infrastructure-as-code file is not valid JSON/YAML or cannot be read; the message names the file and line (non-terminating, per file).</summary>
    public const string TemplateParseError = "LambdaSec.TemplateParseError";

    /// <summary>A -Path of Test-LambdaSecTemplate names no file or folder (non-terminating, per path).</summary>
    public const string TemplatePathNotFound = "LambdaSec.TemplatePathNotFound";

    /// <summary>A generated service control policy is over the 5,120-character SCP size limit (terminating).</summary>
    public const string GuardrailTooLarge = "LambdaSec.GuardrailTooLarge";

    /// <summary>Find-LambdaSecret: a -Path names no file or folder (non-terminating, per path).</summary>
    public const string SecretScanPathNotFound = "LambdaSec.SecretScanPathNotFound";

    /// <summary>Find-LambdaSecret: a package or layer is not a readable zip archive (non-terminating, per package).</summary>
    public const string CodePackageInvalid = "LambdaSec.CodePackageInvalid";

    /// <summary>Find-LambdaSecret: a package or layer is larger than -MaxCodeBytes and was not scanned (non-terminating, per package).</summary>
    public const string CodePackageTooLarge = "LambdaSec.CodePackageTooLarge";

    /// <summary>Find-LambdaSecret: a package or layer could not be downloaded from its code location (non-terminating, per package).</summary>
    public const string CodeDownloadFailed = "LambdaSec.CodeDownloadFailed";

    /// <summary>-PriceFile names a file that does not exist (terminating).</summary>
    public const string PriceFileNotFound = "LambdaSec.PriceFileNotFound";

    /// <summary>The price file is not valid JSON or not a price list (terminating).</summary>
    public const string PriceFileInvalid = "LambdaSec.PriceFileInvalid";

    /// <summary>A CloudTrail event given to Get-LambdaPermissionEvent cannot be read (non-terminating, per event).</summary>
    public const string CloudTrailEventInvalid = "LambdaSec.CloudTrailEventInvalid";

    /// <summary>The endpoint does not implement the operation (HTTP 404/405/501 without an AWS error code); that part is reported as unknown.</summary>
    public const string OperationNotSupported = "LambdaSec.OperationNotSupported";

    /// <summary>Start-LambdaSecEmulator: the emulator is not in the module, or a -Scenario file does not exist (terminating); Stop: no such emulator.</summary>
    public const string EmulatorNotFound = "LambdaSec.EmulatorNotFound";

    /// <summary>Start-LambdaSecEmulator: the emulator process did not come up (terminating; the message has its output).</summary>
    public const string EmulatorStartFailed = "LambdaSec.EmulatorStartFailed";

    /// <summary>Remove-LambdaPublicPermission: a planned statement changed (or left the levels in scope) before it was removed; it is left as it is (non-terminating).</summary>
    public const string StatementChanged = "LambdaSec.StatementChanged";

    /// <summary>Restore-LambdaPermission: a backed-up statement cannot be expressed as AddPermission parameters; it is reported, not guessed (non-terminating).</summary>
    public const string StatementNotRestorable = "LambdaSec.StatementNotRestorable";

    /// <summary>Restore-LambdaPermission: the policy already has a different statement with the backed-up Sid; it is not overwritten (non-terminating).</summary>
    public const string StatementConflict = "LambdaSec.StatementConflict";

    /// <summary>A remediation input belongs to another account than the credentials; it is skipped (non-terminating).</summary>
    public const string AccountMismatch = "LambdaSec.AccountMismatch";

    /// <summary>The remediation backup could not be written; nothing more is changed (terminating).</summary>
    public const string BackupFailed = "LambdaSec.BackupFailed";

    /// <summary>Restore-LambdaPermission: the backup file does not exist or is not a LambdaSec backup (terminating).</summary>
    public const string BackupInvalid = "LambdaSec.BackupInvalid";

    /// <summary>Restore-LambdaPermission: a pipeline object is not a removal or URL change record; it is skipped (non-terminating).</summary>
    public const string InvalidBackupRecord = "LambdaSec.InvalidBackupRecord";

    /// <summary>Test-LambdaSecGuardrail: the caller's account is not in an AWS organization (non-terminating; nothing to test).</summary>
    public const string OrganizationsNotInUse = "LambdaSec.OrganizationsNotInUse";

    /// <summary>Test-LambdaSecGuardrail: the caller may not read the organization's tree or policies; it must be the management account or a delegated administrator (non-terminating).</summary>
    public const string OrganizationsAccessDenied = "LambdaSec.OrganizationsAccessDenied";

    /// <summary>Test-LambdaSecGuardrail: an -AccountId is not an account of the organization (non-terminating, per account).</summary>
    public const string AccountNotInOrganization = "LambdaSec.AccountNotInOrganization";

    /// <summary>Get-LambdaConfigurationRisk -Offline: an input object has neither FunctionName nor FunctionArn (non-terminating, per object).</summary>
    public const string FunctionNotGiven = "LambdaSec.FunctionNotGiven";

    /// <summary>An AWS endpoint answered a redirect (HTTP 3xx); it is not followed, so no signed request or session token goes to another host (non-terminating, per call).</summary>
    public const string EndpointRedirected = "LambdaSec.EndpointRedirected";

    /// <summary>An endpoint URL is plain http to a host other than loopback and -AllowInsecureEndpoint was not given: credentials would travel in clear (terminating).</summary>
    public const string InsecureEndpoint = "LambdaSec.InsecureEndpoint";

    /// <summary>Find-LambdaVulnerability: the OSV API could not be queried or answered something else than an OSV response; no vulnerability is reported for the packages concerned (non-terminating).</summary>
    public const string OsvQueryFailed = "LambdaSec.OsvQueryFailed";

    /// <summary>Find-LambdaVulnerability: a function has no zip package to read (a container image); it is reported as not scanned (non-terminating, per function).</summary>
    public const string FunctionNotScanned = "LambdaSec.FunctionNotScanned";

    /// <summary>Find-LambdaVulnerability -OsvDataPath, Invoke-LambdaSecAudit -OsvDataPath: the local copy of OSV's data could not be read (missing, not a zip, over the size bound); no vulnerability is reported (non-terminating).</summary>
    public const string OsvDataUnreadable = "LambdaSec.OsvDataUnreadable";

    /// <summary>Find-LambdaVulnerability -Source Inspector|Both: Amazon Inspector's findings could not be read in an account and region (access denied, Inspector not enabled, throttled); once per account-region, OSV's part still runs (non-terminating).</summary>
    public const string InspectorFindingsUnreadable = "LambdaSec.InspectorFindingsUnreadable";

    /// <summary>-SuppressionPath names no file (terminating).</summary>
    public const string SuppressionFileNotFound = "LambdaSec.SuppressionFileNotFound";

    /// <summary>A suppression file breaks its schema (terminating; the message lists every file:line problem), or a template's Metadata suppression entry does (non-terminating; that entry is ignored).</summary>
    public const string SuppressionInvalid = "LambdaSec.SuppressionInvalid";

    /// <summary>A -BaselinePath or Compare-LambdaSecAudit file does not exist or is not a LambdaSec JSON report (terminating).</summary>
    public const string FindingReportInvalid = "LambdaSec.FindingReportInvalid";

    /// <summary>Send-LambdaSecFinding: Security Hub refused one finding of a BatchImportFindings call (its ErrorCode and message are in the error); the others are imported (non-terminating, per finding).</summary>
    public const string SecurityHubImportFailed = "LambdaSec.SecurityHubImportFailed";

    /// <summary>Invoke-LambdaSecAudit: -CheckpointPath names a FIFO, a device, a folder or a file that cannot be read; nothing is audited (terminating).</summary>
    public const string CheckpointInvalid = "LambdaSec.CheckpointInvalid";

    /// <summary>Invoke-LambdaSecAudit: the -CheckpointPath file could not be written during the run; the audit goes on without recording, every finding is still output (non-terminating, once).</summary>
    public const string CheckpointWriteFailed = "LambdaSec.CheckpointWriteFailed";
}
