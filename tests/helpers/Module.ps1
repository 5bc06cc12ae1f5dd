# Dot-sourced by every test file: imports the built module under test.
# build.ps1 sets LAMBDASEC_MODULE_PATH; run alone, a test file uses out/LambdaSec from the last Build.
function Import-LambdaSecUnderTest {
    $path = if ($env:LAMBDASEC_MODULE_PATH) { $env:LAMBDASEC_MODULE_PATH } else { Join-Path $PSScriptRoot '../../out/LambdaSec/LambdaSec.psd1' }
    if (-not (Test-Path $path)) { throw "The module is not built at '$path'. Run: dotnet pwsh ./build.ps1 -Task Build" }
    Import-Module $path -Force -ErrorAction Stop
}
