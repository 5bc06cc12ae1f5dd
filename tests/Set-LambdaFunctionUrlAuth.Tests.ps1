Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
    Import-LambdaSecUnderTest
    $script:emulator = Start-TestEmulator -Scenario (Join-Path $PSScriptRoot 'data/exposure-estate.json')
    $script:aws = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = '111111111111'; SecretKey = 'x'; Region = 'us-east-1' }
    $script:backup = Join-Path ([IO.Path]::GetTempPath()) "lambdasec-url-$PID.jsonl"
    function Get-UrlAuth { @(Get-LambdaExposure @aws -ErrorAction SilentlyContinue | Where-Object FunctionUrl | ForEach-Object { "$($_.FunctionName)=$($_.FunctionUrl.AuthType)" } | Sort-Object) }
    $script:before = Get-UrlAuth
}

AfterAll {
    Stop-TestEmulator $emulator
    Remove-Item $backup -Force -ErrorAction SilentlyContinue
}

Describe 'Set-LambdaFunctionUrlAuth' {
    Context 'When run with -WhatIf' {
        It 'Should change no URL and write no backup' {
            Get-LambdaExposure @aws -ErrorAction SilentlyContinue | Set-LambdaFunctionUrlAuth @aws -AuthType AWS_IAM -BackupPath $backup -WhatIf
            Get-UrlAuth | Should -Be $before
            $backup | Should -Not -Exist
        }
    }

    Context 'When -BackupPath cannot be written (docs/hostile-input.md)' {
        It 'Should stop with LambdaSec.BackupFailed and change no URL when it is <Case>' -Skip:$IsWindows -ForEach @(
            @{ Case = 'a FIFO'; Make = { param($p) & mkfifo $p } }
            @{ Case = 'a link to /dev/zero'; Make = { param($p) $null = New-Item -ItemType SymbolicLink -Path $p -Target '/dev/zero' } }
            @{ Case = 'a folder'; Make = { param($p) $null = New-Item -ItemType Directory -Path $p } }
        ) {
            $path = Join-Path $TestDrive "backup-$($Case.Length)"
            & $Make $path
            { Get-LambdaExposure @aws -ErrorAction SilentlyContinue | Set-LambdaFunctionUrlAuth @aws -AuthType AWS_IAM -BackupPath $path -Confirm:$false } |
                Should -Throw -ErrorId 'LambdaSec.BackupFailed,LambdaSec.Cmdlets.SetLambdaFunctionUrlAuthCommand'
            Get-UrlAuth | Should -Be $before
        }
    }

    Context 'When the URLs with AuthType NONE are switched to AWS_IAM' {
        BeforeAll {
            $script:changes = @(Get-LambdaExposure @aws -ErrorAction SilentlyContinue | Set-LambdaFunctionUrlAuth @aws -AuthType AWS_IAM -BackupPath $backup -PassThru -Confirm:$false)
        }

        It 'Should change exactly the URLs that had NONE and back up their previous AuthType' {
            @($changes.FunctionName | Sort-Object) | Should -Be @('x-url-legacy', 'x-url-none-unshared', 'x-url-public')
            $changes.PreviousAuthType | Select-Object -Unique | Should -Be 'NONE'
            Get-UrlAuth | ForEach-Object { $_.Split('=')[1] } | Select-Object -Unique | Should -Be 'AWS_IAM'
            $entries = @(Get-Content $backup | ConvertFrom-Json)
            $entries.Count | Should -Be 3
            $entries.Kind | Select-Object -Unique | Should -Be 'FunctionUrl'
            $entries.AuthType | Select-Object -Unique | Should -Be 'NONE'
        }

        It 'Should change nothing when run again' {
            @(Get-LambdaExposure @aws -ErrorAction SilentlyContinue | Set-LambdaFunctionUrlAuth @aws -AuthType AWS_IAM -BackupPath $backup -PassThru -Confirm:$false) | Should -BeNullOrEmpty
        }

        It 'Should ask before setting a URL back to NONE: without -Force a non-interactive run restores nothing' {
            { Restore-LambdaPermission -EndpointUrl $emulator.EndpointUrl -AccessKey 111111111111 -SecretKey x -BackupPath $backup -Kind FunctionUrl -Confirm:$false } | Should -Throw
            Get-UrlAuth | ForEach-Object { $_.Split('=')[1] } | Select-Object -Unique | Should -Be 'AWS_IAM'
        }

        It 'Should be undone by Restore-LambdaPermission' {
            $restored = @(Restore-LambdaPermission -EndpointUrl $emulator.EndpointUrl -AccessKey 111111111111 -SecretKey x -BackupPath $backup -Kind FunctionUrl -Confirm:$false -Force)
            $restored.Status | Select-Object -Unique | Should -Be 'Restored'
            Get-UrlAuth | Should -Be $before
        }
    }

    Context 'When a named function has no URL' {
        It 'Should report LambdaSec.ResourceNotFound' {
            Set-LambdaFunctionUrlAuth @aws -FunctionName x-public -AuthType AWS_IAM -BackupPath $backup -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.ResourceNotFound,LambdaSec.Cmdlets.SetLambdaFunctionUrlAuthCommand'
        }
    }
}
