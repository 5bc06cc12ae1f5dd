Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest
    $script:saved = Save-TestEnvironment 'AWS_ENDPOINT_URL', 'AWS_ACCESS_KEY_ID', 'AWS_SECRET_ACCESS_KEY', 'AWS_REGION' 
}

AfterAll {
    Stop-LambdaSecEmulator -ErrorAction SilentlyContinue
    Restore-TestEnvironment $saved
}

Describe 'Start-LambdaSecEmulator' {
    Context 'When the demo estate is started' {
        BeforeAll {
            $script:emulator = Start-LambdaSecEmulator -Scenario demo -RateLimits off
        }

        AfterAll {
            $emulator | Stop-LambdaSecEmulator -ErrorAction SilentlyContinue
        }

        It 'Should listen on 127.0.0.1 and say where' {
            $emulator.EndpointUrl | Should -Match '^http://127\.0\.0\.1:\d+$'
            $emulator.Port | Should -BeGreaterThan 0
            $emulator.Estate | Should -BeLike '*demo.json'
            Get-Process -Id $emulator.ProcessId | Should -Not -BeNullOrEmpty
        }

        It 'Should serve the estate to the other cmdlets' {
            $public = @(Get-LambdaExposure -EndpointUrl $emulator.EndpointUrl -AccessKey 111111111111 -SecretKey x -Region us-east-1 -ExposureAtLeast Public)
            $public.FunctionName | Should -Contain 'public-webhook'
        }
    }

    Context 'When -SetEnvironment points the session at the emulator' {
        It 'Should set the AWS variables, and Stop-LambdaSecEmulator should remove them and end the process' {
            $emulator = Start-LambdaSecEmulator -Scenario demo -RateLimits off -SetEnvironment
            $env:AWS_ENDPOINT_URL | Should -Be $emulator.EndpointUrl
            $env:AWS_ACCESS_KEY_ID | Should -Be '111111111111'
            (Get-LambdaExposure -Region us-east-1 -FunctionName public-webhook).Exposure | Should -Be 'Public'
            $stopped = $emulator | Stop-LambdaSecEmulator -PassThru
            $stopped.ProcessId | Should -Be $emulator.ProcessId
            $env:AWS_ENDPOINT_URL | Should -BeNullOrEmpty
            Get-Process -Id $emulator.ProcessId -ErrorAction SilentlyContinue | Should -BeNullOrEmpty
        }
    }

    Context 'When the input is wrong' {
        It 'Should stop with LambdaSec.EmulatorNotFound for a scenario that does not exist' {
            { Start-LambdaSecEmulator -Scenario ./no-such-scenario.json } | Should -Throw -ErrorId 'LambdaSec.EmulatorNotFound,LambdaSec.Cmdlets.StartLambdaSecEmulatorCommand'
        }

        It 'Should start nothing with -WhatIf' {
            Start-LambdaSecEmulator -Scenario demo -WhatIf | Should -BeNullOrEmpty
        }

        It 'Should write LambdaSec.EmulatorNotFound when asked to stop an emulator it did not start' {
            Stop-LambdaSecEmulator -ProcessId 999999 -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.EmulatorNotFound,LambdaSec.Cmdlets.StopLambdaSecEmulatorCommand'
        }
    }
}
