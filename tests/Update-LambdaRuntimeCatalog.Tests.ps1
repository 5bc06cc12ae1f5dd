Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
    Import-LambdaSecUnderTest

    # Recorded copies of AWS's page (tests/data/lambda-runtimes/README.md says where they come from), served from
    # 127.0.0.1 by an HttpListener in its own runspace; every request's Authorization header is kept to check that
    # none is sent.
    $script:pages = Join-Path $TestDrive 'pages'
    New-Item -ItemType Directory -Path $pages | Out-Null
    Copy-Item (Join-Path $PSScriptRoot 'data/lambda-runtimes/*.md') $pages
    $today = Get-Content -Raw (Join-Path $pages 'lambda-runtimes-2026-12-03.md')
    # The same page after AWS moves go1.x's block update to the end of 2027 and adds a runtime.
    $moved = $today.Replace('|  `go1.x`  |  Amazon Linux  |  Jan 8, 2024  |  Feb 8, 2024  |  Mar 3, 2027  |', '|  `go1.x`  |  Amazon Linux  |  Jan 8, 2024  |  Feb 8, 2024  |  Dec 31, 2027  |').
        Replace('|  Python 3\.14  |', "|  Python 3\.16  |  ``python3.16``  |  Amazon Linux 2023  |  Jun 30, 2031  |  Jul 31, 2031  |  Aug 31, 2031  | `n|  Python 3\.14  |")
    Set-Content -Path (Join-Path $pages 'moved.md') -Value $moved -NoNewline
    # A page that lost most of its rows (a broken or partial page), and one with a new row whose block dates come first.
    $partial = ($today -split "`n" | Where-Object { $_ -notmatch '^\|  (Node|Python|Java)' }) -join "`n"
    Set-Content -Path (Join-Path $pages 'partial.md') -Value $partial -NoNewline
    Set-Content -Path (Join-Path $pages 'inverted.md') -Value $today.Replace('|  `python3.14`  |  Amazon Linux 2023  |  Jun 30, 2029  |', '|  `python3.14`  |  Amazon Linux 2023  |  Jun 30, 2030  |') -NoNewline

    $script:requests = [Collections.Concurrent.ConcurrentQueue[string]]::new()
    $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0)
    $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
    $script:listener = [Net.HttpListener]::new()
    $listener.Prefixes.Add("http://127.0.0.1:$port/")
    $listener.Start()
    $script:server = [powershell]::Create()
    $null = $server.AddScript({
            param($listener, $root, $requests)
            while ($listener.IsListening) {
                try { $context = $listener.GetContext() } catch { break }
                $requests.Enqueue("$($context.Request.Url.AbsolutePath) auth=$($context.Request.Headers['Authorization'])")
                $file = Join-Path $root $context.Request.Url.AbsolutePath.TrimStart('/')
                $bytes = if (Test-Path -LiteralPath $file -PathType Leaf) { [IO.File]::ReadAllBytes($file) } else { $context.Response.StatusCode = 404; [byte[]]::new(0) }
                $context.Response.OutputStream.Write($bytes, 0, $bytes.Length)
                $context.Response.Close()
            }
        }).AddArgument($listener).AddArgument($pages).AddArgument($requests)
    $null = $server.BeginInvoke()
    $script:base = "http://127.0.0.1:$port"

    $script:saved = Save-TestEnvironment -Name LAMBDASEC_RUNTIME_CATALOG
    $script:userCatalog = Join-Path $TestDrive 'user/runtimes.json'
    $env:LAMBDASEC_RUNTIME_CATALOG = $userCatalog
}

AfterAll {
    Restore-TestEnvironment $saved
    $listener.Stop()
    $listener.Close()
    $server.Dispose()
}

Describe 'Update-LambdaRuntimeCatalog' {
    BeforeEach {
        Remove-Item $userCatalog -ErrorAction SilentlyContinue
    }

    Context 'When the page has today''s shape' {
        It 'Should show no difference and write nothing under -WhatIf' {
            $changes = @(Update-LambdaRuntimeCatalog -Uri "$base/lambda-runtimes-2026-12-03.md" -WhatIf)
            $changes | Should -BeNullOrEmpty
            Test-Path $userCatalog | Should -BeFalse
        }

        It 'Should write the user catalog that Test-LambdaRuntime then uses, sending no credentials' {
            $changes = @(Update-LambdaRuntimeCatalog -Uri "$base/lambda-runtimes-2026-12-03.md")
            $changes | Should -BeNullOrEmpty -Because 'the recorded page and the bundled catalog come from the same sources'
            Test-Path $userCatalog | Should -BeTrue
            $report = Test-LambdaRuntime -Runtime python3.9 -AsOf 2026-12-03
            $report.CatalogSource | Should -Be $userCatalog
            $report.Status | Should -Be 'Deprecated'
            $report.BlockFunctionUpdateDate | Should -Be ([datetime] '2027-03-03')
            @(Get-LambdaRuntimeSchedule).Count | Should -Be 54
            @($requests.ToArray() | Where-Object { $_ -notlike '* auth=' }) | Should -BeNullOrEmpty
        }
    }

    Context 'When AWS moved a date and added a runtime' {
        BeforeAll {
            $script:emulator = Start-TestEmulator -Scenario (Join-Path $PSScriptRoot 'data/runtime-estate.json')
            $script:aws = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = '111111111111'; SecretKey = 'x'; Region = 'us-east-1' }
        }

        AfterAll {
            Stop-TestEmulator $emulator
        }

        It 'Should report each difference and the audit should judge by the new dates' {
            $before = @(Invoke-LambdaSecAudit @aws -AsOf 2027-06-01 -Rule 'LS-RT-001' | Where-Object FunctionName -eq 'rt-go')
            $before.Severity | Should -Be 'Critical' -Because 'the bundled catalog blocks go1.x updates from 2027-03-03'

            $changes = @(Update-LambdaRuntimeCatalog -Uri "$base/moved.md")
            $changes | ForEach-Object { "$($_.Runtime) $($_.Change)" } | Sort-Object | Should -Be @('go1.x Changed', 'python3.16 Added')
            $go = $changes | Where-Object Runtime -eq 'go1.x'
            $go.OldBlockFunctionUpdateDate | Should -Be ([datetime] '2027-03-03')
            $go.NewBlockFunctionUpdateDate | Should -Be ([datetime] '2027-12-31')
            $go.CatalogPath | Should -Be $userCatalog
            $go.PreviousCatalog | Should -Be 'embedded catalog'

            $after = @(Invoke-LambdaSecAudit @aws -AsOf 2027-06-01 -Rule 'LS-RT-001' | Where-Object FunctionName -eq 'rt-go')
            $after.Severity | Should -Be 'High'
            $after.Evidence | Should -BeLike "*CreateBlocked*2027-12-31*Catalog: $userCatalog, dated *"
            (Test-LambdaRuntime -Runtime python3.16 -AsOf 2026-12-03).Status | Should -Be 'Supported'
            (Test-LambdaRuntime -Runtime python3.16).Family | Should -Be 'python'
        }
    }

    Context 'When the page cannot be used' {
        BeforeAll {
            $script:good = Join-Path $TestDrive 'good-catalog.json'
            $env:LAMBDASEC_RUNTIME_CATALOG = $good
            Update-LambdaRuntimeCatalog -Uri "$base/lambda-runtimes-2026-12-03.md" | Out-Null
            $script:goodHash = (Get-FileHash $good).Hash
        }

        AfterAll {
            $env:LAMBDASEC_RUNTIME_CATALOG = $userCatalog
        }

        It 'Should stop with <Id> for <Name> and leave the catalog in use untouched' -ForEach @(
            @{ Name = 'a page whose tables changed shape'; Page = 'lambda-runtimes-changed-shape.md'; Id = 'LambdaSec.RuntimePageFormatChanged'; Message = "*columns are 'Name | Identifier | Operating system | Lifecycle'*" }
            @{ Name = 'a page missing most runtimes'; Page = 'partial.md'; Id = 'LambdaSec.RuntimePageRejected'; Message = '*lists only * of the * runtimes*' }
            @{ Name = 'new block dates before the deprecation date'; Page = 'inverted.md'; Id = 'LambdaSec.RuntimePageRejected'; Message = '*before the deprecation date*python3.14*' }
            @{ Name = 'a page that is not there'; Page = 'no-such-page.md'; Id = 'LambdaSec.RuntimePageDownloadFailed'; Message = '*HTTP 404*-Path*' }
        ) {
            $err = { Update-LambdaRuntimeCatalog -Uri "$base/$Page" } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeExactly "$Id,LambdaSec.Cmdlets.UpdateLambdaRuntimeCatalogCommand"
            $err.Exception.Message | Should -BeLike $Message
            (Get-FileHash $good).Hash | Should -Be $goodHash
            (Test-LambdaRuntime -Runtime go1.x).CatalogSource | Should -Be $good
        }

        It 'Should refuse a saved copy older than the catalog in use unless -Force' {
            $copy = Join-Path $TestDrive 'saved.md'
            Copy-Item (Join-Path $pages 'lambda-runtimes-2026-12-03.md') $copy
            (Get-Item $copy).LastWriteTimeUtc = [datetime]::new(2026, 6, 1, 0, 0, 0, [DateTimeKind]::Utc)
            $err = { Update-LambdaRuntimeCatalog -Path $copy } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.RuntimePageRejected,LambdaSec.Cmdlets.UpdateLambdaRuntimeCatalogCommand'
            $err.Exception.Message | Should -BeLike '*dated 2026-06-01, before the catalog in use*-Force*'
            (Get-FileHash $good).Hash | Should -Be $goodHash

            Update-LambdaRuntimeCatalog -Path $copy -Force | Should -BeNullOrEmpty
            (Get-Content -Raw $good | ConvertFrom-Json).compiled | Should -Be '2026-06-01'
            (Test-LambdaRuntime -Runtime go1.x).CatalogSource | Should -Be 'embedded catalog' -Because 'a user catalog older than the embedded one is not used'
        }

        It 'Should stop with LambdaSec.RuntimePageNotFound for a saved copy that does not exist' {
            $err = { Update-LambdaRuntimeCatalog -Path (Join-Path $TestDrive 'none.md') } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.RuntimePageNotFound,LambdaSec.Cmdlets.UpdateLambdaRuntimeCatalogCommand'
        }
    }

    Context 'When the user catalog file is broken' {
        It 'Should warn and use the embedded catalog' {
            New-Item -ItemType Directory -Path (Split-Path $userCatalog) -Force | Out-Null
            Set-Content -Path $userCatalog -Value '{ "schemaVersion": 1, '
            $report = Test-LambdaRuntime -Runtime python3.9 -WarningVariable warnings -WarningAction SilentlyContinue
            $report.CatalogSource | Should -Be 'embedded catalog'
            @($warnings | Where-Object Message -like "*user runtime catalog '$userCatalog' cannot be used*Update-LambdaRuntimeCatalog*") | Should -HaveCount 1
        }
    }

    Context 'When the catalog in use is more than 90 days old' {
        It 'Should warn once per session, naming Update-LambdaRuntimeCatalog' {
            $old = Join-Path $TestDrive 'old-catalog.json'
            '{"schemaVersion":1,"compiled":"2020-01-01","runtimes":[{"identifier":"x1","family":"x","version":"1"}]}' | Set-Content $old
            $module = if ($env:LAMBDASEC_MODULE_PATH) { $env:LAMBDASEC_MODULE_PATH } else { Join-Path $PSScriptRoot '../out/LambdaSec/LambdaSec.psd1' }
            $output = Invoke-FreshPwsh "Import-Module '$module'; 1..2 | ForEach-Object { Test-LambdaRuntime -Runtime x1 -CatalogPath '$old' 3>&1 | Where-Object { `$_ -is [Management.Automation.WarningRecord] } | ForEach-Object { 'WARN ' + `$_.Message } }"
            $warnings = @($output | Where-Object { "$_" -like 'WARN *' })
            $warnings | Should -HaveCount 1
            $warnings[0] | Should -BeLike "*($old) is dated 2020-01-01*Update-LambdaRuntimeCatalog*"
        }
    }

    Context 'When the command is inspected' {
        It 'Should declare its output type and support -WhatIf' {
            $command = Get-Command Update-LambdaRuntimeCatalog
            $command.OutputType.Type | Should -Be ([LambdaSec.Model.LambdaRuntimeCatalogChange])
            $command.Parameters.Keys | Should -Contain 'WhatIf'
        }
    }
}
