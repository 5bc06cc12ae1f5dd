<#
.SYNOPSIS
    Runs the Pester suite against the built module in a fresh process and prints 'N passed, N failed'.
.DESCRIPTION
    Started by build.ps1 -Task Test. Test files find the module through $env:LAMBDASEC_MODULE_PATH.
    Exit code: the number of failed tests (0 when all pass); 1 if Pester ran nothing.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $PesterPath,
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultPath,
    [Parameter(Mandatory)] [string] $Path
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module $PesterPath -Force
$env:LAMBDASEC_MODULE_PATH = (Resolve-Path $ModulePath).Path
# The test estates run on an emulator without quotas (unless a test sets them); the client still paces itself at
# AWS's documented rates unless told otherwise, which only makes the suite slow. Tests that need throttling set
# tight limits in the emulator, below these. The benchmark runs at the documented rates (scale 1).
if (-not $env:LAMBDASEC_QUOTA_SCALE) { $env:LAMBDASEC_QUOTA_SCALE = '10' }
# The NuGet package folder, where tests find pinned test-only packages (e.g. the older AWSSDK.Core).
$env:LAMBDASEC_NUGET_ROOT = (Split-Path (Split-Path (Split-Path (Split-Path $PesterPath))))

$config = New-PesterConfiguration
$config.Run.Path = @($Path -split ',')
$config.Run.PassThru = $true
$config.Output.Verbosity = if ($env:CI) { 'Normal' } else { 'Detailed' }
$config.TestResult.Enabled = $true
$config.TestResult.OutputFormat = 'JUnitXml'
$config.TestResult.OutputPath = $ResultPath
$result = Invoke-Pester -Configuration $config
if ($null -eq $result -or $null -eq $result.PSObject.Properties['FailedCount']) {
    # Pester found nothing to run (a wrong -TestPath): that is a failure, not a pass.
    Write-Host "No tests ran from '$Path'."
    Write-Host '0 passed, 1 failed'
    exit 1
}

# CI recognises only this plain line, so it is printed from the result object, last.
$failed = $result.FailedCount + $result.FailedBlocksCount + $result.FailedContainersCount
Write-Host "$($result.PassedCount) passed, $failed failed, $($result.SkippedCount) skipped"
if ($result.TotalCount -eq 0) { exit 1 }
exit ([Math]::Min($failed, 255))
