<#
.SYNOPSIS
    Audit benchmark (issue 10): Invoke-LambdaSecAudit over generated estates on the emulator with AWS's documented
    Lambda quotas and realistic latency, against the quota-bound lower bound and the loops a user would otherwise
    script. Results go to bench/results.md.
.DESCRIPTION
    For each estate size (1k, 10k, 30k functions over 3 accounts and 4 regions; -Quick: 1k only) the emulator is
    started with --generate, --rate-limits aws (Lambda GetPolicy 15/s, the rest of the control plane 15/s shared,
    per account and region) and --latency-ms 20, and the audit runs in a fresh PowerShell process so that its peak
    working set is its own. Reported: wall time; the lower bound, that is for the busiest account-region the calls
    of each quota class less its burst divided by the class's rate (the classes run in parallel, so the largest
    counts); API calls per function; throttled answers (retried) and errors (must be 0); peak memory and findings.
    The baselines run on a sample of one account-region of the 10k estate and are extrapolated to the whole estate:
    (b) a sequential per-function PowerShell loop over the same three calls through LambdaSec's client, (c) the
    AWS CLI loop (get-policy, list-function-url-configs, list-aliases per function).
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultsPath,
    [switch] $Quick
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$repo = Split-Path $PSScriptRoot
. (Join-Path $repo 'tests/helpers/Emulator.ps1')
. (Join-Path $PSScriptRoot 'BenchResults.ps1')
$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath -Force

$regions = @('us-east-1', 'eu-west-1', 'us-west-2', 'ap-southeast-2')
$sizes = if ($Quick) { @(1000) } else { @(1000, 10000, 30000) }
$latencyMs = 20

function Start-BenchEmulator([int] $Functions) {
    Start-TestEmulator -ArgumentList @('--generate', "functions=$Functions,regions=4,accounts=3,seed=1", '--rate-limits', 'aws', '--latency-ms', "$latencyMs") -TimeoutSeconds 600
}

function Measure-SequentialLoop($Emulator, [int] $Sample) {
    $script = @"
Import-Module '$ModulePath'
`$session = [LambdaSec.Aws.AwsSession]::new([Amazon.Runtime.BasicAWSCredentials]::new('111111111111', 'x'), 'us-east-1', [LambdaSec.Aws.AwsEndpointResolver]::new('$($Emulator.EndpointUrl)'), `$null)
`$lambda = [LambdaSec.Aws.Clients.LambdaApi]::new(`$session)
`$none = [Threading.CancellationToken]::None
`$names = @(`$lambda.ListFunctionsAsync(`$null, `$none).GetAwaiter().GetResult() | Select-Object -First $Sample -ExpandProperty FunctionName)
`$watch = [Diagnostics.Stopwatch]::StartNew()
foreach (`$name in `$names) {
    try { `$null = `$lambda.GetPolicyAsync(`$name, `$null, `$none).GetAwaiter().GetResult() } catch [LambdaSec.Aws.AwsServiceException] { }
    `$null = `$lambda.ListFunctionUrlConfigsAsync(`$name, `$none).GetAwaiter().GetResult()
    `$null = `$lambda.ListAliasesAsync(`$name, `$none).GetAwaiter().GetResult()
}
"PerFunction=`$(`$watch.Elapsed.TotalSeconds / `$names.Count)"
"@
    $line = (& dotnet pwsh -NoProfile -NonInteractive -Command $script) | Where-Object { $_ -like 'PerFunction=*' } | Select-Object -Last 1
    if (-not $line) { throw 'The sequential loop produced no timing.' }
    [double]::Parse($line.Substring(12), [Globalization.CultureInfo]::InvariantCulture)
}

function Measure-CliLoop($Emulator, [int] $Sample) {
    $names = @((Invoke-TestAwsCli -Emulator $Emulator -Arguments @('lambda', 'list-functions', '--max-items', "$Sample", '--query', 'Functions[].FunctionName')))
    $watch = [Diagnostics.Stopwatch]::StartNew()
    foreach ($name in $names) {
        try { $null = Invoke-TestAwsCli -Emulator $Emulator -Raw -Arguments @('lambda', 'get-policy', '--function-name', $name) } catch { $null = $_ }
        $null = Invoke-TestAwsCli -Emulator $Emulator -Raw -Arguments @('lambda', 'list-function-url-configs', '--function-name', $name)
        $null = Invoke-TestAwsCli -Emulator $Emulator -Raw -Arguments @('lambda', 'list-aliases', '--function-name', $name)
    }
    $watch.Elapsed.TotalSeconds / $names.Count
}

$rows = foreach ($size in $sizes) {
    Write-Host "== estate of $size functions"
    $emulator = Start-BenchEmulator $size
    try {
        $shape = Get-EstateShape $emulator
        $functions = ($shape | Measure-Object Functions -Sum).Sum
        $run = Invoke-AuditRun -ModulePath $ModulePath -Emulator $emulator -Regions $regions
        $stats = Invoke-TestEmulatorAdmin -Emulator $emulator -Path '/_emulator/stats'
        $bound = Get-LowerBound $stats $shape
        $row = [pscustomobject]@{
            Functions = $functions; Seconds = $run.Seconds; LowerBound = $bound; Ratio = $run.Seconds / $bound
            CallsPerFunction = $stats.totals.calls / $functions; Throttled = $stats.totals.throttled; Errors = $run.Errors
            PeakMB = $run.PeakMB; Findings = $run.Findings; Sequential = $null; Cli = $null
        }
        if ($size -eq 10000 -or ($Quick -and $size -eq $sizes[-1])) {
            Write-Host '   baselines on a sample of us-east-1 of account 111111111111'
            $row.Sequential = (Measure-SequentialLoop $emulator 120) * $functions
            $row.Cli = if (Initialize-TestAwsCli) { (Measure-CliLoop $emulator 15) * $functions } else { $null }
        }
        $row
        Write-Host ("   audit {0:N1} s, lower bound {1:N1} s, ratio {2:N2}, {3:N2} calls/function, {4} throttled, {5} errors, peak {6} MB" -f $row.Seconds, $row.LowerBound, $row.Ratio, $row.CallsPerFunction, $row.Throttled, $row.Errors, $row.PeakMB)
    }
    finally {
        Stop-TestEmulator $emulator
    }
}

$header = @(
    '## Audit (bench/Audit.Bench.ps1)', '',
    'Invoke-LambdaSecAudit over generated estates (3 accounts x 4 regions) on the emulator with AWS''s Lambda quotas',
    '(GetPolicy 15/s; the rest of the control plane 15/s shared; per account and region) and 20 ms latency per call, on',
    'this 2-core machine. Lower bound: for the busiest account-region, each quota class''s calls less its burst over its',
    'rate. Baselines measured on a sample of one account-region and extrapolated to the estate: (b) a sequential',
    'per-function loop of the same three calls, (c) the AWS CLI loop. Peak MB is the audit process''s peak working set.', '',
    '| date | functions | audit s | lower bound s | ratio | calls/function | throttled (retried) | errors | peak MB | findings | (b) sequential s | (c) AWS CLI s |',
    '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |')
foreach ($r in $rows) {
    $row = '| {0:yyyy-MM-dd} | {1:N0} | {2:N1} | {3:N1} | {4:N2} | {5:N2} | {6} | {7} | {8} | {9:N0} | {10} | {11} |' -f (Get-Date), $r.Functions, $r.Seconds, $r.LowerBound, $r.Ratio, $r.CallsPerFunction, $r.Throttled, $r.Errors, $r.PeakMB, $r.Findings,
        $(if ($null -ne $r.Sequential) { '{0:N0} ({1:N1}x)' -f $r.Sequential, ($r.Sequential / $r.Seconds) } else { '' }),
        $(if ($null -ne $r.Cli) { '{0:N0} ({1:N1}x)' -f $r.Cli, ($r.Cli / $r.Seconds) } else { '' })
    Add-BenchResult -ResultsPath $ResultsPath -Section '## Audit' -Header $header -Row $row
}
if (@($rows | Where-Object Errors -gt 0).Count -gt 0) { Write-Error 'The audit reported errors under throttling.'; exit 1 }
