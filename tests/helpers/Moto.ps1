# Dot-sourced by tests that run against moto_server (moto 5.x, preinstalled on these machines): an AWS
# implementation nobody here wrote.
#   Start-TestMoto [-Seed <python>]  -> @{ Url; Process } or $null when moto_server is not installed
#   Stop-TestMoto -Moto <object>
# -Seed is Python run with boto3 against the server; '{URL}' in it is replaced by the server's URL, and
# `kw` (endpoint, region us-east-1, account 123456789012) is defined for boto3.client('x', **kw).

function Start-TestMoto {
    param([string] $Seed)
    $command = Get-Command moto_server -ErrorAction SilentlyContinue
    if (-not $command) { return $null }
    $listener = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $listener.Start(); $port = $listener.LocalEndpoint.Port; $listener.Stop()
    # moto uses botocore itself: a profile or config file left in the environment (even an empty AWS_PROFILE) breaks it.
    $clean = @{}
    foreach ($name in [Environment]::GetEnvironmentVariables().Keys | Where-Object { $_ -like 'AWS_*' }) { $clean[$name] = $null }
    $process = Start-Process -FilePath $command.Source -ArgumentList @('-H', '127.0.0.1', '-p', $port) -Environment $clean -PassThru -RedirectStandardOutput ([IO.Path]::GetTempFileName()) -RedirectStandardError ([IO.Path]::GetTempFileName())
    $url = "http://127.0.0.1:$port"
    $deadline = [DateTime]::UtcNow.AddSeconds(60)
    do { Start-Sleep -Milliseconds 250; $up = try { $null = Invoke-WebRequest "$url/moto-api/" -TimeoutSec 2; $true } catch { $false } } until ($up -or [DateTime]::UtcNow -gt $deadline)
    if (-not $up) { Stop-Process -Id $process.Id -Force -ErrorAction SilentlyContinue; throw 'moto_server did not start within 60 seconds.' }
    $moto = [pscustomobject]@{ Url = $url; Process = $process }
    if ($Seed) {
        $prelude = "import boto3, io, json, os, zipfile`nfor key in [k for k in os.environ if k.startswith('AWS_')]: del os.environ[key]`nkw = dict(endpoint_url='$url', region_name='us-east-1', aws_access_key_id='123456789012', aws_secret_access_key='x')`n"
        $output = ($prelude + $Seed) | & python3 - 2>&1
        if ($LASTEXITCODE -ne 0) { Stop-TestMoto $moto; throw "Seeding moto_server with boto3 failed: $($output -join [Environment]::NewLine)" }
    }
    $moto
}

function Stop-TestMoto {
    param($Moto)
    if ($Moto) { Stop-Process -Id $Moto.Process.Id -Force -ErrorAction SilentlyContinue }
}
