# Dot-sourced by every test file: imports the built module under test.
# build.ps1 sets LAMBDASEC_MODULE_PATH; run alone, a test file uses out/LambdaSec from the last Build.
function Import-LambdaSecUnderTest {
    $path = if ($env:LAMBDASEC_MODULE_PATH) { $env:LAMBDASEC_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/LambdaSec/LambdaSec.psd1' }
    if (-not (Test-Path $path)) { throw "The module is not built at '$path'. Run: dotnet pwsh ./build.ps1 -Task Build" }
    Import-Module $path -Force -ErrorAction Stop
}

# Runs a script in a fresh PowerShell process of the same version (nothing loaded), returning its output lines.
function Invoke-FreshPwsh {
    param([Parameter(Mandatory)] [string] $Command)
    $exe = [Environment]::ProcessPath
    # Under 'dotnet pwsh' the process is dotnet itself, which needs pwsh.dll as its first argument.
    $prefix = @(if ([IO.Path]::GetFileNameWithoutExtension($exe) -eq 'dotnet') { Join-Path $PSHOME 'pwsh.dll' })
    $output = & $exe @prefix -NoProfile -NonInteractive -Command $Command 2>&1
    if ($LASTEXITCODE -ne 0) { throw "A fresh PowerShell process failed ($LASTEXITCODE): $($output -join [Environment]::NewLine)" }
    $output
}

# Saves environment variables and restores them exactly: a variable that was unset is removed again.
# ([Environment]::SetEnvironmentVariable($name, $null) from PowerShell would set it to '' instead, since
# PowerShell turns $null into an empty string for a string argument, and tools then see an empty AWS_PROFILE.)
function Save-TestEnvironment {
    param([Parameter(Mandatory)] [string[]] $Name)
    $saved = @{}
    foreach ($n in $Name) { $saved[$n] = [Environment]::GetEnvironmentVariable($n) }
    $saved
}

function Restore-TestEnvironment {
    param([Parameter(Mandatory)] [hashtable] $Saved)
    foreach ($n in $Saved.Keys) {
        if ($null -eq $Saved[$n]) { Remove-Item "Env:\$n" -ErrorAction SilentlyContinue } else { Set-Item "Env:\$n" $Saved[$n] }
    }
}

# Windows: the file (a backup, a checkpoint) has a protected ACL with one entry, full control for its owner (OWNER
# RIGHTS, S-1-3-4), and the owner is the current user (docs/hostile-input.md). Runs on Windows only.
function Assert-OwnerOnlyAcl {
    param([Parameter(Mandatory)] [string] $Path)
    $acl = Get-Acl -LiteralPath $Path
    $acl.AreAccessRulesProtected | Should -BeTrue
    @($acl.Access) | Should -HaveCount 1
    $acl.Access[0].IdentityReference.Translate([Security.Principal.SecurityIdentifier]).Value | Should -Be 'S-1-3-4'
    $acl.Access[0].FileSystemRights | Should -Be 'FullControl'
    $acl.Owner | Should -Be ([Security.Principal.WindowsIdentity]::GetCurrent().Name)
}
