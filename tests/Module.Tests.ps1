Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeDiscovery {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest
    $cmdlets = @(Get-Command -Module LambdaSec -CommandType Cmdlet | ForEach-Object { @{ Name = $_.Name } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest
    $script:module = Get-Module LambdaSec
    $script:assembly = [LambdaSec.Model.ExposureLevel].Assembly
    [xml] $script:formats = Get-Content (Join-Path $module.ModuleBase 'LambdaSec.format.ps1xml') -Raw
    $script:stateChanging = @('New', 'Set', 'Remove', 'Restore', 'Start', 'Stop', 'Update', 'Reset', 'Add', 'Clear')
    $script:common = [System.Management.Automation.PSCmdlet]::CommonParameters + [System.Management.Automation.PSCmdlet]::OptionalCommonParameters
}

Describe 'LambdaSec module' {
    Context 'When the manifest is read' {
        It 'Should be a valid manifest for Desktop and Core from PowerShell 5.1' {
            $manifest = Test-ModuleManifest (Join-Path $module.ModuleBase 'LambdaSec.psd1')
            $manifest.PowerShellVersion | Should -Be ([version] '5.1')
            $manifest.CompatiblePSEditions | Should -Be @('Desktop', 'Core')
        }

        It 'Should export exactly the cmdlet classes of the assembly, each once' {
            $classes = $assembly.GetExportedTypes() |
                Where-Object { $_.IsSubclassOf([System.Management.Automation.Cmdlet]) -and -not $_.IsAbstract } |
                ForEach-Object { $a = $_.GetCustomAttributes([System.Management.Automation.CmdletAttribute], $false)[0]; "$($a.VerbName)-$($a.NounName)" }
            $listed = (Import-PowerShellDataFile (Join-Path $module.ModuleBase 'LambdaSec.psd1')).CmdletsToExport
            @($listed | Sort-Object) | Should -Be @($classes | Sort-Object)
            @($listed | Select-Object -Unique).Count | Should -Be @($listed).Count
        }

        It 'Should target netstandard2.0 so that Windows PowerShell 5.1 can load it' {
            $framework = $assembly.GetCustomAttributes([System.Runtime.Versioning.TargetFrameworkAttribute], $false)[0]
            $framework.FrameworkName | Should -Be '.NETStandard,Version=v2.0'
        }

        It 'Should not ship System.Management.Automation' {
            Get-ChildItem $module.ModuleBase -Recurse -Filter 'System.Management.Automation.dll' | Should -BeNullOrEmpty
        }

        It 'Should ship the about topics' {
            Get-Help about_LambdaSec | Out-String | Should -Match 'LambdaSec'
            Get-Help about_LambdaSec_Exposure | Out-String | Should -Match 'ServiceUnrestricted'
        }
    }

    Context 'When AWS.Tools loaded an older AWSSDK.Core 4.0.x first' {
        It 'Should import and classify with the AWSSDK.Core already in the process' {
            $old = Join-Path $env:LAMBDASEC_NUGET_ROOT 'awssdk.core/4.0.3.3/lib/netstandard2.0/AWSSDK.Core.dll'
            $old | Should -Exist
            $script = "Add-Type -Path '$old'; Import-Module '$($env:LAMBDASEC_MODULE_PATH)'; " +
                "[Amazon.Runtime.AWSCredentials].Assembly.GetName().Version.ToString() + '|' + [Amazon.Runtime.AWSCredentials].Assembly.Location; " +
                "(Test-LambdaPolicy -Policy '{""Statement"":{""Effect"":""Allow"",""Principal"":""*"",""Action"":""lambda:InvokeFunction""}}').Exposure.ToString()"
            $lines = Invoke-FreshPwsh $script
            $lines[0] | Should -BeLike "*|$old"
            $lines[-1] | Should -Be 'Public'
        }
    }

    Context 'When cmdlet <Name> is inspected' -ForEach $cmdlets {
        BeforeAll {
            $command = Get-Command $Name
            $help = Get-Help $Name -Full
        }

        It 'Should declare an [OutputType] with a default view' {
            $command.OutputType | Should -Not -BeNullOrEmpty
            foreach ($type in $command.OutputType) {
                $formats.Configuration.ViewDefinitions.View.ViewSelectedBy.TypeName | Should -Contain $type.Name
            }
        }

        It 'Should have a synopsis and a description' {
            $help.Synopsis | Should -Not -BeNullOrEmpty
            $help.Synopsis | Should -Not -BeLike "*$Name *[<CommonParameters>]*"
            ($help.description | Out-String).Trim() | Should -Not -BeNullOrEmpty
        }

        It 'Should have at least two examples' {
            @($help.examples.example).Count | Should -BeGreaterOrEqual 2
            foreach ($example in $help.examples.example) { $example.code | Should -Match $Name }
        }

        It 'Should document every parameter' {
            foreach ($parameter in $command.Parameters.Values | Where-Object { $_.Name -notin $common }) {
                $doc = $help.parameters.parameter | Where-Object name -eq $parameter.Name
                ($doc.description | Out-String).Trim() | Should -Not -BeNullOrEmpty -Because "parameter -$($parameter.Name) needs a description"
            }
        }

        It 'Should support ShouldProcess when its verb changes state' {
            $verb = $Name.Split('-')[0]
            $supports = $command.Parameters.ContainsKey('WhatIf') -and $command.Parameters.ContainsKey('Confirm')
            ($verb -notin $stateChanging -or $supports) | Should -BeTrue -Because "$Name changes state"
        }
    }
}
