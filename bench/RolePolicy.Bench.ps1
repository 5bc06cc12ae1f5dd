<#
.SYNOPSIS
    Role privilege analyzer on very large policies (issue 19 item 8): Test-LambdaRolePolicy on one generated
    identity policy of 16,000 and 60,000 statements, against parsing the same document alone. Results go to
    bench/results.md.
.DESCRIPTION
    The policy is generated from a fixed seed with the shapes real policies have: single actions of the
    catalog on one ARN of their service, lists of a service's Get*/List*/Describe* wildcards, service wildcards
    on a service's ARNs, statements under a Condition, explicit Deny statements, and a few NotAction and
    Action * statements scoped to one bucket. The analysis must grow linearly with the statements: the ratio to
    parse-only time stays flat from 16,000 to 60,000 statements, and the analysis time of 60,000 statements is at
    most 3.75 times (60,000 / 16,000) that of 16,000. Each size runs three times; the best is kept. The wall time
    and the process CPU time are both recorded (on a busy machine the CPU time is the steadier of the two), with
    the load average at the start of the size. Issue 19 item 8's target: 16,000 statements well under a second.
    Run alone: dotnet pwsh -NoProfile -File bench/RolePolicy.Bench.ps1 -ModulePath out/LambdaSec/LambdaSec.psd1 -ResultsPath bench/results.md
    (after ./build.ps1), or every bench with ./build.ps1 -Task Bench.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultsPath,
    [int[]] $Statements = @(16000, 60000),
    [switch] $Quick
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
if ($Quick) { $Statements = @(2000, 8000) }

$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath -Force
. (Join-Path $PSScriptRoot 'BenchResults.ps1')

function New-LargePolicy {
    param([int] $Count, [int] $Seed = 16)
    $random = [System.Random]::new($Seed)
    $actions = [LambdaSec.Analysis.Privileges.IamActionCatalog]::Default.Actions
    $services = @($actions | ForEach-Object Service | Sort-Object -Unique)
    $sb = [System.Text.StringBuilder]::new($Count * 160)
    $null = $sb.Append('{"Version":"2012-10-17","Statement":[')
    for ($i = 0; $i -lt $Count; $i++) {
        if ($i -gt 0) { $null = $sb.Append(',') }
        $roll = $random.Next(1000)
        $action = $actions[$random.Next($actions.Count)]
        $arn = "arn:aws:$($action.Service):us-east-1:111111111111:resource-$i"
        $statement = switch ($roll) {
            { $_ -lt 600 } { "{""Sid"":""S$i"",""Effect"":""Allow"",""Action"":""$($action.FullName)"",""Resource"":""$arn""}"; break }
            { $_ -lt 800 } { "{""Effect"":""Allow"",""Action"":[""$($action.Service):Get*"",""$($action.Service):List*"",""$($action.Service):Describe*""],""Resource"":""*""}"; break }
            { $_ -lt 900 } { "{""Effect"":""Allow"",""Action"":""$($services[$random.Next($services.Count)]):*"",""Resource"":""arn:aws:*:*:111111111111:team-$($i % 50)/*""}"; break }
            { $_ -lt 960 } { "{""Effect"":""Allow"",""Action"":""$($action.FullName)"",""Resource"":""*"",""Condition"":{""StringEquals"":{""aws:RequestedRegion"":""us-east-1""}}}"; break }
            { $_ -lt 990 } { "{""Effect"":""Deny"",""Action"":""$($action.FullName)"",""Resource"":""$arn""}"; break }
            { $_ -lt 995 } { "{""Effect"":""Allow"",""NotAction"":[""iam:*"",""$($action.Service):*""],""Resource"":""arn:aws:s3:::bucket-$i/*""}"; break }
            default { "{""Effect"":""Allow"",""Action"":""*"",""Resource"":""arn:aws:s3:::bucket-$i/*""}" }
        }
        $null = $sb.Append($statement)
    }
    $null = $sb.Append(']}')
    $sb.ToString()
}

# Best wall and best CPU milliseconds of the runs (the process's CPU time, so GC threads count, other processes not).
function Measure-Best {
    param([scriptblock] $Action, [int] $Runs = 3)
    $process = [System.Diagnostics.Process]::GetCurrentProcess()
    $samples = foreach ($run in 1..$Runs) {
        $process.Refresh()
        $cpu = $process.TotalProcessorTime
        $wall = (Measure-Command $Action).TotalMilliseconds
        $process.Refresh()
        [pscustomobject]@{ Wall = $wall; Cpu = ($process.TotalProcessorTime - $cpu).TotalMilliseconds }
    }
    [pscustomobject]@{ Wall = ($samples | Measure-Object Wall -Minimum).Minimum; Cpu = ($samples | Measure-Object Cpu -Minimum).Minimum }
}

function Get-LoadAverage {
    if (Test-Path /proc/loadavg) { (Get-Content /proc/loadavg).Split(' ')[0] } else { 'n/a' }
}

# Warm up: load the catalogs and let the runtime compile the analyzer's hot paths (a generated policy of 2,000
# statements, twice), so that neither one-time cost is counted in the first size.
$warmUp = New-LargePolicy -Count 2000 -Seed 2
1..2 | ForEach-Object { $null = [LambdaSec.Analysis.Policy.PolicyParser]::Parse($warmUp); $null = Test-LambdaRolePolicy -Policy $warmUp }

$first = $null
foreach ($count in $Statements) {
    $policy = New-LargePolicy -Count $count
    $load = Get-LoadAverage
    $parse = Measure-Best { $null = [LambdaSec.Analysis.Policy.PolicyParser]::Parse($policy) }
    $report = $null
    $analyze = Measure-Best { $script:report = Test-LambdaRolePolicy -Policy $policy }
    $first = if ($null -eq $first) { [pscustomobject]@{ Count = $count; Analyze = $analyze } } else { $first }
    $growth = if ($first.Count -eq $count) { 'first size' } else {
        '{0:N2}x the statements: {1:N2}x the time, {2:N2}x the CPU' -f ($count / $first.Count), ($analyze.Wall / $first.Analyze.Wall), ($analyze.Cpu / $first.Analyze.Cpu)
    }
    $row = '| {0} | {1} | {2:N0} | {3:N1} | {4:N0} | {5:N0} | {6:N0} | {7:N1} | {8:N3} | {9} | {10} escalation methods, {11} service wildcards |' -f
    (Get-Date).ToUniversalTime().ToString('yyyy-MM-dd HH:mm'), $load, $count, ($policy.Length / 1MB), $parse.Wall, $analyze.Wall, $analyze.Cpu, ($analyze.Wall / $parse.Wall), ($analyze.Wall / $count), $growth,
    @($report.PrivilegeEscalation).Count, @($report.ServiceWildcards).Count
    Write-Host $row
    Add-BenchResult -ResultsPath $ResultsPath -Section '## Role analyzer growth' -Header @(
        '## Role analyzer growth (bench/RolePolicy.Bench.ps1, issue 19 item 8)'
        ''
        'Test-LambdaRolePolicy (parse and analysis) on one generated identity policy (fixed seed; the shapes of the'
        'section above), best of 3 runs per size in one process, after a warm-up. Linear when the growth from the'
        'first size is at most the statements'' growth (60,000 / 16,000 = 3.75x). Load: the 1-minute load average at'
        'the start of the size (2 cores); on a busy machine compare the CPU column. Target: 16,000 well under a second.'
        ''
        '| date (UTC) | load | statements | MiB | parse ms | analyze ms | analyze CPU ms | ratio to parse | ms per statement | growth | verdict |'
        '| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |'
    ) -Row $row
}
