Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    $script:work = Join-Path ([IO.Path]::GetTempPath()) "lambdasec-package-$([guid]::NewGuid().ToString('N'))"
    $script:moduleFolder = Split-Path $env:LAMBDASEC_MODULE_PATH
    $script:packScript = Join-Path $PSScriptRoot '../build/New-ModulePackage.ps1'
}

AfterAll {
    if (Test-Path $work) { Remove-Item $work -Recurse -Force }
}

Describe 'build.ps1 -Task Package' {
    Context 'When the built module is packed and installed from a local repository' {
        It 'Should produce a nupkg that Save-PSResource installs and that then imports and works' {
            $feed = Join-Path $work 'feed'
            $installed = Join-Path $work 'installed'
            $null = New-Item -ItemType Directory -Path $installed -Force
            $command = "& '$packScript' -ModulePath '$moduleFolder' -OutputPath '$feed'; " +
                "Register-PSResourceRepository -Name LambdaSecPackageTest -Uri '$feed' -Trusted; " +
                "try { Save-PSResource -Name LambdaSec -Repository LambdaSecPackageTest -Path '$installed' -TrustRepository -SkipDependencyCheck } finally { Unregister-PSResourceRepository -Name LambdaSecPackageTest }; " +
                "Import-Module (Join-Path '$installed' 'LambdaSec'); " +
                "(Test-LambdaPolicy -Policy '{""Statement"":{""Effect"":""Allow"",""Principal"":""*"",""Action"":""lambda:InvokeFunction""}}').Exposure.ToString()"
            $lines = Invoke-FreshPwsh $command
            Get-ChildItem $feed -Filter 'LambdaSec.*.nupkg' | Should -HaveCount 1
            $lines[-1] | Should -Be 'Public'
            Get-ChildItem (Join-Path $installed 'LambdaSec') -Recurse -Filter 'LambdaSec.dll' | Should -Not -BeNullOrEmpty
        }
    }
}
