Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeDiscovery {
    $root = Split-Path $PSScriptRoot -Parent
    # Every Markdown file a clone holds, except build output (out/, bin/, obj/, tool folders) and test data
    # (tests/data holds snapshots of other sites' pages, whose relative links point into those sites).
    $markdownCases = @(Get-ChildItem $root -Recurse -File -Filter '*.md' |
        Where-Object { $_.FullName.Substring($root.Length) -notmatch '[\\/](out|bin|obj|node_modules|\.git)[\\/]|^[\\/]tests[\\/]data[\\/]' } |
        ForEach-Object { @{ File = $_.FullName.Substring($root.Length + 1); Path = $_.FullName } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest
    $script:root = Split-Path $PSScriptRoot -Parent
}

Describe 'Repository documentation' {
    Context 'When a new contributor opens the clone' {
        It 'Should hold <_>' -ForEach @('LICENSE', 'CHANGELOG.md', 'CONTRIBUTING.md', 'docs/architecture.md', 'docs/design.md', 'docs/decisions.md') {
            Join-Path $root $_ | Should -Exist
        }

        It 'Should carry the Apache License 2.0 that the manifest names' {
            $license = Get-Content (Join-Path $root 'LICENSE') -Raw
            $license | Should -Match 'Apache License\s+Version 2\.0, January 2004'
            $license | Should -Match 'END OF TERMS AND CONDITIONS'
            (Import-PowerShellDataFile (Join-Path $root 'LambdaSec.psd1')).PrivateData.PSData.LicenseUri | Should -BeExactly 'https://www.apache.org/licenses/LICENSE-2.0'
        }
    }

    Context 'When <File> links to another file' -ForEach $markdownCases {
        It 'Should link only to files inside the repository that exist' {
            $text = Get-Content $Path -Raw
            # Inline links and images, minus web addresses, mail addresses and in-page anchors.
            $targets = @([regex]::Matches($text, '\]\(([^)\s]+)\)') | ForEach-Object { $_.Groups[1].Value } |
                Where-Object { $_ -notmatch '^(https?:|mailto:|#)' } | ForEach-Object { ($_ -split '#')[0] })
            $broken = @(foreach ($target in $targets) {
                $resolved = [System.IO.Path]::GetFullPath((Join-Path (Split-Path $Path -Parent) $target))
                if (-not $resolved.StartsWith($root, [StringComparison]::Ordinal) -or -not (Test-Path $resolved)) { $target }
            })
            $broken | Should -BeNullOrEmpty -Because "every link of $File must resolve inside the clone"
        }
    }

    Context 'When docs/rules.md names the peers of an audit rule' {
        It 'Should name exactly the controls its findings carry in ControlIds' {
            $rows = @{}
            foreach ($line in Get-Content (Join-Path $root 'docs/rules.md')) {
                if ($line -match '^\| (LS-[A-Z]+-\d+) \|.*\| ([^|]*) \|$') {
                    # "SecurityHub Lambda.1; Prowler x" -> SecurityHub:Lambda.1, Prowler:x
                    # An id can have a row in two tables (LS-SEC-001: the template check and the audit rule); each row is kept.
                    $rows[$Matches[1]] = @($rows[$Matches[1]]) + , ((@($Matches[2] -split ';' | ForEach-Object { $_.Trim() } | Where-Object { $_ } | ForEach-Object { $_ -replace '^(\S+) ', '$1:' }) | Sort-Object) -join ', ')
                }
            }
            $different = @(foreach ($rule in [LambdaSec.Analysis.Audit.AuditRules]::All) {
                $documented = @($rows[$rule.Id] | Where-Object { $null -ne $_ })
                $carried = @($rule.ControlIds | Sort-Object) -join ', '
                if ($documented.Count -eq 0) { $documented = @('') }
                if ($documented -notcontains $carried) { "$($rule.Id): docs [$($documented -join '] or [')], findings [$carried]" }
            })
            [LambdaSec.Analysis.Audit.AuditRules]::All.Count | Should -BeGreaterThan 15
            $different | Should -BeNullOrEmpty
        }
    }

    Context 'When docs/peer-coverage.md answers the peers'' Lambda checks (issue 22)' {
        It 'Should give every check of the re-inventory a row with a LambdaSec rule, a command or a written reason' {
            # The re-inventory of 2026-12-03 (docs/peer-coverage.md, "Sources"): Prowler, CloudSploit, Checkov, Steampipe and
            # Security Hub ids, at the commits recorded there. A row must name the id in its first cell.
            $ids = @(
                'awslambda_function_not_publicly_accessible', 'awslambda_function_url_public', 'awslambda_function_url_cors_policy',
                'awslambda_function_using_supported_runtimes', 'awslambda_function_using_cross_account_layers',
                'awslambda_function_env_vars_not_encrypted_with_cmk', 'awslambda_function_no_dead_letter_queue', 'awslambda_function_inside_vpc',
                'awslambda_function_vpc_multi_az', 'awslambda_function_invoke_api_operations_cloudtrail_logging_enabled',
                'awslambda_function_no_secrets_in_code', 'awslambda_function_no_secrets_in_variables', 'awslambda_layer_no_secrets_in_content',
                'guardduty_lambda_protection_enabled', 'inspector2_is_enabled',
                'lambdaPublicAccess', 'lambdaNetworkExposure', 'lambdaAdminPrivileges', 'lambdaPrivilegeAnalysis', 'lambdaOldRuntimes',
                'envVarsClientSideEncryption', 'lambdaDeadLetterQueue', 'lambdaTracingEnabled', 'lambdaCodeSigningEnabled', 'lambdaVpcConfig',
                'lambdaUniqueExecutionRole', 'lambdaEnhancedMonitoring', 'lambdaHasTags', 'lambdaLogGroups', 'guardduty/lambdaProtectionEnabled',
                'computeoptimizer/lambdaFunctionsOptimized',
                'CKV_AWS_45', 'CKV_AWS_50', 'CKV_AWS_115', 'CKV_AWS_116', 'CKV_AWS_117', 'CKV_AWS_173', 'CKV_AWS_258', 'CKV_AWS_272',
                'CKV_AWS_301', 'CKV_AWS_363', 'CKV_AWS_364', 'CKV2_AWS_75', 'CKV_AWS_1', 'CKV_AWS_49', 'CKV_AWS_41', 'CKV2_AWS_5',
                'lambda_function_restrict_public_access', 'lambda_function_restrict_public_url', 'lambda_function_cors_configuration',
                'lambda_function_use_latest_runtime', 'lambda_function_encryption_enabled', 'lambda_function_dead_letter_queue_configured',
                'lambda_function_in_vpc', 'lambda_function_multiple_az_configured', 'lambda_function_concurrent_execution_limit_configured',
                'lambda_function_cloudtrail_logging_enabled', 'lambda_function_tracing_enabled', 'lambda_function_variables_no_sensitive_data',
                'lambda_function_cloudwatch_insights_enabled', 'lambda_function_logging_config_enabled', 'inspector_lambda_scanning_enabled',
                'inspector_lambda_code_scanning_enabled', 'guardduty_detector_lambda_protection_enabled',
                'codedeploy_deployment_group_lambda_allatonce_traffic_shift_disabled', 'ec2_instance_no_iam_passrole_and_lambda_invoke_function_access',
                'secretsmanager_secret_automatic_rotation_lambda_enabled',
                'Lambda.1', 'Lambda.2', 'Lambda.3', 'Lambda.5', 'Lambda.6', 'Lambda.7')
            $rows = @(Get-Content (Join-Path $root 'docs/peer-coverage.md') | Where-Object { $_ -match '^\| ' })
            $unanswered = @(foreach ($id in $ids) {
                $pattern = '^\|[^|]*(?<![A-Za-z0-9_/])' + [regex]::Escape($id) + '(?![A-Za-z0-9_])[^|]*\|'
                $row = @($rows | Where-Object { $_ -match $pattern })
                if ($row.Count -eq 0 -or -not ($row | Where-Object { $_ -match 'LS-[A-Z]+-\d+|Find-LambdaSecret|Get-LambdaExposure|Get-LambdaRolePrivilege|\| no\b|no rule|\bno:' })) { $id }
            })
            $unanswered | Should -BeNullOrEmpty
        }
    }
}
