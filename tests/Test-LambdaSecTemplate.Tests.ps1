Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeDiscovery {
    # One row per resource of the SAM permissions template: the rule it must give (none: $null), per DESIGN §3.
    $permissionCases = @(
        @{ LogicalId = 'PublicPermission'; RuleId = 'LS-IAC-001'; Severity = 'Critical'; Why = 'Principal "*" without conditions' }
        @{ LogicalId = 'S3BucketArnOnly'; RuleId = 'LS-IAC-002'; Severity = 'High'; Why = 'an S3 bucket ARN has no account field, so it pins nothing' }
        @{ LogicalId = 'S3WithSourceAccount'; RuleId = $null; Severity = $null; Why = 'SourceAccount !Ref AWS::AccountId pins the owner' }
        @{ LogicalId = 'SnsTopicArn'; RuleId = 'LS-IAC-004'; Severity = 'Medium'; Why = 'the topic ARN (!Ref) is known only after deployment' }
        @{ LogicalId = 'EventsRuleSub'; RuleId = $null; Severity = $null; Why = 'the !Sub names the stack account in the account field' }
        @{ LogicalId = 'PartnerLiteral'; RuleId = 'LS-IAC-003'; Severity = 'Medium'; Why = 'a literal external account' }
        @{ LogicalId = 'ParameterPrincipal'; RuleId = 'LS-IAC-004'; Severity = 'Medium'; Why = 'a parameter principal is not guessed, even with a Default' }
        @{ LogicalId = 'OrgScoped'; RuleId = $null; Severity = $null; Why = 'PrincipalOrgID gives Organization' }
        @{ LogicalId = 'LiteralSub'; RuleId = 'LS-IAC-001'; Severity = 'Critical'; Why = 'a !Sub without variables is its literal' }
        @{ LogicalId = 'OwnAccountByRef'; RuleId = $null; Severity = $null; Why = 'the stack account is the owner' }
        @{ LogicalId = 'PartnerSourceAccountParam'; RuleId = 'LS-IAC-004'; Severity = 'Medium'; Why = 'an unresolved SourceAccount may or may not narrow' }
        @{ LogicalId = 'UrlPublicIam'; RuleId = 'LS-IAC-001'; Severity = 'Critical'; Why = 'FunctionUrlAuthType AWS_IAM with "*" is still Public' }
        @{ LogicalId = 'ShortFormTags'; RuleId = 'LS-IAC-004'; Severity = 'Medium'; Why = 'every short-form tag parses; a SourceArn under !If is not evaluated' }
    )
    $terraformCases = @(
        @{ Address = 'aws_lambda_function.legacy'; RuleId = 'LS-IAC-020' }
        @{ Address = 'aws_lambda_permission.public'; RuleId = 'LS-IAC-001' }
        @{ Address = 'aws_lambda_permission.pending_source'; RuleId = 'LS-IAC-004' }
        @{ Address = 'aws_lambda_function_url.open'; RuleId = 'LS-IAC-010' }
        @{ Address = 'aws_lambda_function_url.open'; RuleId = 'LS-IAC-011' }
        @{ Address = 'aws_api_gateway_stage.dev'; RuleId = 'LS-IAC-030' }
        @{ Address = 'module.partner.aws_lambda_permission.cross'; RuleId = 'LS-IAC-003' }
        @{ Address = 'aws_lambda_permission.only_in_changes'; RuleId = 'LS-IAC-001' }
        @{ Address = 'aws_lambda_function.legacy'; RuleId = 'LS-CONFIG-009' }
        @{ Address = 'aws_lambda_event_source_mapping.partner_stream'; RuleId = 'LS-ESM-001' }
        @{ Address = 'aws_lambda_event_source_mapping.kafka'; RuleId = 'LS-ESM-002' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest
    $script:data = Join-Path $PSScriptRoot 'data/templates'
    $script:asOf = [datetime] '2026-06-01'
    $script:owner = '111111111111'
    function script:Get-Findings([string] $Relative, [hashtable] $Extra = @{}) {
        $arguments = @{ Path = (Join-Path $data $Relative); AsOf = $asOf; OwnerAccountId = $owner }
        foreach ($key in $Extra.Keys) { $arguments[$key] = $Extra[$key] }
        @(Test-LambdaSecTemplate @arguments)
    }
}

Describe 'Test-LambdaSecTemplate' {
    Context 'When a SAM template holds Lambda permissions (YAML short-form tags)' {
        BeforeAll { $script:findings = Get-Findings 'sam/permissions.yaml' }

        It 'Should give <RuleId> for <LogicalId> (<Why>)' -ForEach $permissionCases {
            $mine = @($findings | Where-Object LogicalId -eq $LogicalId)
            if ($null -eq $RuleId) {
                $mine | Should -BeNullOrEmpty
            }
            else {
                $mine.Count | Should -Be 1
                $mine[0].RuleId | Should -BeExactly $RuleId
                $mine[0].Severity | Should -Be $Severity
            }
        }

        It 'Should carry the file, the line of the principal and the function' {
            $public = $findings | Where-Object LogicalId -eq 'PublicPermission'
            $public.SourceFile | Should -Be (Join-Path $data 'sam/permissions.yaml')
            $public.SourceLine | Should -Be 26
            $public.FunctionName | Should -Be 'Fn'
            $public.ResourceType | Should -Be 'AWS::Lambda::Permission'
            $public.ControlIds | Should -Contain 'ControlTower:CT.LAMBDA.PR.2'
            $public.ControlIds | Should -Contain 'SecurityHub:Lambda.1'
            $public.Evidence | Should -Match '"Principal":"\*"'
        }

        It 'Should say that a parameter is unresolved and name its Default' {
            $finding = $findings | Where-Object LogicalId -eq 'ParameterPrincipal'
            $finding.Evidence | Should -Match '!Ref InvokerPrincipal'
            $finding.Evidence | Should -Match "Default is '\*'"
        }

        It 'Should write the S3 bucket ARN that pins nothing into the statement' {
            ($findings | Where-Object LogicalId -eq 'S3BucketArnOnly').Evidence | Should -Match 'arn:aws:s3:::<Bucket>'
        }
    }

    Context 'When a suppression file is given (-SuppressionPath)' {
        BeforeAll {
            $script:risks = Join-Path $TestDrive 'risks.yaml'
            Set-Content $risks -Value @'
version: 1
trustedAccounts: ["222222222222"]
suppressions:
  - name: public-by-design
    rules: [LS-IAC-001]
    resource: "Public*"
    reason: Reviewed in SEC-1
  - name: old-acceptance
    rule: LS-IAC-001
    resource: LiteralSub
    reason: Was accepted until the launch
    expires: 2026-05-31
'@
            $script:suppressed = @(Test-LambdaSecTemplate -Path (Join-Path $data 'sam/permissions.yaml') -AsOf $asOf -OwnerAccountId $owner -SuppressionPath $risks -WarningVariable suppressionWarnings -WarningAction SilentlyContinue)
            $script:suppressionWarnings = $suppressionWarnings
        }

        It 'Should mark the matching finding Suppressed with the reason and the entry, and still emit it' {
            $public = $suppressed | Where-Object LogicalId -eq 'PublicPermission'
            $public.Suppressed | Should -BeTrue
            $public.SuppressionReason | Should -Be 'Reviewed in SEC-1'
            $public.SuppressedBy | Should -Be "${risks}:4 (public-by-design)"
        }

        It 'Should leave findings no entry matches unsuppressed' {
            ($suppressed | Where-Object LogicalId -eq 'UrlPublicIam').Suppressed | Should -BeFalse
            ($suppressed | Where-Object LogicalId -eq 'S3BucketArnOnly').Suppressed | Should -BeFalse
        }

        It 'Should stop suppressing with an expired entry and warn naming it' {
            ($suppressed | Where-Object LogicalId -eq 'LiteralSub').Suppressed | Should -BeFalse
            $suppressionWarnings -join "`n" | Should -Match ([regex]::Escape("${risks}:8 (old-acceptance) expired on 2026-05-31"))
        }

        It 'Should add the file''s trusted accounts to -TrustedAccountId' {
            $suppressed | Where-Object LogicalId -eq 'PartnerLiteral' | Should -BeNullOrEmpty
        }

        It 'Should refuse a file that breaks the schema, naming the file and line: <Why>' -ForEach @(
            @{ Why = 'no reason'; Text = "suppressions:`n  - rules: [LS-IAC-001]`n    resource: x`n"; Line = 2; Message = "'reason' is missing" }
            @{ Why = 'a misspelt key'; Text = "suppressions:`n  - rules: [LS-IAC-001]`n    resource: x`n    reasn: typo`n    reason: y`n"; Line = 4; Message = "unknown key 'reasn'" }
            @{ Why = 'a bad account'; Text = "suppressions:`n  - rules: [LS-IAC-001]`n    resource: x`n    reason: y`n    accounts: [12345]`n"; Line = 5; Message = "'12345' is not an AWS account id" }
            @{ Why = 'a bad date'; Text = "suppressions:`n  - rules: [LS-IAC-001]`n    resource: x`n    reason: y`n    expires: next year`n"; Line = 5; Message = "'expires' must be a date" }
            @{ Why = 'no rules'; Text = "suppressions:`n  - resource: x`n    reason: y`n"; Line = 2; Message = "'rules' is missing" }
            @{ Why = 'a rule that is not a rule id'; Text = "suppressions:`n  - rules: [CKV_AWS_20]`n    resource: x`n    reason: y`n"; Line = 2; Message = "'CKV_AWS_20' is not a rule id" }
            @{ Why = 'a bad trusted account'; Text = "trustedAccounts: [abc]`n"; Line = 1; Message = "'abc' in trustedAccounts" }
            @{ Why = 'invalid YAML'; Text = "suppressions: [`n"; Line = '\d+'; Message = 'not valid YAML' }
        ) {
            $bad = Join-Path $TestDrive 'bad.yaml'
            Set-Content $bad -Value $Text -NoNewline
            $err = { Get-Findings 'sam/permissions.yaml' @{ SuppressionPath = $bad } } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.SuppressionInvalid,LambdaSec.Cmdlets.TestLambdaSecTemplateCommand'
            $err.Exception.Message | Should -Match ([regex]::Escape("${bad}:") + "$Line" + ': .*' + [regex]::Escape($Message))
        }

        It 'Should read the same file as JSON' {
            $json = Join-Path $TestDrive 'risks.json'
            Set-Content $json -Value '{"version": 1, "suppressions": [{"rules": ["LS-IAC-001"], "resource": "PublicPermission", "reason": "JSON works"}]}'
            ((Get-Findings 'sam/permissions.yaml' @{ SuppressionPath = $json }) | Where-Object LogicalId -eq 'PublicPermission').SuppressionReason | Should -Be 'JSON works'
        }

        It 'Should fail with LambdaSec.SuppressionFileNotFound when the file does not exist' {
            $err = { Get-Findings 'sam/permissions.yaml' @{ SuppressionPath = (Join-Path $TestDrive 'none.yaml') } } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.SuppressionFileNotFound,LambdaSec.Cmdlets.TestLambdaSecTemplateCommand'
        }
    }

    Context 'When a template resource suppresses its findings in Metadata' {
        BeforeAll {
            $script:metadata = @(Test-LambdaSecTemplate -Path (Join-Path $data 'suppressed/metadata.yaml') -AsOf $asOf -OwnerAccountId $owner -ErrorVariable metadataErrors -ErrorAction SilentlyContinue -WarningVariable metadataWarnings -WarningAction SilentlyContinue)
            $script:metadataErrors = $metadataErrors
            $script:metadataWarnings = $metadataWarnings
        }

        It 'Should suppress the resource''s finding with the Metadata reason, pointing at the entry' {
            $accepted = $metadata | Where-Object LogicalId -eq 'AcceptedWebhook'
            $accepted.Suppressed | Should -BeTrue
            $accepted.SuppressionReason | Should -BeLike 'Public webhook by design*'
            $accepted.SuppressedBy | Should -BeLike '*metadata.yaml:16 (Metadata of AcceptedWebhook)'
        }

        It 'Should not suppress with an expired entry, and warn naming it' {
            ($metadata | Where-Object LogicalId -eq 'ExpiredAcceptance').Suppressed | Should -BeFalse
            $metadataWarnings -join "`n" | Should -Match 'metadata\.yaml:28 \(Metadata of ExpiredAcceptance\) expired on 2026-01-31'
        }

        It 'Should ignore an entry without a reason with a non-terminating LambdaSec.SuppressionInvalid naming the line' {
            ($metadata | Where-Object LogicalId -eq 'NoReason').Suppressed | Should -BeFalse
            @($metadataErrors).Count | Should -Be 1
            $metadataErrors[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.SuppressionInvalid,LambdaSec.Cmdlets.TestLambdaSecTemplateCommand'
            $metadataErrors[0].Exception.Message | Should -Match "metadata\.yaml:40: 'reason' is missing"
        }

        It 'Should mark the Metadata suppression inSource in SARIF' {
            $sarif = Join-Path $TestDrive 'suppressed.sarif'
            $null = $metadata | Export-LambdaSecReport -Path $sarif -Format Sarif
            $result = (Get-Content $sarif -Raw | ConvertFrom-Json).runs[0].results | Where-Object { $_.PSObject.Properties['suppressions'] }
            @($result).Count | Should -Be 1
            $result.suppressions[0].kind | Should -Be 'inSource'
            $result.suppressions[0].status | Should -Be 'accepted'
            $result.suppressions[0].justification | Should -BeLike 'Public webhook by design*'
        }
    }

    Context 'When accounts are trusted (-TrustedAccountId)' {
        It 'Should not report a permission for a trusted account as CrossAccount' {
            $findings = Get-Findings 'sam/permissions.yaml' @{ TrustedAccountId = '222222222222' }
            $findings | Where-Object LogicalId -eq 'PartnerLiteral' | Should -BeNullOrEmpty
            @($findings | Where-Object RuleId -eq 'LS-IAC-001').Count | Should -BeGreaterThan 0
        }
    }

    Context 'When the owner account is not given' {
        It 'Should still treat !Ref AWS::AccountId as the owner and warn about literal accounts' {
            $findings = @(Test-LambdaSecTemplate -Path (Join-Path $data 'sam/permissions.yaml') -AsOf $asOf -WarningVariable warnings -WarningAction SilentlyContinue)
            $findings | Where-Object LogicalId -in 'S3WithSourceAccount', 'OwnAccountByRef', 'EventsRuleSub' | Should -BeNullOrEmpty
            ($findings | Where-Object LogicalId -eq 'PartnerLiteral').RuleId | Should -Be 'LS-IAC-003'
            $warnings | Should -Match 'OwnerAccountId'
        }
    }

    Context 'When function URLs and runtimes are declared (SAM Globals included)' {
        BeforeAll { $script:findings = Get-Findings 'sam/function-url-runtime.yaml' }

        It 'Should report the NONE URL that Globals gives a function, at the Globals line' {
            $f = $findings | Where-Object { $_.LogicalId -eq 'GlobalsFunction' -and $_.RuleId -eq 'LS-IAC-010' }
            $f.SourceLine | Should -Be 7
        }

        It 'Should report the AWS::Lambda::Url with AuthType NONE and not the AWS_IAM one' {
            ($findings | Where-Object LogicalId -eq 'Url').RuleId | Should -Be 'LS-IAC-010'
            $findings | Where-Object LogicalId -eq 'UrlIam' | Should -BeNullOrEmpty
        }

        It 'Should report CORS "*" with credentials as High' {
            $f = $findings | Where-Object { $_.LogicalId -eq 'ModernFunction' -and $_.RuleId -eq 'LS-IAC-011' }
            $f.Severity | Should -Be 'High'
            $f.ControlIds | Should -Contain 'ControlTower:CT.LAMBDA.PR.6'
        }

        It 'Should report the Globals runtime python3.8 as end of life and python3.10 as scheduled' {
            ($findings | Where-Object { $_.LogicalId -eq 'GlobalsFunction' -and $_.RuleId -like 'LS-IAC-02*' }).RuleId | Should -Be 'LS-IAC-020'
            $scheduled = $findings | Where-Object { $_.LogicalId -eq 'ScheduledFunction' -and $_.RuleId -like 'LS-IAC-02*' }
            $scheduled.RuleId | Should -Be 'LS-IAC-021'
            $scheduled.Severity | Should -Be 'Low'
        }

        It 'Should name the runtime catalog and its date in the evidence, as the online LS-RT-* rules do' {
            $verdict = Test-LambdaRuntime -Runtime python3.8
            $expected = 'Catalog: {0}, dated {1:yyyy-MM-dd}.' -f $verdict.CatalogSource, $verdict.CatalogDate
            foreach ($f in @($findings | Where-Object RuleId -like 'LS-IAC-02*')) {
                $f.Evidence | Should -BeLike "*$expected"
            }
        }

        It 'Should not report supported runtimes or image functions' {
            $findings | Where-Object { $_.LogicalId -in 'ModernFunction', 'ImageFunction' -and $_.RuleId -like 'LS-IAC-02*' } | Should -BeNullOrEmpty
        }

        It 'Should judge runtimes on -AsOf' {
            $later = Get-Findings 'sam/function-url-runtime.yaml' @{ AsOf = [datetime] '2026-12-01' }
            ($later | Where-Object { $_.LogicalId -eq 'ScheduledFunction' -and $_.RuleId -like 'LS-IAC-02*' }).RuleId | Should -Be 'LS-IAC-020'
        }
    }

    Context 'When API Gateway APIs are declared' {
        BeforeAll { $script:findings = Get-Findings 'sam/apis.yaml' }

        It 'Should report REST stages without a WAF association: <_>' -ForEach @('UnprotectedApi', 'ClassicStage') {
            ($findings | Where-Object LogicalId -eq $_).RuleId | Should -Be 'LS-IAC-030'
        }

        It 'Should not report the API whose stage has a WAF association' {
            $findings | Where-Object LogicalId -eq 'ProtectedApi' | Should -BeNullOrEmpty
        }

        It 'Should report the implicit SAM REST API and HTTP API of a function''s events' {
            @($findings | Where-Object { $_.LogicalId -eq 'ImplicitApiFunction' -and $_.RuleId -like 'LS-IAC-*' } | Sort-Object RuleId).RuleId | Should -Be @('LS-IAC-030', 'LS-IAC-031')
        }

        It 'Should note that WAF cannot attach to an HTTP API, not to a WebSocket API' {
            ($findings | Where-Object LogicalId -eq 'HttpApi').Severity | Should -Be 'Informational'
            $findings | Where-Object LogicalId -eq 'WebSocketApi' | Should -BeNullOrEmpty
        }
    }

    Context 'When a terraform show -json plan is given' {
        BeforeAll { $script:findings = Get-Findings 'terraform/plan.json' }

        It 'Should give <RuleId> for <Address>' -ForEach $terraformCases {
            $findings | Where-Object { $_.LogicalId -eq $Address -and $_.RuleId -eq $RuleId } | Should -Not -BeNullOrEmpty
        }

        It 'Should not report the stage with a WAF association, the pinned events grant or deleted resources' {
            $findings | Where-Object LogicalId -in 'aws_api_gateway_stage.prod', 'module.partner.aws_lambda_permission.own', 'aws_lambda_permission.deleted' | Should -BeNullOrEmpty
        }

        It 'Should give the Terraform type and a line' {
            $f = $findings | Where-Object LogicalId -eq 'aws_lambda_permission.public'
            $f.ResourceType | Should -Be 'aws_lambda_permission'
            $f.SourceLine | Should -BeGreaterThan 1
        }

        It 'Should call a value known only after apply unresolved' {
            ($findings | Where-Object LogicalId -eq 'aws_lambda_permission.pending_source').Evidence | Should -Match 'known only after apply'
        }
    }

    Context 'When functions declare their configuration (CloudFormation, SAM with Globals, a Terraform plan)' {
        BeforeAll {
            $script:configuration = @(Get-Findings 'config')
            function script:Get-Key($f) { "$($f.LogicalId) $($f.RuleId) $($f.SourceLine)" }
        }

        It 'Should report exactly the configuration rules each function fails, on the line of the property' {
            # SamClean and CfnHandled pass: Globals give tracing, the Insights layer (SAM adds a function's Layers to them)
            # and code signing; an event invoke config with OnFailure (SAM's, or AWS::Lambda::EventInvokeConfig naming the
            # function) counts as a failure destination; a value known at deployment (!Ref Signing, !Sub with the region)
            # is never guessed missing. The Terraform functions share aws_iam_role.shared, whose ARN is known after apply.
            # The code signing configs CfnHandled (Signing, no CodeSigningPolicies) and aws_lambda_function.handled
            # (aws_lambda_code_signing_config.signing, an ARN known after apply) refer to only warn (LS-CONFIG-014).
            $expected = @(
                'SamPlain LS-CONFIG-001 43', 'SamPlain LS-CONFIG-004 37', 'SamPlain LS-CONFIG-005 46', 'SamPlain LS-CONFIG-007 41', 'SamPlain LS-CONFIG-013 40'
                'SamShared LS-CONFIG-002 55', 'SamShared LS-CONFIG-013 53'
                'CfnPlain LS-CONFIG-004 61', 'CfnPlain LS-CONFIG-007 61', 'CfnPlain LS-CONFIG-008 61', 'CfnPlain LS-CONFIG-012 61'
                'aws_lambda_function.plain LS-CONFIG-001 15', 'aws_lambda_function.plain LS-CONFIG-002 18', 'aws_lambda_function.plain LS-CONFIG-004 18'
                'aws_lambda_function.plain LS-CONFIG-005 17', 'aws_lambda_function.plain LS-CONFIG-007 16', 'aws_lambda_function.plain LS-CONFIG-008 18'
                'aws_lambda_function.plain LS-CONFIG-012 18', 'aws_lambda_function.plain LS-CONFIG-013 11', 'aws_lambda_function.handled LS-CONFIG-013 21'
                'CfnHandled LS-CONFIG-014 75', 'aws_lambda_function.handled LS-CONFIG-014 21'
                # Plain CloudFormation JSON: the same rules on the line of each property (the resource's line when it is missing);
                # JsonShared passes all but the role it shares (its code signing config is outside the template: not judged).
                'JsonPlain LS-CONFIG-001 12', 'JsonPlain LS-CONFIG-002 13', 'JsonPlain LS-CONFIG-004 5', 'JsonPlain LS-CONFIG-005 14'
                'JsonPlain LS-CONFIG-007 5', 'JsonPlain LS-CONFIG-008 5', 'JsonPlain LS-CONFIG-012 13', 'JsonPlain LS-CONFIG-013 10', 'JsonShared LS-CONFIG-013 22'
            )
            @($configuration | ForEach-Object { Get-Key $_ } | Sort-Object) | Should -Be @($expected | Sort-Object)
        }

        It 'Should carry the template, the peers'' controls and a template remediation' {
            $tracing = $configuration | Where-Object { $_.LogicalId -eq 'SamPlain' -and $_.RuleId -eq 'LS-CONFIG-007' }
            $tracing.SourceFile | Should -Match 'sam\.yaml$'
            $tracing.ResourceType | Should -Be 'AWS::Serverless::Function'
            $tracing.ControlIds | Should -Contain 'SecurityHub:Lambda.7'
            $tracing.Remediation | Should -Match 'TracingConfig.Mode \(SAM: Tracing'
            ($configuration | Where-Object { $_.LogicalId -eq 'SamShared' -and $_.RuleId -eq 'LS-CONFIG-013' }).Evidence | Should -Match 'like 1 other function\(s\) \(SamPlain\)'
        }

        It 'Should report a function anyone may invoke without reserved concurrency (LS-CONFIG-009), joined with its permissions' {
            # OpenUncapped: Principal * by !GetAtt; ServiceByName: SNS without a source, by the function's literal name; SamUrl:
            # SAM's FunctionUrlConfig AuthType NONE. Not OpenCapped (10 reserved), PinnedService (SourceAccount pins the
            # owner) nor CapFromParameter (the cap is decided at deployment).
            $capped = @(Get-Findings 'sam/concurrency.yaml' @{ Rule = 'LS-CONFIG-009' })
            @($capped.LogicalId | Sort-Object) | Should -Be @('OpenUncapped', 'SamUrl', 'ServiceByName')
            ($capped | Where-Object LogicalId -eq 'OpenUncapped').SourceLine | Should -Be 9
            ($capped | Where-Object LogicalId -eq 'ServiceByName').Evidence | Should -Match 'ServiceUnrestricted'
            ($capped | Where-Object LogicalId -eq 'SamUrl').Remediation | Should -Match 'ReservedConcurrentExecutions'
        }

        It 'Should judge event source mappings and SAM events like those read from AWS (LS-ESM-*)' {
            # QueueElsewhere: a queue of account 999999999999; KafkaOpen: self-managed Kafka without authentication; SAM's
            # Partner SQS event of another account and its SelfManagedKafka event with a URI that is no secret. Not OwnQueue
            # (the owner's), TrustedQueue (-TrustedAccountId), KafkaSecret (a !Ref of a secret) nor SAM's own Kinesis stream.
            $esm = @(Get-Findings 'sam/event-sources.yaml' @{ Rule = 'LS-ESM-*'; TrustedAccountId = '222222222222' })
            @($esm | ForEach-Object { "$($_.LogicalId) $($_.RuleId) $($_.SourceLine)" } | Sort-Object) | Should -Be @(
                'KafkaOpen LS-ESM-002 30', 'QueueElsewhere LS-ESM-001 12', 'Worker LS-ESM-001 61', 'Worker LS-ESM-002 73')
            ($esm | Where-Object LogicalId -eq 'QueueElsewhere').FunctionName | Should -Be 'Fn'
            ($esm | Where-Object LogicalId -eq 'QueueElsewhere').Remediation | Should -Match 'EventSourceArn'
        }

        It 'Should judge the log groups and tags the template declares (<RuleId>): <Why>' -ForEach @(
            @{ RuleId = 'LS-CONFIG-015'; Arguments = @{}; Why = 'a group without retention, found through Globals LoggingConfig (UsesGlobalLogs: SAM merges LogFormat with the Globals LogGroup), !Sub /aws/lambda/${Function} (ByRef), the function name (default_group, retention_in_days 0) or a name referring to the function (named_by_reference); not a group with RetentionInDays (OwnGroupKept, ByName, referenced by logging_config), a retention from a parameter (ParamRetention), the default group of a function whose LoggingConfig points to a group elsewhere (Elsewhere), nor a function whose group the template does not declare (NoGroup)'
               Expected = @('UsesGlobalLogs LS-CONFIG-015 15', 'ByRef LS-CONFIG-015 18', 'aws_lambda_function.default_group LS-CONFIG-015 8', 'aws_lambda_function.named_by_reference LS-CONFIG-015 12') }
            @{ RuleId = 'LS-CONFIG-016'; Arguments = @{ Rule = 'LS-CONFIG-016' }; Why = 'only functions without a tag of their own: CloudFormation without Tags or with aws: keys only; every SAM function carries lambda:createdBy, every Terraform one the provider''s default_tags; a key from a parameter is not judged'
               Expected = @('ByName LS-CONFIG-016 22', 'NoGroup LS-CONFIG-016 57') }
            @{ RuleId = 'LS-CONFIG-016'; Arguments = @{ RequiredTag = 'Owner', 'DataClass' }; Why = '-RequiredTag turns the rule on; Globals.Function.Tags merge with the function''s (UsesGlobalLogs has both); tags_all, or tags with constant default_tags when tags_all is known after apply'
               Expected = @('ByRef LS-CONFIG-016 16', 'ByName LS-CONFIG-016 22', 'NoGroup LS-CONFIG-016 57', 'OwnGroupKept LS-CONFIG-016 10', 'Elsewhere LS-CONFIG-016 10',
                   'aws_lambda_function.default_group LS-CONFIG-016 7', 'aws_lambda_function.referenced LS-CONFIG-016 9', 'aws_lambda_function.named_by_reference LS-CONFIG-016 11') }
        ) {
            $found = @(Get-Findings 'observability' $Arguments | Where-Object RuleId -eq $RuleId)
            @($found | ForEach-Object { Get-Key $_ } | Sort-Object) | Should -Be @($Expected | Sort-Object)
        }

        It 'Should name the group, the missing keys and a template remediation' {
            $all = @(Get-Findings 'observability' @{ Rule = 'LS-CONFIG-01[56]'; RequiredTag = 'Owner' })
            ($all | Where-Object { $_.LogicalId -eq 'UsesGlobalLogs' -and $_.RuleId -eq 'LS-CONFIG-015' }).Evidence | Should -Match '/app/shared'
            ($all | Where-Object { $_.LogicalId -eq 'UsesGlobalLogs' -and $_.RuleId -eq 'LS-CONFIG-015' }).Remediation | Should -Match 'RetentionInDays \(retention_in_days\)'
            ($all | Where-Object { $_.LogicalId -eq 'aws_lambda_function.default_group' -and $_.RuleId -eq 'LS-CONFIG-016' }).Evidence | Should -Match 'lacks the required tag key\(s\) Owner \(it has Team\)'
            ($all | Where-Object RuleId -eq 'LS-CONFIG-016').ControlIds | Should -Contain 'SecurityHub:Lambda.6'
        }

        It 'Should not report tags without -Rule or -RequiredTag (opt-in)' {
            @(Get-Findings 'observability' | Where-Object RuleId -eq 'LS-CONFIG-016') | Should -BeNullOrEmpty
        }

        It 'Should report a layer the template shares with everyone, on the permission''s line (LS-CONFIG-003)' {
            # UsesGlobalLayer: SAM Globals Layers !Ref a layer whose permission is Principal *; LiteralLayerUser: a literal ARN
            # with a permission naming it; aws_lambda_function.uses: a layer of the plan by reference. Not OrgAndParam (one
            # layer limited by OrganizationId, one whose principal is a parameter) nor aws_lambda_function.literal (another account).
            $layers = @(Get-Findings 'layers' @{ Rule = 'LS-CONFIG-003' })
            @($layers | ForEach-Object { Get-Key $_ } | Sort-Object) | Should -Be @('aws_lambda_function.uses LS-CONFIG-003 8', 'LiteralLayerUser LS-CONFIG-003 52', 'UsesGlobalLayer LS-CONFIG-003 19' | Sort-Object)
            $layers[0].Severity | Should -Be 'High'
            ($layers | Where-Object LogicalId -eq 'UsesGlobalLayer').Evidence | Should -Match 'layer:<SharedLayer>.* is Public'
            ($layers | Where-Object LogicalId -eq 'UsesGlobalLayer').Remediation | Should -Match 'OrganizationId'
        }

        It 'Should report functions outside a VPC only with -Rule' {
            $vpc = @(Get-Findings 'config' @{ Rule = 'LS-CONFIG-011' })
            @($vpc.LogicalId | Sort-Object) | Should -Be @('aws_lambda_function.handled', 'CfnPlain', 'SamClean', 'SamShared' | Sort-Object)
        }
    }

    Context 'When a template has nothing to report' {
        It 'Should emit nothing for pinned grants, an IAM URL, a supported runtime and a WAF-covered stage' {
            Get-Findings 'clean/clean.json' | Should -BeNullOrEmpty
        }

        It 'Should skip JSON and YAML files that are not templates' {
            Test-LambdaSecTemplate -Path (Join-Path $data 'clean') -AsOf $asOf -OwnerAccountId $owner | Should -BeNullOrEmpty
        }

        It 'Should warn when an explicit file is not a template' {
            $null = Test-LambdaSecTemplate -Path (Join-Path $data 'clean/package.json') -WarningVariable w -WarningAction SilentlyContinue
            $w | Should -Match 'neither a CloudFormation'
        }
    }

    Context 'When files are malformed' {
        BeforeAll {
            $script:findings = @(Test-LambdaSecTemplate -Path (Join-Path $data 'malformed') -AsOf $asOf -ErrorVariable errs -ErrorAction SilentlyContinue)
            $script:errors = @($errs)
        }

        It 'Should write one TemplateParseError per broken file' {
            $errors.Count | Should -Be 2
            foreach ($e in $errors) {
                $e.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.TemplateParseError,LambdaSec.Cmdlets.TestLambdaSecTemplateCommand'
                $e.CategoryInfo.Category | Should -Be 'InvalidData'
            }
        }

        It 'Should name the file and the line: <File>:<Line>' -ForEach @(@{ File = 'broken.json'; Line = 6 }, @{ File = 'broken.yaml'; Line = 7 }) {
            $e = $errors | Where-Object { $_.TargetObject -like "*$File" }
            $e.Exception.Message | Should -BeLike "*${File}:${Line}:*"
        }

        It 'Should still check the other files' {
            ($findings | Where-Object LogicalId -eq 'Open').RuleId | Should -Be 'LS-IAC-001'
        }

        It 'Should report a missing path and go on' {
            $out = @(Test-LambdaSecTemplate -Path (Join-Path $data 'nope.yaml'), (Join-Path $data 'malformed/public.json') -ErrorVariable e2 -ErrorAction SilentlyContinue)
            $e2[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.TemplatePathNotFound,LambdaSec.Cmdlets.TestLambdaSecTemplateCommand'
            $out.Count | Should -Be 1
        }
    }

    Context 'When files are hostile (docs/hostile-input.md)' {
        BeforeAll {
            $script:hostile = Join-Path $TestDrive 'hostile'
            $null = New-Item -ItemType Directory -Path $hostile
            function Get-ParseError([string] $Path) {
                $null = Test-LambdaSecTemplate -Path $Path -AsOf $asOf -ErrorVariable errs -ErrorAction SilentlyContinue
                $errs | Should -HaveCount 1
                $errs[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.TemplateParseError,LambdaSec.Cmdlets.TestLambdaSecTemplateCommand'
                $errs[0]
            }
        }

        It 'Should fail <Case> with a clear error and check the next file' -ForEach @(
            @{ Case = 'YAML nested 40,000 deep'; Text = ('Resources: ' + ('[' * 40000) + (']' * 40000)); Message = '*more than 256 deep*' }
            @{ Case = 'a YAML alias bomb'; Text = (@('a: &a [x,x,x,x,x,x,x,x,x,x]') + @(foreach ($i in 1..8) { $p = [char](96 + $i); $n = [char](97 + $i); "${n}: &$n [" + ((1..10 | ForEach-Object { "*$p" }) -join ',') + ']' }) + 'Resources: {}') -join "`n"; Message = '*alias*1,000,000 nodes*' }
            @{ Case = 'JSON with a lone surrogate'; Text = '{"Resources":{"F":{"Type":"AWS::Lambda::Permission","Properties":{"Principal":"\ud800"}}}}'; Message = '*not valid Unicode*' }
            @{ Case = 'JSON nested 40,000 deep'; Text = ('{"Resources":' + ('[' * 40000) + (']' * 40000) + '}'); Message = '*not valid JSON*' }
        ) {
            $file = Join-Path $hostile "case-$([guid]::NewGuid().ToString('N')).yaml"
            Set-Content -Path $file -Value $Text -NoNewline
            $good = Join-Path $data 'malformed/public.json'
            $out = @(Test-LambdaSecTemplate -Path $file, $good -AsOf $asOf -ErrorVariable errs -ErrorAction SilentlyContinue)
            $errs | Should -HaveCount 1
            $errs[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.TemplateParseError,LambdaSec.Cmdlets.TestLambdaSecTemplateCommand'
            $errs[0].Exception.Message | Should -BeLike $Message
            $out.RuleId | Should -Be @('LS-IAC-001')
            Remove-Item $file
        }

        It 'Should not open a FIFO or a link to /dev/zero, and say why' -Skip:$IsWindows {
            $fifo = Join-Path $hostile 'pipe.yaml'
            & mkfifo $fifo
            $zero = Join-Path $hostile 'zero.yaml'
            $null = New-Item -ItemType SymbolicLink -Path $zero -Target '/dev/zero'
            try {
                (Get-ParseError $fifo).Exception.Message | Should -BeLike '*FIFO*'
                $e = Get-ParseError $zero
                $e.Exception.Message | Should -BeLike '*character device*'
                $e.CategoryInfo.Category | Should -Be 'ReadError'
                # In a folder they are skipped (-Verbose says so), not errors.
                $verbose = @(Test-LambdaSecTemplate -Path $hostile -AsOf $asOf -Verbose 4>&1 | Where-Object { $_ -is [Management.Automation.VerboseRecord] })
                @($verbose | Where-Object Message -like '*pipe.yaml*FIFO*') | Should -HaveCount 1
                @($verbose | Where-Object Message -like '*zero.yaml*character device*') | Should -HaveCount 1
            }
            finally { Remove-Item $fifo, $zero }
        }

        It 'Should refuse a file over the 64 MiB limit without reading it all' {
            $big = Join-Path $hostile 'big.json'
            $stream = [IO.File]::Create($big)
            try { $stream.SetLength(64MB + 1) } finally { $stream.Dispose() }
            try { (Get-ParseError $big).Exception.Message | Should -BeLike '*larger than 64 MiB*' }
            finally { Remove-Item $big }
        }

        It 'Should not follow folder links with -Recurse: a loop ends and each template is reported once' -Skip:$IsWindows {
            $root = Join-Path $hostile 'loop'
            $null = New-Item -ItemType Directory -Path (Join-Path $root 'sub')
            Copy-Item (Join-Path $data 'malformed/public.json') (Join-Path $root 'sub/public.json')
            $links = (Join-Path $root 'sub/back'), (Join-Path $root 'again')
            foreach ($link in $links) { $null = New-Item -ItemType SymbolicLink -Path $link -Target $root }
            # The links go before the context ends: cleaning TestDrive would walk the loop.
            try { $out = @(Test-LambdaSecTemplate -Path $root -Recurse -AsOf $asOf) } finally { & rm $links }
            @($out | Where-Object LogicalId -eq 'Open') | Should -HaveCount 1
        }
    }

    Context 'When a folder is scanned' {
        It 'Should scan subfolders only with -Recurse' {
            @(Test-LambdaSecTemplate -Path $data -AsOf $asOf -ErrorAction SilentlyContinue) | Should -BeNullOrEmpty
            @(Test-LambdaSecTemplate -Path $data -Recurse -AsOf $asOf -ErrorAction SilentlyContinue -WarningAction SilentlyContinue).Count | Should -BeGreaterThan 20
        }

        It 'Should take files from Get-ChildItem by FullName' {
            $f = @(Get-ChildItem (Join-Path $data 'malformed/public.json') | Test-LambdaSecTemplate)
            $f.Count | Should -Be 1
        }

        It 'Should give the same fingerprints to a checkout in another folder, and new ones to a file moved within it' {
            foreach ($checkout in 'one', 'two/deeper') { $null = New-Item -ItemType Directory (Join-Path $TestDrive "$checkout/infra/sam") -Force; Copy-Item (Join-Path $data 'sam/permissions.yaml') (Join-Path $TestDrive "$checkout/infra/sam") }
            $one = @(Test-LambdaSecTemplate -Path (Join-Path $TestDrive 'one/infra') -Recurse -AsOf $asOf -OwnerAccountId $owner)
            $two = @(Test-LambdaSecTemplate -Path (Join-Path $TestDrive 'two/deeper/infra') -Recurse -AsOf $asOf -OwnerAccountId $owner)
            $one.Count | Should -BeGreaterThan 5
            $two.Fingerprint | Should -Be $one.Fingerprint
            @($one.Fingerprint | Select-Object -Unique).Count | Should -Be $one.Count
            Move-Item (Join-Path $TestDrive 'one/infra/sam/permissions.yaml') (Join-Path $TestDrive 'one/infra/moved.yaml')
            $moved = @(Test-LambdaSecTemplate -Path (Join-Path $TestDrive 'one/infra') -Recurse -AsOf $asOf -OwnerAccountId $owner)
            $moved.Fingerprint | Where-Object { $_ -in $one.Fingerprint } | Should -BeNullOrEmpty
        }
    }
}

Describe 'Test-LambdaSecTemplate execution roles' {
    BeforeAll {
        $script:roleFindings = @(Get-Findings 'roles/roles.yaml' | Where-Object RuleId -like 'LS-IAC-04*')
        function script:Get-RoleFinding([string] $LogicalId) { @($roleFindings | Where-Object LogicalId -eq $LogicalId) }
    }

    It 'Should report <LogicalId> as <RuleId> (<Why>)' -ForEach @(
        @{ LogicalId = 'AdminManaged'; RuleId = 'LS-IAC-040'; Severity = 'Critical'; Line = 25; Why = 'AdministratorAccess by !Sub arn:${AWS::Partition}: the partition does not change the document' }
        @{ LogicalId = 'InlineAdmin'; RuleId = 'LS-IAC-040'; Severity = 'Critical'; Line = 41; Why = 'an inline Allow * on *; the line is that of the policy' }
        @{ LogicalId = 'PassRoleEscalation'; RuleId = 'LS-IAC-041'; Severity = 'High'; Line = 55; Why = 'iam:PassRole with lambda:CreateFunction and InvokeFunction' }
        @{ LogicalId = 'IamFull'; RuleId = 'LS-IAC-041'; Severity = 'High'; Line = 67; Why = 'IAMFullAccess from the managed-policy data file' }
        @{ LogicalId = 'UsedByFunction'; RuleId = 'LS-IAC-041'; Severity = 'High'; Line = 110; Why = 'no trust policy, but a function uses it' }
        @{ LogicalId = 'SamInlineStatement'; RuleId = 'LS-IAC-041'; Severity = 'High'; Line = 135; Why = 'a SAM Policies statement next to a managed policy name' }
        @{ LogicalId = 'SamAdministrator'; RuleId = 'LS-IAC-040'; Severity = 'Critical'; Line = 145; Why = 'SAM Policies as a single AWS managed policy name' }
        @{ LogicalId = 'SamPowerUser'; RuleId = 'LS-IAC-041'; Severity = 'High'; Line = 180; Why = 'PowerUserAccess lets the function change Lambda code and Glue endpoints' }
        @{ LogicalId = 'ParameterResource'; RuleId = 'LS-IAC-042'; Severity = 'Medium'; Line = 77; Why = 'a Resource from a parameter is not guessed, even with a Default' }
        @{ LogicalId = 'UnknownManaged'; RuleId = 'LS-IAC-042'; Severity = 'Medium'; Line = 90; Why = 'a managed policy whose document LambdaSec does not hold' }
        @{ LogicalId = 'SamPolicyTemplate'; RuleId = 'LS-IAC-042'; Severity = 'Medium'; Line = 147; Why = 'SAM policy templates are not expanded' }
        @{ LogicalId = 'SamIntrinsicAction'; RuleId = 'LS-IAC-042'; Severity = 'Medium'; Line = 156; Why = 'an Action under !If is not evaluated' }
        @{ LogicalId = 'BrokenStatement'; RuleId = 'LS-IAC-042'; Severity = 'Medium'; Line = 182; Why = 'a statement whose Effect is Permit cannot be read' }
        @{ LogicalId = 'BoundaryFromParameter'; RuleId = 'LS-IAC-042'; Severity = 'Low'; Line = 193; Why = 'only the boundary is unknown, and it could only narrow' }
    ) {
        $f = Get-RoleFinding $LogicalId
        $f | Should -HaveCount 1
        $f[0].RuleId | Should -Be $RuleId
        $f[0].Severity | Should -Be $Severity
        $f[0].SourceLine | Should -Be $Line
        $f[0].SourceFile | Should -BeLike '*roles.yaml'
    }

    It 'Should report nothing for <LogicalId> (<Why>)' -ForEach @(
        @{ LogicalId = 'BoundedAdmin'; Why = 'the AmazonS3ReadOnlyAccess permissions boundary is applied' }
        @{ LogicalId = 'Ec2Admin'; Why = 'trusted by EC2 and used by no function: not an execution role' }
        @{ LogicalId = 'SamBasic'; Why = 'only the AWSLambdaBasicExecutionRole SAM attaches' }
        @{ LogicalId = 'SamWithRole'; Why = 'SAM ignores Policies when Role is given' }
    ) {
        Get-RoleFinding $LogicalId | Should -BeNullOrEmpty
    }

    It 'Should name the escalation method, the action and the policy that grants it' {
        $f = Get-RoleFinding 'PassRoleEscalation'
        $f.Evidence | Should -Match 'PassRoleToNewLambdaThenInvoke: iam:PassRole by deployer, lambda:CreateFunction by deployer'
        (Get-RoleFinding 'IamFull').Evidence | Should -Match 'CreatePolicyVersion: iam:CreatePolicyVersion by IAMFullAccess'
    }

    It 'Should name the function that uses the role' {
        (Get-RoleFinding 'UsedByFunction').FunctionName | Should -Be 'UsesRole'
        (Get-RoleFinding 'SamAdministrator').FunctionName | Should -Be 'SamAdministrator'
    }

    It 'Should list what is unresolved and say why, never guess it' {
        $p = Get-RoleFinding 'ParameterResource'
        $p.Evidence | Should -Match "Policies\[0\]\.PolicyDocument\.Statement\[0\]\.Resource: !Ref BucketArn \(parameter BucketArn \(its Default is 'arn:aws:s3:::reports', which a deployment may override\)\)"
        (Get-RoleFinding 'UnknownManaged').Evidence | Should -Match 'AmazonDynamoDBFullAccess \(its document is not in the template'
        (Get-RoleFinding 'UnknownManaged').Evidence | Should -Not -Match 'NoValue'
        (Get-RoleFinding 'SamIntrinsicAction').Evidence | Should -Match 'Statement\[0\]\.Action: !If \(not evaluated\)'
        (Get-RoleFinding 'BrokenStatement').Evidence | Should -Match "permit .*: cannot be read \(The statement's Effect is 'Permit'"
    }

    It 'Should not count the stack region or account in a Resource as unresolved' {
        (Get-RoleFinding 'InlineAdmin').Evidence | Should -Not -Match 'lower bound'
    }

    It 'Should read the same role from JSON' {
        $json = Join-Path $TestDrive 'role.json'
        @{ Resources = @{ Fn = @{ Type = 'AWS::Serverless::Function'; Properties = @{ Runtime = 'python3.13'; Handler = 'i.h'; Policies = @(@{ Statement = @(@{ Effect = 'Allow'; Action = '*'; Resource = '*' }) }) } } } } |
            ConvertTo-Json -Depth 10 | Set-Content $json
        $f = @(Test-LambdaSecTemplate -Path $json -AsOf $asOf | Where-Object RuleId -eq 'LS-IAC-040')
        $f | Should -HaveCount 1
        $f[0].SourceLine | Should -BeGreaterThan 1
    }

    Context 'When the roles are in a Terraform plan' {
        BeforeAll {
            $script:tfRoles = @(Get-Findings 'roles/plan.json' | Where-Object RuleId -like 'LS-IAC-04*')
        }

        It 'Should report <Role> as <RuleId> on line <Line> (<Why>)' -ForEach @(
            @{ Role = 'aws_iam_role.worker'; RuleId = 'LS-IAC-041'; Line = 9; Why = 'an aws_iam_role_policy referring to the role by id, the line of that policy' }
            @{ Role = 'aws_iam_role.admin_attached'; RuleId = 'LS-IAC-040'; Line = 11; Why = 'an aws_iam_role_policy_attachment of AdministratorAccess naming the role' }
            @{ Role = 'aws_iam_role.custom'; RuleId = 'LS-IAC-041'; Line = 13; Why = 'an attached aws_iam_policy of the plan, read for its document' }
            @{ Role = 'aws_iam_role.inline_admin'; RuleId = 'LS-IAC-040'; Line = 15; Why = 'an inline_policy that allows * on *' }
            @{ Role = 'aws_iam_role.pending'; RuleId = 'LS-IAC-042'; Line = 16; Why = 'a policy document known only after apply' }
        ) {
            $f = @($tfRoles | Where-Object LogicalId -eq $Role)
            $f | Should -HaveCount 1
            $f[0].RuleId | Should -Be $RuleId
            $f[0].SourceLine | Should -Be $Line
            $f[0].ResourceType | Should -Be 'aws_iam_role'
        }

        It 'Should report nothing for a role trusted by EC2 only or with only the basic execution policy and a logs policy' {
            @($tfRoles | Where-Object LogicalId -in 'aws_iam_role.ec2_admin', 'aws_iam_role.basic') | Should -BeNullOrEmpty
        }

        It 'Should name the function, the resource that grants and what is known only after apply' {
            $worker = $tfRoles | Where-Object LogicalId -eq 'aws_iam_role.worker'
            $worker.FunctionName | Should -Be 'aws_lambda_function.worker'
            $worker.Evidence | Should -Match 'iam:PassRole by aws_iam_role_policy.deploy'
            ($tfRoles | Where-Object LogicalId -eq 'aws_iam_role.custom').Evidence | Should -Match 'iam:CreatePolicyVersion by aws_iam_policy.versions'
            ($tfRoles | Where-Object LogicalId -eq 'aws_iam_role.pending').Evidence | Should -Match 'aws_iam_role_policy.pending.policy \(known only after apply\)'
        }
    }

    Context 'When policies are attached to the role from outside it' {
        BeforeAll {
            $script:attached = @(Get-Findings 'roles/attached.yaml' | Where-Object RuleId -like 'LS-IAC-04*') + @(Get-Findings 'roles/attached-plan.json' | Where-Object RuleId -like 'LS-IAC-04*')
        }

        It 'Should report <Role> as <RuleId> on line <Line> (<Why>)' -ForEach @(
            @{ Role = 'ViaPolicy'; RuleId = 'LS-IAC-040'; Line = 12; Grant = 'AdminPolicy'; Why = 'an AWS::IAM::Policy whose Roles name it by !Ref' }
            @{ Role = 'ViaRolePolicy'; RuleId = 'LS-IAC-041'; Line = 26; Grant = 'DeployerPolicy'; Why = 'an AWS::IAM::RolePolicy whose RoleName is !Ref of it' }
            @{ Role = 'ViaManagedRoles'; RuleId = 'LS-IAC-041'; Line = 40; Grant = 'SubAttached'; Why = 'an AWS::IAM::ManagedPolicy whose Roles name it by !Sub' }
            @{ Role = 'ViaManagedArn'; RuleId = 'LS-IAC-041'; Line = 54; Grant = 'VersionsPolicy'; Why = 'ManagedPolicyArns !Ref of a managed policy of the template, read for its document' }
            @{ Role = 'ByName'; RuleId = 'LS-IAC-040'; Line = 67; Grant = 'ByNamePolicy'; Why = 'Roles name it by the same !Sub as its RoleName' }
            @{ Role = 'Bystander'; RuleId = 'LS-IAC-042'; Line = 75; Grant = 'PendingPolicy'; Why = 'a policy attached by its literal name with a Resource known only at deployment; the admin policy that names its ARN in a Resource is another role''s' }
            @{ Role = 'SamFn'; RuleId = 'LS-IAC-040'; Line = 111; Grant = 'SamFnAdmin'; Why = 'an AWS::IAM::Policy attached to the role SAM creates (!Ref SamFnRole)' }
            @{ Role = 'aws_iam_role.exclusive_arn'; RuleId = 'LS-IAC-040'; Line = 8; Grant = 'AdministratorAccess'; Why = 'aws_iam_role_policy_attachments_exclusive policy_arns naming it by role_name' }
            @{ Role = 'aws_iam_role.exclusive_doc'; RuleId = 'LS-IAC-040'; Line = 10; Grant = 'aws_iam_policy.everything'; Why = 'aws_iam_role_policy_attachments_exclusive referring to an aws_iam_policy of the plan, both known only after apply' }
            @{ Role = 'aws_iam_role.legacy'; RuleId = 'LS-IAC-041'; Line = 13; Grant = 'IAMFullAccess'; Why = 'aws_iam_policy_attachment whose roles list names it' }
            @{ Role = 'aws_iam_role.kept'; RuleId = 'LS-IAC-042'; Line = 14; Grant = 'console-added'; Why = 'aws_iam_role_policies_exclusive keeps an inline policy whose document is not in the plan' }
        ) {
            $f = @($attached | Where-Object LogicalId -eq $Role)
            $f | Should -HaveCount 1
            $f[0].RuleId | Should -Be $RuleId
            $f[0].SourceLine | Should -Be $Line
            $f[0].Evidence | Should -Match ([regex]::Escape($Grant))
        }

        It 'Should give nothing to roles the policies do not attach to (a Resource that names a role is not an attachment)' {
            @($attached | Where-Object LogicalId -in 'Builder', 'aws_iam_role.bystander', 'aws_iam_role.builder') | Should -BeNullOrEmpty
        }
    }

    It 'Should export the role findings to SARIF' {
        $sarif = Join-Path $TestDrive 'roles.sarif'
        $null = $roleFindings | Export-LambdaSecReport -Format Sarif -Path $sarif
        (Get-Content $sarif -Raw) | Should -Match 'LS-IAC-040'
    }
}

Describe 'Test-LambdaSecTemplate secrets in environment variables (LS-SEC-001)' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'helpers/Secrets.ps1')
        $p = $script:Planted
        # Written at test time so that no secret-looking literal is committed (see helpers/Secrets.ps1).
        $sam = Join-Path $TestDrive 'sam.yaml'
        Set-Content $sam @"
Transform: AWS::Serverless-2016-10-31
Parameters:
  DbPass:
    Type: String
    NoEcho: true
Globals:
  Function:
    Environment:
      Variables:
        GITHUB_TOKEN: $($p.GitHub)
        LOG_LEVEL: info
Resources:
  Orders:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      Environment:
        Variables:
          DB_PASSWORD: '$($p.DbPassword)'
          TABLE: orders
  Billing:
    Type: AWS::Serverless::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      Environment:
        Variables:
          GITHUB_TOKEN: !Ref DbPass
          API_KEY: '{{resolve:secretsmanager:prod/billing:SecretString:key}}'
  Plain:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.13
      Handler: app.handler
      Role: arn:aws:iam::111111111111:role/r
      Code: { ZipFile: "def handler(e, c): pass" }
      Environment:
        Variables:
          STRIPE_KEY: !Sub '$($p.Stripe)'
          PASSWORD_PARAM: /prod/app/db-password
"@
        $plan = Join-Path $TestDrive 'plan.json'
        @{
            format_version = '1.2'
            planned_values = @{ root_module = @{ resources = @(
                @{ address = 'aws_lambda_function.api'; mode = 'managed'; type = 'aws_lambda_function'; name = 'api'
                   values = @{ function_name = 'api'; runtime = 'nodejs22.x'; package_type = 'Zip'; environment = @(@{ variables = @{ SLACK = $p.Slack; STAGE = 'prod' } }) } }
                @{ address = 'aws_lambda_function.clean'; mode = 'managed'; type = 'aws_lambda_function'; name = 'clean'
                   values = @{ function_name = 'clean'; runtime = 'nodejs22.x'; package_type = 'Zip'; environment = @(@{ variables = @{ STAGE = 'prod' } }) } }
            ) } }
        } | ConvertTo-Json -Depth 10 | Set-Content $plan
        # Only the secret rule: these functions also fail configuration rules (LS-CONFIG-*), which other contexts test.
        $script:samFindings = @(Test-LambdaSecTemplate -Path $sam -AsOf 2026-06-01 -OwnerAccountId 111111111111 -Rule 'LS-SEC-*' -Verbose 4>&1)
        $script:planFindings = @(Test-LambdaSecTemplate -Path $plan -AsOf 2026-06-01 -Rule 'LS-SEC-*')
    }

    It 'Should report <LogicalId> naming <Variables> at line <Line>' -ForEach @(
        @{ LogicalId = 'Orders'; Variables = 'DB_PASSWORD', 'GITHUB_TOKEN'; Line = 10; Severity = 'Critical'; Why = 'the Globals variable reaches the function (its line comes first), and its own adds to it' }
        @{ LogicalId = 'Plain'; Variables = @('STRIPE_KEY'); Line = 40; Severity = 'Critical'; Why = 'a !Sub without variables is a literal' }
    ) {
        $f = @($samFindings | Where-Object { $_ -is [LambdaSec.Model.LambdaSecFinding] -and $_.LogicalId -eq $LogicalId })
        $f | Should -HaveCount 1 -Because $Why
        $f[0].RuleId | Should -BeExactly 'LS-SEC-001'
        $f[0].Severity | Should -Be $Severity
        $f[0].SourceLine | Should -Be $Line
        foreach ($v in $Variables) { $f[0].Evidence | Should -Match "\b$v \(" }
        $f[0].Evidence | Should -Not -Match 'TABLE|LOG_LEVEL|PASSWORD_PARAM'
    }

    It 'Should not report a function whose variables are references, dynamic references or a parameter' {
        $samFindings | Where-Object { $_ -is [LambdaSec.Model.LambdaSecFinding] -and $_.LogicalId -eq 'Billing' -and $_.Evidence -match 'API_KEY' } | Should -BeNullOrEmpty
        # Billing still gets the Globals token: its own GITHUB_TOKEN is a !Ref, which overrides the literal of Globals.
        $samFindings | Where-Object { $_ -is [LambdaSec.Model.LambdaSecFinding] -and $_.LogicalId -eq 'Billing' } | Should -BeNullOrEmpty
    }

    It 'Should read a Terraform plan''s environment block' {
        $planFindings | Should -HaveCount 1
        $planFindings[0].LogicalId | Should -BeExactly 'aws_lambda_function.api'
        $planFindings[0].ResourceType | Should -BeExactly 'aws_lambda_function'
        $planFindings[0].Evidence | Should -Match 'SLACK \(slack-token'
    }

    It 'Should keep every planted secret out of the findings, the verbose stream and a SARIF report' {
        $sarif = Join-Path $TestDrive 'iac.sarif'
        @($samFindings + $planFindings) | Where-Object { $_ -is [LambdaSec.Model.LambdaSecFinding] } | Export-LambdaSecReport -Path $sarif -Format Sarif
        Assert-NoPlantedSecret @($samFindings + $planFindings) -Text (Get-Content $sarif -Raw)
    }
}
