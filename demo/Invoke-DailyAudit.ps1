<#
.SYNOPSIS
    The README's daily audit runbook: audit with accepted risks and yesterday's report as the baseline, keep
    today's report, and fail only on new High or Critical findings that nobody accepted.
.DESCRIPTION
    Uses the AWS configuration of the session (the emulator's, after Start-LambdaSecEmulator -SetEnvironment).
    The newest lambdasec-*.json in -ReportFolder is the baseline; the first run has none, so it only records one.
    Writes lambdasec-<UTC time>.json (tomorrow's baseline) and .html (new findings marked "new since") there,
    outputs a summary and exits with 1 when a new, unsuppressed finding is at least -FailOn severe.
    With -SecurityHub the findings also go to AWS Security Hub (Send-LambdaSecFinding): each one updates its own
    finding there (stable Id), and findings no longer reported are archived.
.EXAMPLE
    ./demo/Invoke-DailyAudit.ps1 -ReportFolder ./audits -SuppressionPath ./demo/accepted-risks.yaml
.EXAMPLE
    ./demo/Invoke-DailyAudit.ps1 -ReportFolder ./audits -SuppressionPath ./demo/accepted-risks.yaml -SecurityHub
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ReportFolder,
    [string] $SuppressionPath,
    [string[]] $Region = @('us-east-1'),
    [string] $OrganizationRoleName,
    [ValidateSet('Critical', 'High', 'Medium', 'Low', 'Informational')] [string] $FailOn = 'High',
    [switch] $SecurityHub
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

$null = New-Item -ItemType Directory -Path $ReportFolder -Force
$baseline = Get-ChildItem -Path $ReportFolder -Filter 'lambdasec-*.json' | Sort-Object Name | Select-Object -Last 1
$audit = @{ Region = $Region }
if ($SuppressionPath) { $audit.SuppressionPath = $SuppressionPath }
if ($OrganizationRoleName) { $audit.OrganizationRoleName = $OrganizationRoleName }
if ($baseline) { $audit.BaselinePath = $baseline.FullName }
$findings = @(Invoke-LambdaSecAudit @audit)

$stamp = [datetime]::UtcNow.ToString('yyyyMMdd-HHmmss-fff')
$report = Join-Path $ReportFolder "lambdasec-$stamp.json"
$null = $findings | Export-LambdaSecReport -Path $report -Format Json
$null = $findings | Export-LambdaSecReport -Path (Join-Path $ReportFolder "lambdasec-$stamp.html") -Format Html -Title "LambdaSec daily audit $stamp"

# Security Hub: import today's findings (the same Id every day, so each updates in place) and archive those no longer reported.
$hub = if ($SecurityHub) { @($findings | Send-LambdaSecFinding -Region $Region -PassThru) } else { @() }

$new = @($findings | Where-Object { $_.BaselineState -eq 'New' -and -not $_.Suppressed -and $_.Severity -ge $FailOn })
[pscustomobject]@{
    Report     = $report
    Baseline   = if ($baseline) { $baseline.FullName } else { $null }
    Findings   = $findings.Count
    Suppressed = @($findings | Where-Object Suppressed).Count
    New        = @($findings | Where-Object BaselineState -eq 'New').Count
    HubImported = @($hub | Where-Object Action -eq 'Imported').Count
    HubArchived = @($hub | Where-Object Action -eq 'Archived')
    Failed     = $new.Count -gt 0
    Blocking   = $new
}
if ($new.Count -gt 0) {
    foreach ($finding in $new) { Write-Warning "New $($finding.Severity) finding $($finding.RuleId) on $($finding.FunctionName): $($finding.Title)" }
    exit 1
}
