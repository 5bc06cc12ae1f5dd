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
    parse-only time stays flat from 16,000 to 60,000 statements. Each size runs twice; the best is kept.
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

function Measure-Best {
    param([scriptblock] $Action, [int] $Runs = 2)
    (1..$Runs | ForEach-Object { (Measure-Command $Action).TotalMilliseconds } | Measure-Object -Minimum).Minimum
}

# Warm up: load the catalogs and let the runtime compile the analyzer's hot paths (a generated policy of 2,000
# statements, twice), so that neither one-time cost is counted in the first size.
$warmUp = New-LargePolicy -Count 2000 -Seed 2
1..2 | ForEach-Object { $null = [LambdaSec.Analysis.Policy.PolicyParser]::Parse($warmUp); $null = Test-LambdaRolePolicy -Policy $warmUp }

foreach ($count in $Statements) {
    $policy = New-LargePolicy -Count $count
    $parseMs = Measure-Best { $null = [LambdaSec.Analysis.Policy.PolicyParser]::Parse($policy) }
    $report = $null
    $analyzeMs = Measure-Best { $script:report = Test-LambdaRolePolicy -Policy $policy }
    $row = '| {0} | {1:N0} | {2:N1} | {3:N0} | {4:N0} | {5:N1} | {6:N3} | {7} escalation methods, {8} service wildcards |' -f
    (Get-Date -Format 'yyyy-MM-dd'), $count, ($policy.Length / 1MB), $parseMs, $analyzeMs, ($analyzeMs / $parseMs), ($analyzeMs / $count), @($report.PrivilegeEscalation).Count, @($report.ServiceWildcards).Count
    Write-Host $row
    Add-BenchResult -ResultsPath $ResultsPath -Section '## Role privilege analyzer' -Header @(
        '## Role privilege analyzer (bench/RolePolicy.Bench.ps1)'
        ''
        'Test-LambdaRolePolicy on one generated identity policy (fixed seed; single actions on one ARN, service'
        'Get*/List*/Describe* lists, service wildcards, conditions, Deny, a few NotAction and Action * statements),'
        'against parsing the same document alone; best of 2 runs, one process, 2-core machine. Linear when the'
        'ratio stays flat as the statements grow.'
        ''
        '| date | statements | MiB | parse ms | analyze ms | ratio | ms per statement | verdict |'
        '| --- | --- | --- | --- | --- | --- | --- | --- |'
    ) -Row $row
}
