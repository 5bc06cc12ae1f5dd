Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeDiscovery {
    # Identifiers the catalog must hold beyond the API enum: newer SDK enum values and container-only images.
    $extraIdentifiers = @('java8.al2023', 'java11.al2023', 'java17.al2023', 'nodejs26.x', 'python3.15', 'dotnet9', 'dotnet7', 'dotnet5.0') | ForEach-Object { @{ Identifier = $_ } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest

    # The Runtime enum of the Lambda API: from botocore when it is installed, else from the copy in tests/data.
    $script:enumSource = Join-Path $PSScriptRoot 'data/lambda-runtime-enum.txt'
    $script:enumValues = Get-Content $enumSource | Where-Object { $_ -and -not $_.StartsWith('#') }
    $python = Get-Command python3 -ErrorAction SilentlyContinue
    if ($python) {
        $fromBotocore = & $python.Source -c "import botocore,gzip,json,os;print('\n'.join(json.load(gzip.open(os.path.join(os.path.dirname(botocore.__file__),'data/lambda/2015-03-31/service-2.json.gz')))['shapes']['Runtime']['enum']))" 2>$null
        if ($LASTEXITCODE -eq 0 -and $fromBotocore) {
            $script:enumSource = 'botocore'
            $script:enumValues = $fromBotocore
        }
    }

    $script:all = Get-LambdaRuntimeSchedule -AsOf 2026-11-26
}

Describe 'Get-LambdaRuntimeSchedule' {
    Context 'When the embedded catalog is checked for integrity' {
        It 'Should hold every identifier of the Lambda API Runtime enum' {
            $missing = $enumValues | Where-Object { $_ -notin $all.Runtime }
            $missing | Should -BeNullOrEmpty -Because "the catalog must know every Runtime enum value ($enumSource)"
        }

        It 'Should hold <Identifier>' -ForEach $extraIdentifiers {
            $all.Runtime | Should -Contain $Identifier
        }

        It 'Should have a family, a name and consistent dates on every row' {
            foreach ($row in $all) {
                $row.Family | Should -Not -BeNullOrEmpty -Because $row.Runtime
                $row.Name | Should -Not -BeNullOrEmpty -Because $row.Runtime
            }
            $updateBlocked = @($all | Where-Object BlockFunctionUpdateDate)
            $updateBlocked | Should -Not -BeNullOrEmpty
            foreach ($row in $updateBlocked) {
                if (-not $row.BlockFunctionCreateDate) {
                    # The sources give no block-create date for a few rows (java*.al2023); the row must say so, never invent one.
                    $row.Notes | Should -BeLike '*block create not given*' -Because "$($row.Runtime) has an update block but no create block"
                    continue
                }
                $row.BlockFunctionUpdateDate | Should -BeGreaterOrEqual $row.BlockFunctionCreateDate -Because $row.Runtime
            }
        }

        It 'Should carry the published dates of the current runtimes' {
            $nodejs24 = $all | Where-Object Runtime -eq 'nodejs24.x'
            $nodejs24.DeprecationDate | Should -Be ([datetime]'2028-04-30')
            $nodejs24.BlockFunctionCreateDate | Should -Be ([datetime]'2028-06-01')
            $nodejs24.BlockFunctionUpdateDate | Should -Be ([datetime]'2028-07-01')
            $dotnet9 = $all | Where-Object Runtime -eq 'dotnet9'
            $dotnet9.ContainerOnly | Should -BeTrue
            $dotnet9.BlockFunctionCreateDate | Should -BeNullOrEmpty
        }
    }

    Context 'When the schedule is listed' {
        It 'Should sort by deprecation date with undated runtimes last' {
            $dated = @($all | Where-Object DeprecationDate)
            $dated.DeprecationDate | Should -Be ($dated.DeprecationDate | Sort-Object)
            $firstUndated = [array]::IndexOf(@($all.Runtime), ($all | Where-Object { -not $_.DeprecationDate } | Select-Object -First 1).Runtime)
            $firstUndated | Should -Be $dated.Count
        }

        It 'Should give each row its status at AsOf' {
            ($all | Where-Object Runtime -eq 'nodejs20.x').Status | Should -Be 'Deprecated'
            ($all | Where-Object Runtime -eq 'python2.7').Status | Should -Be 'UpdateBlocked'
            ($all | Where-Object Runtime -eq 'python3.10').Status | Should -Be 'Deprecated'
            ($all | Where-Object Runtime -eq 'nodejs22.x').Status | Should -Be 'DeprecationScheduled'
            ($all | Where-Object Runtime -eq 'python3.14').Status | Should -Be 'Supported'
            ($all | Where-Object Runtime -eq 'python3.14').Recommended | Should -Be 'python3.14'
        }

        It 'Should keep only the asked families, case-insensitively' {
            $rows = Get-LambdaRuntimeSchedule -Family Ruby, go -AsOf 2026-11-26
            ($rows.Family | Sort-Object -Unique) | Should -Be @('go', 'ruby')
        }

        It 'Should warn about a family the catalog does not have' {
            $rows = Get-LambdaRuntimeSchedule -Family cobol -WarningVariable warnings -WarningAction SilentlyContinue
            $rows | Should -BeNullOrEmpty
            @($warnings | Where-Object Message -like "*'cobol'*nodejs*") | Should -HaveCount 1
        }
    }

    Context 'When -WithinDays limits the schedule' {
        It 'Should keep a runtime whose date is exactly N days away and drop it one day earlier' {
            # python3.10: block create 2027-02-01, 67 days after 2026-11-26 (its deprecation, 2026-10-31, has passed).
            (Get-LambdaRuntimeSchedule -AsOf 2026-11-26 -WithinDays 67).Runtime | Should -Contain 'python3.10'
            @(Get-LambdaRuntimeSchedule -AsOf 2026-11-26 -WithinDays 66 | ForEach-Object Runtime) | Should -Not -Contain 'python3.10'
        }

        It 'Should include a date that falls on AsOf itself' {
            (Get-LambdaRuntimeSchedule -AsOf 2027-02-01 -WithinDays 0).Runtime | Should -Contain 'python3.10'
        }

        It 'Should leave out dates that have passed' {
            # nodejs20.x: every date (the last is block update 2027-03-03) is behind 2027-03-04.
            @(Get-LambdaRuntimeSchedule -AsOf 2027-03-04 -WithinDays 30 | ForEach-Object Runtime) | Should -Not -Contain 'nodejs20.x'
        }
    }

    Context 'When a custom catalog is passed' {
        It 'Should list the rows of that file' {
            $path = Join-Path $TestDrive 'runtimes.json'
            '{"schemaVersion":1,"compiled":"2030-01-01","runtimes":[{"identifier":"b2","family":"b","version":"2","deprecationDate":"2031-01-01"},{"identifier":"a1","family":"a","version":"1","deprecationDate":"2030-06-01","blockFunctionCreateDate":"2030-07-01","blockFunctionUpdateDate":"2030-08-01"}]}' | Set-Content $path
            $rows = Get-LambdaRuntimeSchedule -CatalogPath $path -AsOf 2030-07-01
            $rows.Runtime | Should -Be @('a1', 'b2')
            $rows[0].Status | Should -Be 'CreateBlocked'
        }

        It 'Should stop with LambdaSec.RuntimeCatalogInvalid for a malformed file' {
            $path = Join-Path $TestDrive 'broken.json'
            'not json' | Set-Content $path
            $err = { Get-LambdaRuntimeSchedule -CatalogPath $path } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.RuntimeCatalogInvalid,LambdaSec.Cmdlets.GetLambdaRuntimeScheduleCommand'
            $err.Exception.Message | Should -BeLike "*'$path'*not valid JSON*"
        }
    }

    Context 'When the command is inspected' {
        It 'Should declare its output type' {
            (Get-Command Get-LambdaRuntimeSchedule).OutputType.Type | Should -Be ([LambdaSec.Model.LambdaRuntimeScheduleEntry])
        }

        It 'Should have a default table view' {
            (Get-LambdaRuntimeSchedule -Family go | Out-String -Width 200) | Should -Match 'Runtime\s+Status\s+Deprecation\s+BlockCreate\s+BlockUpdate'
        }
    }
}
