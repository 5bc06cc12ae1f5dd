<#
.SYNOPSIS
    Organization-scale benchmark (issue 18): Invoke-LambdaSecAudit over generated organizations of 50 (and, without
    -Quick, 200) accounts x 4 regions, 50 functions per account-region, on the emulator with AWS's Lambda quotas and
    50 ms latency per call. Results go to bench/results.md.
.DESCRIPTION
    Reported per size: wall time; API calls (the emulator's count) and calls per function; calls per second; the audit
    process's CPU milliseconds per call and the emulator's (both run on this machine); the audit's peak working set; the
    quota lower bound (for the busiest account-region, each quota class's calls less its burst over its rate, as in
    Audit.Bench.ps1) and the ratio to it; throttled answers (retried) and errors (must be 0). At the first size it also
    counts the calls per function of Get-LambdaExposure (default and -VerdictOnly) over one account's 4 regions.
    The machine has 2 cores shared with other work: ratios within one run are what to compare; repeat when noisy.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultsPath,
    [switch] $Quick,
    # Organization sizes to run (default 50 and 200; -Quick: 50). Strings, so that "-Accounts 50,200" through
    # 'pwsh -File' (which passes "50,200" as one string, read as the number 50200 by an [int[]]) gives two sizes.
    [string[]] $Accounts,
    [string[]] $Regions = @('us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2')
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath -Force
foreach ($helper in (Join-Path (Split-Path $PSScriptRoot) 'tests/helpers/Emulator.ps1'), (Join-Path $PSScriptRoot 'BenchResults.ps1')) { . $helper }
$regions = $Regions
# A new variable: assigned back to the [string[]] parameter, the sizes would be strings again ("50" * 4 is "50505050").
[int[]] $sizes = if ($Accounts) { @($Accounts -split ',' | Where-Object { $_.Trim() } | ForEach-Object { [int]$_.Trim() }) } elseif ($Quick) { @(50) } else { @(50, 200) }
$cores = [Environment]::ProcessorCount
$perCell = 50
$latencyMs = 50

function Get-LambdaCallsPerFunction($Emulator, [int] $Functions, [switch] $VerdictOnly) {
    $null = Invoke-TestEmulatorAdmin -Emulator $Emulator -Method DELETE -Path '/_emulator/stats'
    $null = Get-LambdaExposure -EndpointUrl $Emulator.EndpointUrl -AccessKey 111111111111 -SecretKey x -Region $regions -VerdictOnly:$VerdictOnly -ErrorAction SilentlyContinue
    $stats = Invoke-TestEmulatorAdmin -Emulator $Emulator -Path '/_emulator/stats'
    (@($stats.operations.PSObject.Properties | Where-Object Name -like 'lambda:*' | ForEach-Object { $_.Value.calls }) | Measure-Object -Sum).Sum / $Functions
}

$rows = foreach ($count in $sizes) {
    Write-Host "== organization of $count accounts x $($regions.Count) regions"
    $emulator = Start-TestEmulator -ArgumentList @('--generate', "functions=$($count * $regions.Count * $perCell),regions=$($regions.Count),accounts=$count,seed=1", '--rate-limits', 'aws', '--latency-ms', "$latencyMs") -TimeoutSeconds 600
    try {
        $shape = Get-EstateShape $emulator
        $functions = ($shape | Measure-Object Functions -Sum).Sum
        $emulator.Process.Refresh(); $emulatorCpu = $emulator.Process.TotalProcessorTime
        $run = Invoke-AuditRun -ModulePath $ModulePath -Emulator $emulator -Regions $regions
        $emulator.Process.Refresh(); $emulatorCpu = ($emulator.Process.TotalProcessorTime - $emulatorCpu).TotalSeconds
        $stats = Invoke-TestEmulatorAdmin -Emulator $emulator -Path '/_emulator/stats'
        $bound = Get-LowerBound $stats $shape
        $calls = $stats.totals.calls
        # What the machine's cores allow: every call costs the audit's CPU and the emulator's, both on this machine.
        $cpuBound = ($run.CpuSeconds + $emulatorCpu) / $cores
        $row = [pscustomobject]@{
            Accounts = $count; Functions = $functions; Seconds = $run.Seconds; Calls = $calls; CallsPerFunction = $calls / $functions
            CallsPerSecond = $calls / $run.Seconds; ClientCpuMs = $run.CpuSeconds * 1000 / $calls; EmulatorCpuMs = $emulatorCpu * 1000 / $calls
            PeakMB = $run.PeakMB; LowerBound = $bound; Ratio = $run.Seconds / $bound; CpuBound = $cpuBound; RatioToBounds = $run.Seconds / [math]::Max($bound, $cpuBound); Throttled = $stats.totals.throttled; Errors = $run.Errors; Findings = $run.Findings
            ExposureDefault = $null; ExposureVerdictOnly = $null
        }
        if ($count -eq $sizes[0]) {
            $own = ($shape | Where-Object Account -eq '111111111111' | Measure-Object Functions -Sum).Sum
            $row.ExposureDefault = Get-LambdaCallsPerFunction $emulator $own
            $row.ExposureVerdictOnly = Get-LambdaCallsPerFunction $emulator $own -VerdictOnly
        }
        $row
        # What the errors were (the bench must end with none): the first few, so a failed run says why.
        foreach ($text in @($run.ErrorText)) { Write-Host "   error: $text" }
        Write-Host ("   {0:N1} s, {1:N0} calls ({2:N2}/function), {3:N0} calls/s, client {4:N3} ms CPU/call, emulator {5:N3} ms CPU/call, peak {6} MB, quota lower bound {7:N1} s (ratio {8:N2}), CPU lower bound on {11} cores {12:N1} s, ratio to the larger bound {13:N2}, {9} throttled, {10} errors" -f $row.Seconds, $row.Calls, $row.CallsPerFunction, $row.CallsPerSecond, $row.ClientCpuMs, $row.EmulatorCpuMs, $row.PeakMB, $row.LowerBound, $row.Ratio, $row.Throttled, $row.Errors, $cores, $row.CpuBound, $row.RatioToBounds)
    }
    finally {
        Stop-TestEmulator $emulator
    }
}

$header = @(
    '## Organization (bench/Organization.Bench.ps1)', '',
    'Invoke-LambdaSecAudit -OrganizationRoleName over generated organizations (N accounts x 4 regions, 50 functions per',
    'account-region) on the emulator with AWS''s Lambda quotas and 50 ms latency per call; the emulator runs on the same',
    '2-core machine (shared with other work, so numbers are noisy: compare within a row). Lower bound as in the Audit',
    'section. CPU ms/call: the audit process''s and the emulator''s CPU time over the calls. Calls per function of',
    'Get-LambdaExposure over one account''s 4 regions: default (every URL) and -VerdictOnly (the audit''s plan). CPU lower',
    'bound: the audit''s and the emulator''s CPU seconds over the machine''s cores (what the cores allow even without quotas);',
    'the last column is the audit''s time over the larger of the two bounds.', '',
    '| date | accounts | functions | audit s | calls | calls/function | calls/s | client CPU ms/call | emulator CPU ms/call | peak MB | lower bound s | ratio | throttled (retried) | errors | findings | Get-LambdaExposure calls/function (default, -VerdictOnly) | CPU lower bound s (cores) | ratio to max(quota, CPU) |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
foreach ($r in $rows) {
    $exposure = if ($null -ne $r.ExposureDefault) { '{0:N2}, {1:N2}' -f $r.ExposureDefault, $r.ExposureVerdictOnly } else { '' }
    $row = '| {0:yyyy-MM-dd} | {1} | {2:N0} | {3:N1} | {4:N0} | {5:N2} | {6:N0} | {7:N3} | {8:N3} | {9} | {10:N1} | {11:N2} | {12} | {13} | {14:N0} | {15} | {16:N1} ({17}) | {18:N2} |' -f (Get-Date), $r.Accounts, $r.Functions, $r.Seconds, $r.Calls, $r.CallsPerFunction, $r.CallsPerSecond, $r.ClientCpuMs, $r.EmulatorCpuMs, $r.PeakMB, $r.LowerBound, $r.Ratio, $r.Throttled, $r.Errors, $r.Findings, $exposure, $r.CpuBound, $cores, $r.RatioToBounds
    Add-BenchResult -ResultsPath $ResultsPath -Section '## Organization' -Header $header -Row $row
}
if (@($rows | Where-Object Errors -gt 0).Count -gt 0) { Write-Error 'The audit reported errors under throttling.'; exit 1 }
