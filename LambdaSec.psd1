@{
    RootModule           = 'LambdaSec.dll'
    ModuleVersion        = '0.1.0'
    GUID                 = '6f0f4f7e-5d3a-4f43-9a57-3f1f2f1c7a11'
    Author               = 'LambdaSec contributors'
    CompanyName          = 'LambdaSec'
    Copyright            = '(c) LambdaSec contributors. Apache-2.0.'
    Description          = 'Audits and fixes the security of AWS Lambda estates: who can invoke each function, end-of-life runtimes, over-privileged execution roles, permission changes, denial of wallet; safe, undoable remediation and reports.'
    PowerShellVersion    = '5.1'
    CompatiblePSEditions = @('Desktop', 'Core')
    FormatsToProcess     = @('LambdaSec.format.ps1xml')
    TypesToProcess       = @('LambdaSec.types.ps1xml')
    CmdletsToExport      = @(
        'Test-LambdaPolicy'
        'Get-LambdaExposure'
        'Invoke-LambdaSecAudit'
        'Start-LambdaSecEmulator'
        'Stop-LambdaSecEmulator'
        'Test-LambdaRuntime'
        'Get-LambdaRuntimeSchedule'
        'Measure-LambdaDenialOfWallet'
        'Get-LambdaPermissionEvent'
        'Export-LambdaSecReport'
        'Test-LambdaRolePolicy'
        'Test-LambdaSecTemplate'
        'New-LambdaSecGuardrail'
        'Test-LambdaSecGuardrail'
        'Find-LambdaSecret'
        'Find-LambdaVulnerability'
        'Get-LambdaConfigurationRisk'
        'Get-LambdaRolePrivilege'
        'Remove-LambdaPublicPermission'
        'Restore-LambdaPermission'
        'Set-LambdaFunctionUrlAuth'
        'Update-LambdaRuntimeCatalog'
        'Compare-LambdaSecAudit'
        'Send-LambdaSecFinding'
    )
    FunctionsToExport    = @()
    AliasesToExport      = @()
    VariablesToExport    = @()
    PrivateData          = @{
        PSData = @{
            Tags         = @('AWS', 'Lambda', 'Security', 'Audit', 'Compliance', 'IAM', 'PSEdition_Core', 'PSEdition_Desktop')
            LicenseUri   = 'https://www.apache.org/licenses/LICENSE-2.0'
            ProjectUri   = 'https://github.com/lambdasec/lambdasec'
            ReleaseNotes = 'See CHANGELOG.md.'
        }
    }
}
