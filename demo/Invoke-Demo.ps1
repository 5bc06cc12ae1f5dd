<#
.SYNOPSIS
    The README's first command: audits the bundled demo estate on the LambdaSec emulator and writes reports.
.DESCRIPTION
    Starts the emulator with the demo scenario (three accounts of one organization, two regions), runs
    Invoke-LambdaSecAudit across the organization as its management account, writes an HTML report (and SARIF
    and JSON beside it), prints a summary and where the report is, and stops the emulator. No AWS account needed.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module $ModulePath -Force
$null = New-Item -ItemType Directory -Path $OutputPath -Force
$OutputPath = (Resolve-Path $OutputPath).Path

Write-Host 'Starting the LambdaSec emulator with the demo estate...'
$emulator = Start-LambdaSecEmulator -Scenario demo
try {
    # The demo's management account; the audit assumes OrganizationAccountAccessRole into the others, as it would in AWS.
    $aws = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = '111111111111'; SecretKey = 'demo' }
    $findings = @(Invoke-LambdaSecAudit @aws -Region us-east-1, eu-west-1 -OrganizationRoleName OrganizationAccountAccessRole)

    $html = Join-Path $OutputPath 'lambdasec-demo.html'
    $report = $findings | Export-LambdaSecReport -Path $html -Format Html -Title 'LambdaSec demo audit' -Force
    $null = $findings | Export-LambdaSecReport -Path (Join-Path $OutputPath 'lambdasec-demo.sarif') -Format Sarif -Force
    $null = $findings | Export-LambdaSecReport -Path (Join-Path $OutputPath 'lambdasec-demo.json') -Format Json -Force

    Write-Host ''
    Write-Host "$($findings.Count) findings in $(@($findings.AccountId | Sort-Object -Unique).Count) accounts:"
    $findings | Group-Object RuleId | Sort-Object Name | ForEach-Object {
        [pscustomobject]@{ Rule = $_.Name; Severity = $_.Group[0].Severity; Findings = $_.Count; Title = $_.Group[0].Title }
    } | Format-Table -AutoSize | Out-String -Width 160 | Write-Host
    Write-Host "HTML report: $($report.Path)"
    Write-Host "SARIF and JSON beside it in $OutputPath"
}
finally {
    $emulator | Stop-LambdaSecEmulator
}
