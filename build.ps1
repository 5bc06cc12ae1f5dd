<#
.SYNOPSIS
    Builds, tests, demonstrates, benchmarks and packages LambdaSec.
.DESCRIPTION
    Build   : compiles the cmdlet assembly and the emulator, lays out the module in out/LambdaSec, generates help.
    Test    : Build, then runs every Pester test in a fresh process; ends with the line 'N passed, N failed'.
    Demo    : Build, then audits the bundled emulator estate and writes a report.
    Bench   : Build, then runs the benchmarks under bench/ and records their results.
    Package : Build, then produces out/package/LambdaSec.<version>.nupkg, installable with Install-PSResource.
    Clean   : removes out/ and every bin/ and obj/ folder.
.EXAMPLE
    dotnet tool restore; dotnet pwsh ./build.ps1 -Task Test
#>
[CmdletBinding()]
param(
    [ValidateSet('Build', 'Test', 'Demo', 'Bench', 'Package', 'Clean')]
    [string] $Task = 'Build',
    [ValidateSet('Debug', 'Release')]
    [string] $Configuration = 'Release',
    # Test: run only these test files or folders (default: all of tests/).
    [string[]] $TestPath,
    # Bench: pass-through arguments for the benchmark scripts (e.g. -Quick).
    [switch] $Quick
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'
$root = $PSScriptRoot
$out = Join-Path $root 'out'
$moduleOut = Join-Path $out 'LambdaSec'

function Invoke-Native {
    param([Parameter(Mandatory)] [string] $File, [Parameter(Mandatory)] [string[]] $Arguments)
    & $File @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "'$File $($Arguments -join ' ')' failed with exit code $LASTEXITCODE." }
}

# Child PowerShell processes run the same pinned tool (dotnet pwsh), in the repo so the tool manifest applies.
function Invoke-ChildPwsh {
    param([Parameter(Mandatory)] [string] $Script, [string[]] $Arguments = @())
    Push-Location $root
    try { & dotnet pwsh -NoProfile -NonInteractive -File $Script @Arguments | Out-Host; $LASTEXITCODE } finally { Pop-Location }
}

function Get-NuGetPackageRoot {
    if ($env:NUGET_PACKAGES) { return $env:NUGET_PACKAGES }
    $line = & dotnet nuget locals global-packages --list
    ($line -replace '^global-packages:\s*', '').Trim()
}

function Invoke-Build {
    Invoke-Native dotnet @('build', (Join-Path $root 'src/LambdaSec/LambdaSec.csproj'), '-c', $Configuration, '--nologo', '--verbosity', 'quiet')
    $bin = Join-Path $root "src/LambdaSec/bin/$Configuration/netstandard2.0"
    if (Test-Path $moduleOut) { Remove-Item $moduleOut -Recurse -Force }
    $null = New-Item -ItemType Directory -Path (Join-Path $moduleOut 'en-US') -Force
    Copy-Item (Join-Path $bin '*.dll') $moduleOut
    Copy-Item (Join-Path $root 'LambdaSec.psd1') $moduleOut
    Copy-Item (Join-Path $root 'module/*.ps1xml') $moduleOut
    Copy-Item (Join-Path $root 'module/en-US/*') (Join-Path $moduleOut 'en-US')

    $emulatorProject = Join-Path $root 'src/LambdaSec.Emulator/LambdaSec.Emulator.csproj'
    if (Test-Path $emulatorProject) {
        Invoke-Native dotnet @('build', $emulatorProject, '-c', $Configuration, '--nologo', '--verbosity', 'quiet', '-o', (Join-Path $moduleOut 'Emulator'))
    }

    $helpExit = Invoke-ChildPwsh 'build/New-ModuleHelp.ps1' @('-ModulePath', (Join-Path $moduleOut 'LambdaSec.psd1'), '-XmlDocPath', (Join-Path $bin 'LambdaSec.xml'), '-OutFile', (Join-Path $moduleOut 'en-US/LambdaSec.dll-Help.xml'))
    if ($helpExit -ne 0) { throw 'Help generation failed.' }
    Write-Host "Built module: $moduleOut"
}

function Restore-Tools {
    Invoke-Native dotnet @('restore', (Join-Path $root 'build/Tools.proj'), '--verbosity', 'quiet')
    Join-Path (Get-NuGetPackageRoot) 'pester/5.7.1/tools/Pester.psd1'
}

function Invoke-Test {
    Invoke-Build
    $pester = Restore-Tools
    $paths = if ($TestPath) { $TestPath } else { @(Join-Path $root 'tests') }
    $code = Invoke-ChildPwsh 'tests/Invoke-LambdaSecTests.ps1' (@('-PesterPath', $pester, '-ModulePath', (Join-Path $moduleOut 'LambdaSec.psd1'), '-ResultPath', (Join-Path $out 'test-results.xml'), '-Path') + ($paths -join ','))
    exit $code
}

function Invoke-Demo {
    Invoke-Build
    $demo = Join-Path $root 'demo/Invoke-Demo.ps1'
    if (-not (Test-Path $demo)) { Write-Host 'The Demo is not yet available (it arrives with Invoke-LambdaSecAudit).'; return }
    exit (Invoke-ChildPwsh 'demo/Invoke-Demo.ps1' @('-ModulePath', (Join-Path $moduleOut 'LambdaSec.psd1'), '-OutputPath', (Join-Path $out 'demo')))
}

function Invoke-Bench {
    Invoke-Build
    $failed = 0
    foreach ($script in Get-ChildItem (Join-Path $root 'bench') -Filter '*.Bench.ps1' | Sort-Object Name) {
        Write-Host "== $($script.Name)"
        $arguments = @('-ModulePath', (Join-Path $moduleOut 'LambdaSec.psd1'), '-ResultsPath', (Join-Path $root 'bench/results.md'))
        if ($Quick) { $arguments += '-Quick' }
        if ((Invoke-ChildPwsh $script.FullName $arguments) -ne 0) { $failed++ }
    }
    exit $failed
}

function Invoke-Package {
    Invoke-Build
    $exit = Invoke-ChildPwsh 'build/New-ModulePackage.ps1' @('-ModulePath', $moduleOut, '-OutputPath', (Join-Path $out 'package'))
    if ($exit -ne 0) { throw 'Packaging failed.' }
}

function Invoke-Clean {
    if (Test-Path $out) { Remove-Item $out -Recurse -Force }
    Get-ChildItem (Join-Path $root 'src') -Directory -Recurse -Include bin, obj | Remove-Item -Recurse -Force
}

Push-Location $root
try {
    switch ($Task) {
        'Build' { Invoke-Build }
        'Test' { Invoke-Test }
        'Demo' { Invoke-Demo }
        'Bench' { Invoke-Bench }
        'Package' { Invoke-Package }
        'Clean' { Invoke-Clean }
    }
}
finally {
    Pop-Location
}
