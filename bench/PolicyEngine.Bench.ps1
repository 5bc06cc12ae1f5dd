<#
.SYNOPSIS
    Policy engine throughput: 100k generated Lambda resource policies classified per second, as a ratio
    to parsing the same documents with System.Text.Json alone (issue 3). Results go to bench/results.md.
.DESCRIPTION
    The loops run in compiled C# (Add-Type) so that PowerShell's own pipeline cost is not measured. The
    corpus is generated from a fixed seed: a mix of public, service, cross-account, organization and
    malformed statements with 1 to 6 statements per policy. Each side runs 3 times; the best is kept.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultsPath,
    [int] $Count = 100000,
    [switch] $Quick
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
if ($Quick) { $Count = 10000 }

$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath -Force
. (Join-Path $PSScriptRoot 'BenchResults.ps1')
$lambdaSec = [LambdaSec.Model.ExposureLevel].Assembly.Location
$json = [System.Text.Json.JsonDocument].Assembly.Location


Add-Type -ReferencedAssemblies $lambdaSec, $json, 'System.Memory', 'System.Runtime', 'System.Collections', 'netstandard' -TypeDefinition @'
using System;
using System.Collections.Generic;
using System.Diagnostics;
using System.Text;
using System.Text.Json;
using LambdaSec.Analysis.Exposure;

public static class PolicyEngineBench
{
    static readonly string[] Principals =
    {
        "\"*\"", "{\"AWS\":\"*\"}", "{\"AWS\":\"arn:aws:iam::222222222222:root\"}", "{\"Service\":\"s3.amazonaws.com\"}",
        "{\"Service\":\"apigateway.amazonaws.com\"}", "{\"AWS\":\"111111111111\"}", "{\"Federated\":\"cognito-identity.amazonaws.com\"}",
    };

    static readonly string[] Conditions =
    {
        "", ",\"Condition\":{\"StringEquals\":{\"AWS:SourceAccount\":\"111111111111\"}}",
        ",\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:execute-api:us-east-1:111111111111:abc/*/GET/\"}}",
        ",\"Condition\":{\"ArnLike\":{\"AWS:SourceArn\":\"arn:aws:s3:::bucket\"}}",
        ",\"Condition\":{\"StringEquals\":{\"aws:PrincipalOrgID\":\"o-abc123\"}}",
        ",\"Condition\":{\"StringEquals\":{\"lambda:FunctionUrlAuthType\":\"NONE\"}}",
        ",\"Condition\":{\"StringEqualsIfExists\":{\"aws:SourceAccount\":\"111111111111\"},\"IpAddress\":{\"aws:SourceIp\":\"10.0.0.0/8\"}}",
    };

    public static string[] Generate(int count, int seed)
    {
        var random = new Random(seed);
        var policies = new string[count];
        var sb = new StringBuilder(1024);
        for (var i = 0; i < count; i++)
        {
            sb.Clear().Append("{\"Version\":\"2012-10-17\",\"Id\":\"default\",\"Statement\":[");
            var statements = 1 + random.Next(6);
            for (var s = 0; s < statements; s++)
            {
                if (s > 0) sb.Append(',');
                sb.Append("{\"Sid\":\"s").Append(s).Append("\",\"Effect\":\"").Append(random.Next(20) == 0 ? "Deny" : "Allow")
                  .Append("\",\"Principal\":").Append(Principals[random.Next(Principals.Length)])
                  .Append(",\"Action\":\"lambda:InvokeFunction\",\"Resource\":\"arn:aws:lambda:us-east-1:111111111111:function:f").Append(i).Append('"')
                  .Append(Conditions[random.Next(Conditions.Length)]).Append('}');
            }
            sb.Append("]}");
            // One policy in 200 is truncated, as a corrupted document would be.
            policies[i] = random.Next(200) == 0 ? sb.ToString(0, sb.Length / 2) : sb.ToString();
        }
        return policies;
    }

    public static double ParseOnly(string[] policies)
    {
        var watch = Stopwatch.StartNew();
        var sink = 0;
        foreach (var p in policies)
        {
            try { using (var d = JsonDocument.Parse(p)) { sink += d.RootElement.GetArrayLengthOrZero(); } }
            catch (JsonException) { sink--; }
        }
        watch.Stop();
        GC.KeepAlive(sink);
        return watch.Elapsed.TotalSeconds;
    }

    static int GetArrayLengthOrZero(this JsonElement e) => e.ValueKind == JsonValueKind.Object ? 1 : 0;

    public static double Classify(string[] policies, out int[] histogram)
    {
        histogram = new int[8];
        var watch = Stopwatch.StartNew();
        foreach (var p in policies)
        {
            histogram[(int)PolicyExposureClassifier.Classify(p, "111111111111").Exposure]++;
        }
        watch.Stop();
        return watch.Elapsed.TotalSeconds;
    }
}
'@

$policies = [PolicyEngineBench]::Generate($Count, 1)
$bytes = ($policies | Measure-Object -Property Length -Sum).Sum
$parse = 1..3 | ForEach-Object { [PolicyEngineBench]::ParseOnly($policies) } | Measure-Object -Minimum
$histogram = $null
$classify = 1..3 | ForEach-Object { [PolicyEngineBench]::Classify($policies, [ref] $histogram) } | Measure-Object -Minimum
$parseRate = $Count / $parse.Minimum
$classifyRate = $Count / $classify.Minimum
$levels = [enum]::GetNames([LambdaSec.Model.ExposureLevel])
$mix = ($levels | ForEach-Object { "$_ $($histogram[[int][LambdaSec.Model.ExposureLevel]$_])" }) -join ', '

$row = '| {0:yyyy-MM-dd} | {1:N0} | {2:N1} | {3:N0} | {4:N0} | {5:P1} | {6} |' -f (Get-Date), $Count, ($bytes / 1MB), $parseRate, $classifyRate, ($classifyRate / $parseRate), $mix
Write-Host "JSON parse only: $([math]::Round($parseRate)) policies/s; classify: $([math]::Round($classifyRate)) policies/s; ratio $([math]::Round($classifyRate / $parseRate, 3))"
Write-Host "Levels: $mix"

$header = @(
    '## Policy engine (bench/PolicyEngine.Bench.ps1)', '',
    'Policies classified per second by `PolicyExposureClassifier.Classify` (parse + classify), against parsing the same',
    'documents with `JsonDocument.Parse` alone; best of 3 runs each, one process, 2-core machine. Ratio = classify rate / parse rate.', '',
    '| date | policies | MiB | parse only /s | classify /s | ratio | levels |', '| --- | --- | --- | --- | --- | --- | --- |')
Add-BenchResult -ResultsPath $ResultsPath -Section '## Policy engine' -Header $header -Row $row
