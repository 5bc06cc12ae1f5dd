# Shared by the bench scripts. Add-BenchResult appends one result row under a section of bench/results.md, creating it when missing.
function Add-BenchResult {
    param([string] $ResultsPath, [string] $Section, [string[]] $Header, [string] $Row)
    $lines = [System.Collections.Generic.List[string]]::new()
    if (Test-Path $ResultsPath) { $lines.AddRange([string[]] @(Get-Content $ResultsPath)) } else { $lines.Add('# Benchmark results') }
    $start = $lines.FindIndex({ param($l) $l.StartsWith($Section) })
    if ($start -lt 0) {
        $lines.Add('')
        $lines.AddRange([string[]] $Header)
        $lines.Add($Row)
    }
    else {
        $end = $start + 1
        while ($end -lt $lines.Count -and -not $lines[$end].StartsWith('## ')) { $end++ }
        # Under the section's last table row, so a reading written below the table stays below it.
        $last = $end - 1
        while ($last -gt $start -and -not $lines[$last].StartsWith('|')) { $last-- }
        if ($last -gt $start) { $end = $last + 1 }
        else { while ($end -gt $start -and [string]::IsNullOrWhiteSpace($lines[$end - 1])) { $end-- } }
        $lines.Insert($end, $Row)
    }
    Set-Content -Path $ResultsPath -Value $lines
}

# Functions per account and region, from the emulator's own count (no AWS call).
function Get-EstateShape($Emulator) {
    $accounts = Invoke-TestEmulatorAdmin -Emulator $Emulator -Path '/_emulator/accounts'
    @(foreach ($account in $accounts) {
        foreach ($region in $account.regions.PSObject.Properties) {
            [pscustomobject]@{ Account = $account.accountId; Region = $region.Name; Functions = [int]$region.Value.functions }
        }
    })
}

# Runs Invoke-LambdaSecAudit over the emulator's organization in a fresh process (so its peak working set and CPU time are
# its own) and returns wall seconds, client CPU seconds, findings, errors and peak MB.
function Invoke-AuditRun([string] $ModulePath, $Emulator, [string[]] $Regions) {
    $script = @"
Import-Module '$ModulePath'
`$watch = [Diagnostics.Stopwatch]::StartNew(); `$findings = 0; `$process = [Diagnostics.Process]::GetCurrentProcess(); `$cpu = `$process.TotalProcessorTime
Invoke-LambdaSecAudit -EndpointUrl '$($Emulator.EndpointUrl)' -AccessKey 111111111111 -SecretKey x -Region $($Regions -join ',') -OrganizationRoleName OrganizationAccountAccessRole -ErrorVariable problems -ErrorAction SilentlyContinue | ForEach-Object { `$findings++ }
`$process.Refresh()
[pscustomobject]@{ Seconds = `$watch.Elapsed.TotalSeconds; CpuSeconds = (`$process.TotalProcessorTime - `$cpu).TotalSeconds; Findings = `$findings; Errors = @(`$problems).Count; ErrorText = @(`$problems | Select-Object -First 5 | ForEach-Object { '{0}: {1}' -f `$_.FullyQualifiedErrorId, `$_.Exception.Message }); PeakMB = [math]::Round(`$process.PeakWorkingSet64 / 1MB) } | ConvertTo-Json -Compress
"@
    $output = & dotnet pwsh -NoProfile -NonInteractive -Command $script
    if ($LASTEXITCODE -ne 0) { throw "The audit run failed: $output" }
    ($output | Where-Object { $_ -like '{*}' } | Select-Object -Last 1) | ConvertFrom-Json
}

# For the busiest account-region: each quota class's calls, less its burst, over its rate (Lambda GetPolicy and the shared
# remainder of the control plane, 15/s each per account and region, docs/aws-access.md). Calls are split over
# account-regions in proportion to their functions (the audit makes the same calls per function everywhere).
function Get-LowerBound($Stats, $Shape) {
    $rate = 15.0; $burst = 15.0
    $total = ($Shape | Measure-Object Functions -Sum).Sum
    $calls = @{ GetPolicy = 0.0; Shared = 0.0 }
    foreach ($op in $Stats.operations.PSObject.Properties) {
        if ($op.Name -notlike 'lambda:*') { continue }
        $useful = $op.Value.calls - $op.Value.throttled
        if ($op.Name -eq 'lambda:GetPolicy') { $calls.GetPolicy += $useful } elseif ($op.Name -ne 'lambda:GetFunction') { $calls.Shared += $useful }
    }
    $busiest = ($Shape | Measure-Object Functions -Maximum).Maximum / $total
    [math]::Max(($calls.GetPolicy * $busiest - $burst) / $rate, ($calls.Shared * $busiest - $burst) / $rate)
}
