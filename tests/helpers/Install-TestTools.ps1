# Dot-sourced by tests that need outside tools. Each function installs its tool only when it is missing,
# so a fresh machine (CI) gets it and later runs cost nothing.

# The test-only npm packages (pinned in tests/helpers/test-tools/package-lock.json) go to tests/tools, which git ignores.
function Install-LambdaSecNodeTools {
    $tools = Join-Path $PSScriptRoot '../tools'
    $schema = Join-Path $tools 'node_modules/@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json'
    if (-not (Test-Path $schema) -or -not (Test-Path (Join-Path $tools 'node_modules/ajv/package.json'))) {
        if (-not (Get-Command npm -ErrorAction SilentlyContinue)) { throw 'npm is needed to install the SARIF validator (apt-get install -y nodejs npm).' }
        $null = New-Item -ItemType Directory -Path $tools -Force
        Copy-Item (Join-Path $PSScriptRoot 'test-tools/package.json'), (Join-Path $PSScriptRoot 'test-tools/package-lock.json') $tools
        $output = & npm ci --prefix $tools --no-audit --no-fund 2>&1
        if ($LASTEXITCODE -ne 0) { throw "npm ci failed in ${tools}: $($output -join [Environment]::NewLine)" }
    }
    [pscustomobject]@{
        NodeModules = (Resolve-Path (Join-Path $tools 'node_modules')).Path
        SarifSchema = (Resolve-Path $schema).Path
    }
}

# Validates a SARIF file against the SARIF 2.1.0 schema; returns 'valid' or the schema errors (and exit code 1 in $LASTEXITCODE).
function Test-LambdaSecSarifSchema {
    param([Parameter(Mandatory)] [string] $Path)
    $tools = Install-LambdaSecNodeTools
    (& node (Join-Path $PSScriptRoot 'validate-sarif.js') $tools.NodeModules $tools.SarifSchema $Path 2>&1) -join "`n"
}

# Debian's chromium package, for rendering the HTML report headless.
function Install-LambdaSecChromium {
    $chromium = Get-Command chromium -ErrorAction SilentlyContinue
    if (-not $chromium) {
        $output = & bash -c 'apt-get update && DEBIAN_FRONTEND=noninteractive apt-get install -y chromium' 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Installing chromium failed: $($output | Select-Object -Last 20 | Out-String)" }
        $chromium = Get-Command chromium -ErrorAction Stop
    }
    $chromium.Source
}

# Runs headless Chromium on a file URL (with an optional #fragment) with a throw-away profile and no network
# services, returning the DOM after the page's script ran (-DumpDom) or writing a screenshot.
function Invoke-LambdaSecChromium {
    param(
        [Parameter(Mandatory)] [string] $Chromium,
        [Parameter(Mandatory)] [string] $Url,
        [string] $Screenshot
    )
    $profileDir = Join-Path ([IO.Path]::GetTempPath()) "lambdasec-chromium-$([guid]::NewGuid().ToString('N'))"
    $arguments = @('--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
        '--disable-background-networking', '--disable-component-update', '--disable-sync', "--user-data-dir=$profileDir")
    $arguments += if ($Screenshot) { @('--window-size=1280,1400', "--screenshot=$Screenshot") } else { @('--dump-dom') }
    try {
        $output = & $Chromium @arguments $Url 2>$null
        if ($LASTEXITCODE -ne 0) { throw "chromium exited with $LASTEXITCODE for $Url" }
        $output -join "`n"
    }
    finally {
        Remove-Item $profileDir -Recurse -Force -ErrorAction SilentlyContinue
    }
}

# Validates a CycloneDX JSON document against the official CycloneDX 1.6 schema (tests/data/cyclonedx, with its
# source commit) using the test-only validator in tests/helpers/cyclonedx-validator (JsonSchema.Net, pinned in
# Directory.Packages.props), built into tests/tools once. Returns 'valid' or the schema errors.
function Test-LambdaSecCycloneDxSchema {
    param([Parameter(Mandatory)] [string] $Path)
    $tool = Join-Path $PSScriptRoot '../tools/cyclonedx-validator'
    $dll = Join-Path $tool 'CycloneDxValidator.dll'
    if (-not (Test-Path $dll)) {
        $output = & dotnet build (Join-Path $PSScriptRoot 'cyclonedx-validator/CycloneDxValidator.csproj') -c Release -o $tool --nologo -v q 2>&1
        if ($LASTEXITCODE -ne 0) { throw "Building the CycloneDX validator failed: $($output -join [Environment]::NewLine)" }
    }
    (& dotnet $dll (Join-Path $PSScriptRoot '../data/cyclonedx') $Path 2>&1) -join "`n"
}
