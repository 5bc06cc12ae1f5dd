<#
.SYNOPSIS
    Packs the built module (out/LambdaSec) into a .nupkg that Install-PSResource/Install-Module take from a local repository.
.DESCRIPTION
    Publish-PSResource needs a registered repository; a uniquely named one pointing at -OutputPath is
    registered for the call and removed afterwards, so the user's repository list is left as it was.
#>
[CmdletBinding()]
param(
    [Parameter(Mandatory)] [string] $ModulePath,
    [Parameter(Mandatory)] [string] $OutputPath
)
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

Import-Module Microsoft.PowerShell.PSResourceGet
$null = New-Item -ItemType Directory -Path $OutputPath -Force
$OutputPath = (Resolve-Path $OutputPath).Path
$name = "LambdaSecBuild$([guid]::NewGuid().ToString('N').Substring(0, 8))"
Register-PSResourceRepository -Name $name -Uri $OutputPath -Trusted
try {
    Publish-PSResource -Path $ModulePath -Repository $name -SkipDependenciesCheck
}
finally {
    Unregister-PSResourceRepository -Name $name
}
$package = Get-ChildItem $OutputPath -Filter 'LambdaSec.*.nupkg' | Sort-Object LastWriteTime | Select-Object -Last 1
Write-Host "Package: $($package.FullName)"
