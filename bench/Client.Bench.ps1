<#
.SYNOPSIS
    Where the client's CPU per call goes (issue 18): building the request, SigV4 signing, reading the JSON answer, the
    HTTP stack alone (HttpClient, 16 in flight) and a whole SendAsync (16 in flight), against the emulator without
    latency or quotas (the client's own limiter scaled out of the way). Process CPU time and allocated bytes per
    operation; C# loops compiled once, so PowerShell's own cost is not measured. Results go to bench/results.md.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $ResultsPath,
    [switch] $Quick,
    [string] $Endpoint,
    [int] $N = 3000
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
if (-not $Endpoint) {
    # The driver: an emulator, then this script again in a fresh process that measures.
    . (Join-Path (Split-Path $PSScriptRoot) 'tests/helpers/Emulator.ps1')
    . (Join-Path $PSScriptRoot 'BenchResults.ps1')
    $emulator = Start-TestEmulator -ArgumentList @('--generate', 'functions=200,regions=1,accounts=1,seed=1')
    $env:LAMBDASEC_QUOTA_SCALE = '10000'
    try {
        $stages = @(& dotnet pwsh -NoProfile -NonInteractive -File $PSCommandPath -ModulePath $ModulePath -ResultsPath $ResultsPath -Endpoint $emulator.EndpointUrl -N $(if ($Quick) { 1000 } else { $N }) | Where-Object { $_ -like '{*}' } | ConvertFrom-Json)
    }
    finally {
        Remove-Item Env:\LAMBDASEC_QUOTA_SCALE
        Stop-TestEmulator $emulator
    }
    $stages | ForEach-Object { Write-Host ('   {0,-26} {1,8:N1} us CPU/op {2,8:N0} B/op' -f $_.Stage, $_.CpuUs, $_.Bytes) }
    $header = @('## Client CPU per call (bench/Client.Bench.ps1)', '',
        'Process CPU microseconds and allocated bytes per operation in the client, on this shared 2-core machine (noisy: compare',
        'within a row). HTTP only = HttpClient sending a pre-signed GetPolicy and reading the answer; SendAsync = the whole',
        'access layer (limiter, gates, signing, HTTP, reading, counting), 16 in flight; GetPolicy of a function without a policy',
        'as the exposure collector reads it (rows before 2026-12-03 session 3: an exception; since: SendOrNotFoundAsync, a null result).', '',
        '| date | build request | SigV4 sign | read JSON | HTTP only | SendAsync ListAliases | SendAsync GetPolicy (not found) | bytes/SendAsync |',
        '| --- | --- | --- | --- | --- | --- | --- | --- |')
    $us = @{}; foreach ($s in $stages) { $us[$s.Stage] = $s }
    $row = '| {0:yyyy-MM-dd} | {1:N1} | {2:N1} | {3:N1} | {4:N1} | {5:N1} | {6:N1} | {7:N0} |' -f (Get-Date), $us['BuildRequest'].CpuUs, $us['SigV4 sign'].CpuUs, $us['ReadResult (policy)'].CpuUs, $us['HttpClient only x16'].CpuUs, $us['SendAsync ListAliases x16'].CpuUs, $us['SendAsync GetPolicy x16'].CpuUs, $us['SendAsync ListAliases x16'].Bytes
    Add-BenchResult -ResultsPath $ResultsPath -Section '## Client CPU' -Header $header -Row $row
    return
}

$ModulePath = (Resolve-Path $ModulePath).Path
Import-Module $ModulePath
$creds = [Amazon.Runtime.BasicAWSCredentials]::new('111111111111', 'x')
$imm = $creds.GetCredentials()
$session = [LambdaSec.Aws.AwsSession]::new($creds, 'us-east-1', [LambdaSec.Aws.AwsEndpointResolver]::new($Endpoint), $null)
$session.AccountId = '111111111111'
$op = [LambdaSec.Aws.Clients.LambdaApi]::GetPolicy
$proto = $op.Service.Protocol
$uri = [Uri]$Endpoint
$inp = [LambdaSec.Aws.AwsInput]::Of('FunctionName', 'fn-000-00001', 'Qualifier', $null)
$none = [Threading.CancellationToken]::None
$policy = @{ Version = '2012-10-17'; Statement = @(@{ Sid = 'public'; Effect = 'Allow'; Principal = '*'; Action = 'lambda:InvokeFunction'; Resource = 'arn:aws:lambda:us-east-1:111111111111:function:f' }) } | ConvertTo-Json -Compress -Depth 5
$body = [Text.Encoding]::UTF8.GetBytes((@{ Policy = $policy; RevisionId = 'r' } | ConvertTo-Json -Compress))
$proc = [Diagnostics.Process]::GetCurrentProcess()
function Measure-Stage([string] $Name, [scriptblock] $Block, [int] $Count) {
    & $Block; [GC]::Collect()
    $a0 = [GC]::GetTotalAllocatedBytes($true); $c0 = $proc.TotalProcessorTime; $w = [Diagnostics.Stopwatch]::StartNew()
    & $Block $Count
    $w.Stop(); $proc.Refresh(); $c1 = $proc.TotalProcessorTime; $a1 = [GC]::GetTotalAllocatedBytes($true)
    [pscustomobject]@{ Stage = $Name; CpuUs = ($c1 - $c0).TotalMilliseconds * 1000 / $Count; Bytes = ($a1 - $a0) / $Count } | ConvertTo-Json -Compress
}
# C# loops compiled once so PowerShell's own per-iteration cost is not measured.
Add-Type -ReferencedAssemblies ([LambdaSec.Aws.AwsSession].Assembly.Location), ([Amazon.Runtime.AWSCredentials].Assembly.Location), 'System.Net.Http', 'System.Runtime', 'System.Collections', 'System.Threading', 'System.Threading.Tasks', 'System.Linq', 'System.Net.Primitives', 'netstandard' -TypeDefinition @'
using System; using System.Collections.Generic; using System.Threading; using System.Threading.Tasks; using LambdaSec.Aws;
public static class CpuLoops {
    public static void Build(AwsOperation op, IReadOnlyDictionary<string, object> input, Uri uri, int n) { for (var i = 0; i < n; i++) op.Service.Protocol.BuildRequest(op, input, uri); }
    public static void Sign(AwsOperation op, IReadOnlyDictionary<string, object> input, Uri uri, Amazon.Runtime.ImmutableCredentials c, int n) { var w = op.Service.Protocol.BuildRequest(op, input, uri); for (var i = 0; i < n; i++) SigV4Signer.Sign(w, c, "us-east-1", "lambda", DateTime.UtcNow); }
    public static void Read(AwsOperation op, byte[] body, int n) { for (var i = 0; i < n; i++) op.Service.Protocol.ReadResult(op, body); }
    static readonly System.Net.Http.HttpClient Http = new System.Net.Http.HttpClient(new System.Net.Http.HttpClientHandler { MaxConnectionsPerServer = 256, AutomaticDecompression = System.Net.DecompressionMethods.GZip | System.Net.DecompressionMethods.Deflate });
    public static void Raw(AwsOperation op, IReadOnlyDictionary<string, object> input, Uri uri, Amazon.Runtime.ImmutableCredentials c, int n, int par) {
        var w = op.Service.Protocol.BuildRequest(op, input, uri); var sig = SigV4Signer.Sign(w, c, "us-east-1", "lambda", DateTime.UtcNow);
        var left = n; var tasks = new List<Task>();
        for (var p = 0; p < par; p++) tasks.Add(Task.Run(async () => { while (Interlocked.Decrement(ref left) >= 0) {
            using var m = new System.Net.Http.HttpRequestMessage(System.Net.Http.HttpMethod.Get, w.Uri);
            foreach (var h in sig) m.Headers.TryAddWithoutValidation(h.Key, h.Value);
            using var r = await Http.SendAsync(m, System.Net.Http.HttpCompletionOption.ResponseContentRead);
            await r.Content.ReadAsByteArrayAsync(); } }));
        Task.WaitAll(tasks.ToArray());
    }
    public static void Send(AwsSession s, AwsOperation op, IReadOnlyDictionary<string, object> input, int n, int par, bool orNotFound) {
        var left = n; var tasks = new List<Task>();
        for (var p = 0; p < par; p++) tasks.Add(Task.Run(async () => { while (Interlocked.Decrement(ref left) >= 0) { if (orNotFound) await s.SendOrNotFoundAsync(op, input); else await s.SendAsync(op, input); } }));
        Task.WaitAll(tasks.ToArray());
    }
}
'@
Measure-Stage 'BuildRequest' { param($c = 200) [CpuLoops]::Build($op, $inp, $uri, $c) } ($N * 10)
Measure-Stage 'SigV4 sign' { param($c = 200) [CpuLoops]::Sign($op, $inp, $uri, $imm, $c) } ($N * 10)
Measure-Stage 'ReadResult (policy)' { param($c = 200) [CpuLoops]::Read($op, $body, $c) } ($N * 10)
Measure-Stage 'HttpClient only x16' { param($c = 200) [CpuLoops]::Raw($op, $inp, $uri, $imm, $c, 16) } $N
$aliasOp = [LambdaSec.Aws.Clients.LambdaApi]::ListAliases
$aliasIn = [LambdaSec.Aws.AwsInput]::Of('FunctionName', 'fn-000-00001')
Measure-Stage 'SendAsync ListAliases x16' { param($c = 200) [CpuLoops]::Send($session, $aliasOp, $aliasIn, $c, 16, $false) } $N
Measure-Stage 'SendAsync GetPolicy x16' { param($c = 200) [CpuLoops]::Send($session, $op, $inp, $c, 16, $true) } $N
