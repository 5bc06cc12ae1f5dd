# Dot-sourced by the emulator tests (and usable by any test that needs an AWS estate on 127.0.0.1).
#   Start-TestEmulator [-Scenario <path>] [-ArgumentList <string[]>]  -> @{ EndpointUrl; Port; Process }
#   Stop-TestEmulator -Emulator <object>
#   Invoke-TestAwsCli -Emulator <object> -Arguments <string[]> [-AccountId] [-Region] [-SessionToken]
#   Initialize-TestAwsCli   -> $true when the AWS CLI is usable (installs Debian's awscli when missing)
#   Invoke-TestEmulatorAdmin -Emulator <object> -Method GET|POST|DELETE -Path /_emulator/... [-Body <object>]

$script:EmulatorRepoRoot = (Resolve-Path (Join-Path $PSScriptRoot '../..')).Path

function Get-TestEmulatorDll {
    if ($env:LAMBDASEC_EMULATOR_DLL) {
        if (-not (Test-Path $env:LAMBDASEC_EMULATOR_DLL)) { throw "LAMBDASEC_EMULATOR_DLL points to '$env:LAMBDASEC_EMULATOR_DLL', which does not exist." }
        return $env:LAMBDASEC_EMULATOR_DLL
    }
    $out = Join-Path $script:EmulatorRepoRoot 'out/LambdaSec/Emulator'
    $dll = Join-Path $out 'LambdaSec.Emulator.dll'
    if (-not (Test-Path $dll)) {
        $project = Join-Path $script:EmulatorRepoRoot 'src/LambdaSec.Emulator'
        $log = & dotnet build $project -c Release -o $out --nologo --verbosity quiet 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Building the emulator failed: $($log -join [Environment]::NewLine)" }
    }
    $dll
}

function Start-TestEmulator {
    [CmdletBinding()]
    param(
        [string] $Scenario,
        [string[]] $ArgumentList = @(),
        [int] $TimeoutSeconds = 60
    )
    $dll = Get-TestEmulatorDll
    $psi = [System.Diagnostics.ProcessStartInfo]::new('dotnet')
    $psi.ArgumentList.Add($dll)
    $psi.ArgumentList.Add('--port'); $psi.ArgumentList.Add('0')
    if ($ArgumentList -notcontains '--rate-limits') { $psi.ArgumentList.Add('--rate-limits'); $psi.ArgumentList.Add('off') }
    if ($Scenario) { $psi.ArgumentList.Add('--scenario'); $psi.ArgumentList.Add((Resolve-Path $Scenario).Path) }
    foreach ($a in $ArgumentList) { $psi.ArgumentList.Add($a) }
    $psi.RedirectStandardOutput = $true
    $psi.RedirectStandardError = $true
    $psi.UseShellExecute = $false
    $process = [System.Diagnostics.Process]::Start($psi)
    # Drain stderr for the whole life of the process (its text is reported if the start fails).
    $errors = $process.StandardError.ReadToEndAsync()
    $read = $process.StandardOutput.ReadLineAsync()
    if (-not $read.Wait([TimeSpan]::FromSeconds($TimeoutSeconds)) -or $null -eq $read.Result) {
        if (-not $process.HasExited) { $process.Kill($true) }
        $process.WaitForExit(5000) | Out-Null
        $text = if ($errors.Wait(5000)) { $errors.Result } else { '' }
        throw "The emulator did not start (exit code $(if ($process.HasExited) { $process.ExitCode } else { 'n/a' })): $text"
    }
    $line = $read.Result
    if ($line -notmatch '^LambdaSec\.Emulator listening on (http://127\.0\.0\.1:(\d+))$') {
        $process.Kill($true)
        throw "Unexpected first line from the emulator: '$line'"
    }
    # Keep draining stdout so the emulator never blocks on a full pipe.
    $null = $process.StandardOutput.ReadToEndAsync()
    [pscustomobject]@{
        EndpointUrl = $Matches[1]
        Port        = [int]$Matches[2]
        Process     = $process
        FirstLine   = $line
        Errors      = $errors
    }
}

function Stop-TestEmulator {
    [CmdletBinding()]
    param([Parameter(ValueFromPipeline)] $Emulator)
    process {
        if ($null -eq $Emulator) { return }
        if (-not $Emulator.Process.HasExited) {
            $Emulator.Process.Kill($true)
            $null = $Emulator.Process.WaitForExit(10000)
        }
    }
}

function Initialize-TestAwsCli {
    if (Get-Command aws -ErrorAction SilentlyContinue) { return $true }
    if ((Get-Command apt-get -ErrorAction SilentlyContinue) -and ((& id -u) -eq '0')) {
        & apt-get update *> $null
        & apt-get install -y awscli *> $null
    }
    [bool](Get-Command aws -ErrorAction SilentlyContinue)
}

function Invoke-TestAwsCli {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory, Position = 0)] [string[]] $Arguments,
        [string] $AccountId = '111111111111',
        [string] $AccessKeyId,
        [string] $SecretAccessKey = 'x',
        [string] $SessionToken,
        [string] $Region = 'us-east-1',
        [switch] $Raw
    )
    $endpoint = if ($Emulator -is [string]) { $Emulator } else { $Emulator.EndpointUrl }
    $vars = @{
        AWS_ACCESS_KEY_ID           = $(if ($AccessKeyId) { $AccessKeyId } else { $AccountId })
        AWS_SECRET_ACCESS_KEY       = $SecretAccessKey
        AWS_SESSION_TOKEN           = $SessionToken
        AWS_DEFAULT_REGION          = $Region
        AWS_CONFIG_FILE             = '/dev/null'
        AWS_SHARED_CREDENTIALS_FILE = '/dev/null'
        AWS_PROFILE                 = $null
        AWS_MAX_ATTEMPTS            = '1'
    }
    foreach ($k in @($vars.Keys)) { if ([string]::IsNullOrEmpty($vars[$k])) { $vars[$k] = $null } }
    $server = Get-TestAwsCliServer
    if ($server) {
        $request = @{ args = @(@($Arguments) + @('--endpoint-url', $endpoint, '--region', $Region, '--output', 'json')); env = $vars } | ConvertTo-Json -Compress -Depth 5
        $server.StandardInput.WriteLine($request)
        $answer = $server.StandardOutput.ReadLine()
        if ($null -eq $answer) { throw 'The AWS CLI server (tests/helpers/aws-cli-server.py) stopped.' }
        $answer = $answer | ConvertFrom-Json
    }
    else {
        $answer = Invoke-TestAwsCliProcess -Arguments $Arguments -Endpoint $endpoint -Region $Region -Environment $vars
    }
    if ($answer.exit -ne 0) { throw "aws $($Arguments -join ' ') failed ($($answer.exit)): $($answer.stderr)" }
    $text = $answer.stdout
    if ($Raw) { return $text }
    if ([string]::IsNullOrWhiteSpace($text)) { return $null }
    $text | ConvertFrom-Json
}

# One Python process that runs every AWS CLI command of the test session through the CLI's own driver
# (tests/helpers/aws-cli-server.py): starting the CLI costs about a second per command, most of the CLI tests' time.
# $null when no Python on the PATH imports the CLI (then each command starts `aws`).
function Get-TestAwsCliServer {
    $running = Get-Variable -Scope Global -Name LambdaSecTestAwsCliServer -ValueOnly -ErrorAction SilentlyContinue
    if ($running -and -not $running.HasExited) { return $running }
    $python = foreach ($candidate in 'python3', '/usr/bin/python3') {
        $command = Get-Command $candidate -CommandType Application -ErrorAction SilentlyContinue | Select-Object -First 1
        if ($command) { & $command.Source -c 'import awscli.clidriver' 2> $null; if ($LASTEXITCODE -eq 0) { $command.Source; break } }
    }
    if (-not $python) { return $null }
    $start = [Diagnostics.ProcessStartInfo]::new($python)
    $start.ArgumentList.Add((Join-Path $PSScriptRoot 'aws-cli-server.py'))
    $start.RedirectStandardInput = $true; $start.RedirectStandardOutput = $true; $start.RedirectStandardError = $false
    $start.UseShellExecute = $false
    $global:LambdaSecTestAwsCliServer = [Diagnostics.Process]::Start($start)
    $global:LambdaSecTestAwsCliServer
}

function Invoke-TestAwsCliProcess([string[]] $Arguments, [string] $Endpoint, [string] $Region, [hashtable] $Environment) {
    $saved = @{}
    foreach ($k in $Environment.Keys) {
        $saved[$k] = [Environment]::GetEnvironmentVariable($k)
        if ($null -eq $Environment[$k]) { Remove-Item "Env:\$k" -ErrorAction SilentlyContinue } else { Set-Item "Env:\$k" $Environment[$k] }
    }
    $errFile = [IO.Path]::GetTempFileName()
    try {
        $cli = (Get-Command aws -CommandType Application -ErrorAction Stop | Select-Object -First 1).Source
        $stdout = & $cli @(ConvertTo-NoGlobArgument $Arguments) --endpoint-url $Endpoint --region $Region --output json 2> $errFile
        $exit = $LASTEXITCODE
    }
    finally {
        foreach ($k in $saved.Keys) {
            if ($null -eq $saved[$k]) { Remove-Item "Env:\$k" -ErrorAction SilentlyContinue } else { Set-Item "Env:\$k" $saved[$k] }
        }
    }
    $stderr = Get-Content $errFile -Raw -ErrorAction SilentlyContinue
    Remove-Item $errFile -Force -ErrorAction SilentlyContinue
    [pscustomobject]@{ exit = $exit; stdout = ($stdout -join [Environment]::NewLine); stderr = $stderr }
}

# PowerShell expands wildcards in native-command arguments on Unix, even in splatted arrays, so
# "--principal *" would pass file names. "--principal=*" reaches the CLI unexpanded.
function ConvertTo-NoGlobArgument([string[]] $Arguments) {
    for ($i = 0; $i -lt $Arguments.Count; $i++) {
        $a = $Arguments[$i]
        $next = if ($i + 1 -lt $Arguments.Count) { $Arguments[$i + 1] } else { $null }
        if ($a.StartsWith('--') -and $null -ne $next -and -not $next.StartsWith('--') -and $next -match '[*?\[]') {
            "$a=$next"
            $i++
        }
        else { $a }
    }
}

function Invoke-TestEmulatorAdmin {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Emulator,
        [ValidateSet('GET', 'POST', 'DELETE')] [string] $Method = 'GET',
        [Parameter(Mandatory)] [string] $Path,
        $Body
    )
    # Calls that change the emulator must say they are JSON (the emulator refuses cross-site form posts).
    $params = @{ Uri = "$($Emulator.EndpointUrl)$Path"; Method = $Method; ContentType = 'application/json' }
    if ($null -ne $Body) {
        $params.Body = if ($Body -is [string]) { $Body } else { $Body | ConvertTo-Json -Depth 20 -Compress }
    }
    Invoke-RestMethod @params
}

# A minimal SigV4-shaped request (the emulator routes on the credential scope and does not verify
# signatures), for tests that need the raw HTTP answer: status, headers and body.
function Invoke-TestEmulatorRaw {
    [CmdletBinding()]
    param(
        [Parameter(Mandatory)] $Emulator,
        [Parameter(Mandatory)] [string] $Service,
        [string] $Method = 'GET',
        [Parameter(Mandatory)] [string] $Path,
        [string] $Body,
        [string] $ContentType = 'application/json',
        [hashtable] $Headers = @{},
        [string] $AccountId = '111111111111',
        [string] $Region = 'us-east-1'
    )
    $date = [DateTime]::UtcNow.ToString('yyyyMMdd')
    $h = @{ Authorization = "AWS4-HMAC-SHA256 Credential=$AccountId/$date/$Region/$Service/aws4_request, SignedHeaders=host, Signature=0" }
    foreach ($k in $Headers.Keys) { $h[$k] = $Headers[$k] }
    $params = @{ Uri = "$($Emulator.EndpointUrl)$Path"; Method = $Method; Headers = $h; SkipHttpErrorCheck = $true }
    if ($Body) { $params.Body = $Body; $params.ContentType = $ContentType }
    Invoke-WebRequest @params
}
