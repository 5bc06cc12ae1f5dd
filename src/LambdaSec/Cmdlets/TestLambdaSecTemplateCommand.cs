using System;
using System.Collections.Generic;
using System.IO;
using System.Linq;
using System.Management.Automation;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Analysis.Suppressions;
using LambdaSec.Analysis.Templates;
using LambdaSec.Collect;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Checks CloudFormation, SAM and Terraform plan files for public Lambda permissions, open function URLs, end-of-life runtimes, API stages without WAF and over-privileged execution roles, before deployment.</para>
/// <para type="description">Test-LambdaSecTemplate reads CloudFormation and SAM templates (JSON or YAML, with the short-form tags !Ref, !Sub, !GetAtt and the others) and the JSON of `terraform show -json` (plan or state; root and child modules). No AWS call is made. For every finding it writes a LambdaSecFinding with the rule id, severity, evidence, remediation, the matching Control Tower, Security Hub, AWS Config and Prowler controls, and the file, line and logical id (Terraform: resource address). Pipe the findings to Export-LambdaSecReport -Format Sarif to see them in code review.</para>
/// <para type="description">Rules: LS-IAC-001..004, Lambda permissions (AWS::Lambda::Permission, aws_lambda_permission): the statement Lambda would write is classified like Test-LambdaPolicy, and Public, ServiceUnrestricted (a service without a source account or ARN: confused deputy) and CrossAccount grants are reported; a principal or condition that is known only at deployment (a parameter, even with a Default, the physical id of a resource, a Terraform value known after apply) is reported as unresolved (LS-IAC-004), never guessed. AWS::AccountId is the stack's account, which owns the function, so a SourceAccount of !Ref AWS::AccountId pins the owner. A SourceArn of an S3 bucket (arn:aws:s3:::name) has no account field and pins nothing. LS-IAC-010/011: function URLs (AWS::Lambda::Url, SAM FunctionUrlConfig incl. Globals, aws_lambda_function_url) with AuthType NONE or CORS open to any origin. LS-IAC-020/021: runtimes that are deprecated or blocked, or scheduled for deprecation within -WarningDays, from the runtime catalog. LS-IAC-030/031: REST API stages (AWS::ApiGateway::Stage, Deployment with StageName, AWS::Serverless::Api, SAM's implicit API) without an AWS::WAFv2::WebACLAssociation that refers to the stage or its API in the same template, and HTTP APIs, which WAF cannot protect. LS-IAC-040..042: Lambda execution roles (AWS::IAM::Role that trusts lambda.amazonaws.com or that a function uses, with the AWS::IAM::Policy, RolePolicy and ManagedPolicy resources attached to it; aws_iam_role with its aws_iam_role_policy and attachment resources; and the role SAM creates from a function's Policies) through the role privilege analyzer of Test-LambdaRolePolicy: administrator roles, privilege escalation methods, and values the analysis cannot know before deployment (intrinsics inside policy documents, managed policies other than the few AWS managed ones LambdaSec holds, SAM policy templates), which are reported, never guessed. LS-CONFIG-001/002/003/004/005/007/008/009/011/012/013/014/015/016: the configuration rules of Get-LambdaConfigurationRisk on each function (SAM Globals included), with the same ids, on the line of the property; LS-CONFIG-003 from the template's layer version permissions for a layer the function uses, on the permission's line; LS-CONFIG-015 only for a log group the template declares (AWS::Logs::LogGroup, aws_cloudwatch_log_group; a group it does not declare is not judged, since it may exist in the account), on the group's line; LS-CONFIG-011 (not in a VPC) only with -Rule, LS-CONFIG-016 (tags; SAM Globals and Terraform provider default_tags count) only with -Rule or -RequiredTag. LS-ESM-001/002: event source mappings (AWS::Lambda::EventSourceMapping, aws_lambda_event_source_mapping, SAM Events) from another account or a self-managed Kafka without Secrets Manager credentials. LS-SEC-001: secrets written as literals in environment variables. See docs/rules.md.</para>
/// <para type="description">A folder is scanned for *.json, *.yaml, *.yml and *.template files (with -Recurse, also its subfolders); files that are valid JSON or YAML but neither a template nor Terraform JSON are skipped (see -Verbose). A file that is not valid JSON or YAML gives the non-terminating error LambdaSec.TemplateParseError naming the file and line; the other files are still checked. A path that does not exist gives LambdaSec.TemplatePathNotFound.</para>
/// </summary>
/// <example>
/// <code>Test-LambdaSecTemplate -Path ./infra -Recurse | Export-LambdaSecReport -Format Sarif -Path out.sarif</code>
/// <para>Checks every template under ./infra and writes a SARIF report that code review tools show on the pull request.</para>
/// </example>
/// <example>
/// <code>$findings = Test-LambdaSecTemplate -Path template.yaml -OwnerAccountId 111111111111; if ($findings | Where-Object Severity -ge 'High') { exit 1 }</code>
/// <para>Fails a CI step when the SAM template has a High or Critical finding; with the owner account known, a literal account in a permission is told apart from the owner.</para>
/// </example>
/// <example>
/// <code>Test-LambdaSecTemplate -Path ./infra -Recurse -SuppressionPath ./accepted-risks.yaml | Where-Object { -not $_.Suppressed }</code>
/// <para>Checks the templates with the team's accepted risks (and each resource's Metadata.lambdasec.rules_to_suppress entries) applied, and keeps the findings nobody accepted.</para>
/// </example>
/// <example>
/// <code>Test-LambdaSecTemplate -Path template.yaml -RequiredTag Owner, DataClass | Where-Object RuleId -eq 'LS-CONFIG-016'</code>
/// <para>Lists the functions of the template that lack an Owner or DataClass tag (Security Hub Lambda.6 with requiredTagKeys), counting SAM Globals.Function.Tags.</para>
/// </example>
/// <example>
/// <code>terraform show -json plan.out > plan.json; Test-LambdaSecTemplate -Path plan.json | Format-Table Severity, RuleId, LogicalId, Title</code>
/// <para>Checks a Terraform plan; LogicalId is the resource address (module.api.aws_lambda_permission.public).</para>
/// </example>
[Cmdlet(VerbsDiagnostic.Test, "LambdaSecTemplate")]
[OutputType(typeof(LambdaSecFinding))]
public sealed class TestLambdaSecTemplateCommand : PSCmdlet
{
    private static readonly string[] TemplateExtensions = [".json", ".yaml", ".yml", ".template"];

    private TemplateAnalysisContext _context = new();
    private SuppressionSet _suppressions = SuppressionSet.Empty;
    private bool _warnedOwner;
    private RuleSelection _rules = new(null);

    /// <summary>
    /// <para type="description">Template files or folders. Binds from the pipeline, also by the FullName property of Get-ChildItem output.</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipeline = true, ValueFromPipelineByPropertyName = true)]
    [Alias("FullName")]
    [ValidateNotNullOrEmpty]
    public string[] Path { get; set; } = [];

    /// <summary>
    /// <para type="description">Also scans the subfolders of folders given in -Path.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter Recurse { get; set; }

    /// <summary>
    /// <para type="description">The 12-digit account the templates deploy to. Without it, AWS::AccountId stands for "the stack's account" and every literal account in a permission counts as external.</para>
    /// </summary>
    [Parameter]
    [ValidateAccountId]
    public string? OwnerAccountId { get; set; }

    /// <summary>
    /// <para type="description">Accounts you trust: a permission whose accounts (principal, source account or source ARN) are all the owner or trusted accounts is not reported as CrossAccount (LS-IAC-003).</para>
    /// </summary>
    [Parameter]
    [ValidateAccountId]
    public string[]? TrustedAccountId { get; set; }

    /// <summary>
    /// <para type="description">The date to judge runtimes on; only its UTC calendar date counts. Defaults to today (UTC).</para>
    /// </summary>
    [Parameter]
    public DateTime AsOf { get; set; }

    /// <summary>
    /// <para type="description">How many days before its deprecation date a runtime is reported as scheduled for deprecation (LS-IAC-021). Defaults to 180.</para>
    /// </summary>
    [Parameter]
    [ValidateRange(0, 36500)]
    public int WarningDays { get; set; } = RuntimeStatusEvaluator.DefaultWarningDays;

    /// <summary>
    /// <para type="description">A runtime catalog JSON file to use instead of the embedded one (format: the module's Data/runtimes.json).</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? CatalogPath { get; set; }

    /// <summary>
    /// <para type="description">Emit only findings of these rule ids (wildcards allowed, e.g. LS-IAC-0*). Opt-in rules (LS-CONFIG-011, function not in a VPC; LS-CONFIG-016, tags) are reported only when a pattern here matches them, e.g. -Rule * or -Rule LS-CONFIG-011 (LS-CONFIG-016 also with -RequiredTag).</para>
    /// </summary>
    [Parameter]
    public string[]? Rule { get; set; }

    /// <summary>
    /// <para type="description">Tag keys every function must carry (case-sensitive), as Security Hub Lambda.6's requiredTagKeys and Get-LambdaConfigurationRisk -RequiredTag. Giving it turns on the opt-in tag rule LS-CONFIG-016 (without it, -Rule LS-CONFIG-016 asks only for at least one tag of the function's own).</para>
    /// </summary>
    [Parameter]
    public string[]? RequiredTag { get; set; }

    /// <summary>
    /// <para type="description">A suppression file (YAML or JSON, the same as Invoke-LambdaSecAudit -SuppressionPath): matching findings are emitted with Suppressed, SuppressionReason and SuppressedBy set; its trustedAccounts are added to -TrustedAccountId. Resource patterns match the logical id (Terraform: the resource address) and the function name. In-template suppressions (a resource's Metadata.lambdasec.rules_to_suppress entries with id and reason) apply with or without it.</para>
    /// </summary>
    [Parameter]
    [ValidateNotNullOrEmpty]
    public string? SuppressionPath { get; set; }

    protected override void BeginProcessing()
    {
        _rules = new RuleSelection(Rule, RequiredTag);
        var asOf = MyInvocation.BoundParameters.ContainsKey(nameof(AsOf)) ? AsOf : DateTime.UtcNow;
        _suppressions = AuditFileLoader.LoadSuppressions(this, SuppressionPath, asOf);
        _context = new TemplateAnalysisContext
        {
            OwnerAccountId = OwnerAccountId,
            TrustedAccounts = new HashSet<string>((TrustedAccountId ?? []).Concat(_suppressions.TrustedAccounts), StringComparer.Ordinal),
            Catalog = RuntimeCatalogLoader.Load(this, CatalogPath),
            AsOf = asOf,
            WarningDays = WarningDays,
            RequiredTagKeys = RequiredTag ?? [],
        };
    }

    protected override void ProcessRecord()
    {
        foreach (var path in Path)
        {
            var full = GetUnresolvedProviderPathFromPSPath(path);
            if (Directory.Exists(full))
            {
                var files = LocalFile.EnumerateFiles(full, Recurse, (skipped, reason) => WriteVerbose($"Skipped {skipped}: {reason}."))
                    .Where(f => TemplateExtensions.Contains(System.IO.Path.GetExtension(f), StringComparer.OrdinalIgnoreCase))
                    .OrderBy(f => f, StringComparer.Ordinal);
                var root = full.TrimEnd(System.IO.Path.DirectorySeparatorChar, System.IO.Path.AltDirectorySeparatorChar).Length + 1;
                foreach (var file in files)
                {
                    Check(file, file.Substring(root).Replace('\\', '/'), explicitFile: false);
                }
            }
            else if (File.Exists(full))
            {
                Check(full, System.IO.Path.GetFileName(full), explicitFile: true);
            }
            else
            {
                WriteError(new ErrorRecord(
                    new FileNotFoundException($"'{full}' is neither a file nor a folder. Pass the path of a template, a terraform show -json file or a folder of them.", full),
                    ErrorIds.TemplatePathNotFound,
                    ErrorCategory.ObjectNotFound,
                    path));
            }
        }
    }

    private void Check(string file, string sourcePath, bool explicitFile)
    {
        ParsedTemplate? template;
        try
        {
            template = TemplateLoader.Load(LocalFile.ReadText(file), file, sourcePath);
        }
        catch (TemplateParseException ex)
        {
            WriteError(new ErrorRecord(
                new TemplateParseException($"{file}:{ex.Line}: {ex.Message} Fix the file; the other files are still checked.", ex.Line, ex),
                ErrorIds.TemplateParseError,
                ErrorCategory.InvalidData,
                file));
            return;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            WriteError(new ErrorRecord(
                new TemplateParseException($"{file}: the file cannot be read ({ex.Message}).", 0, ex),
                ErrorIds.TemplateParseError,
                ErrorCategory.ReadError,
                file));
            return;
        }

        if (template is null)
        {
            var message = $"Skipped {file}: it is neither a CloudFormation/SAM template (no Resources) nor terraform show -json output.";
            if (explicitFile)
            {
                WriteWarning(message);
            }
            else
            {
                WriteVerbose(message);
            }

            return;
        }

        WriteVerbose($"{file}: {template.Format}, {template.Resources.Count} resources.");
        IReadOnlyList<LambdaSecFinding> findings = TemplateAnalyzer.Analyze(template, _context);
        if (!_warnedOwner && OwnerAccountId is null && findings.Any(f => f.RuleId == TemplateRules.CrossAccountPermission.Id))
        {
            _warnedOwner = true;
            WriteWarning("The owner account is not known, so every account written in a permission counts as external. Pass -OwnerAccountId to tell the owner apart.");
        }

        var problems = new List<string>();
        var inTemplate = SuppressionReader.ReadTemplate(template, problems);
        foreach (var problem in problems)
        {
            WriteError(new ErrorRecord(
                new InvalidDataException($"{problem} The entry is ignored, so it suppresses nothing; fix it in the template."),
                ErrorIds.SuppressionInvalid,
                ErrorCategory.InvalidData,
                file));
        }

        AuditFileLoader.WarnExpired(this, inTemplate, _context.AsOf);
        WriteObject(findings.Where(f => _rules.Includes(f.RuleId)).Select(f => _suppressions.Apply(inTemplate.Apply(f, _context.AsOf), _context.AsOf)), enumerateCollection: true);
    }
}
