Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeDiscovery {
    # nodejs22.x in the embedded catalog: deprecation 2027-04-30, block create 2027-06-01, block update 2027-07-01.
    # With the default 180 warning days, DeprecationScheduled starts on 2026-11-01 (180 days before).
    $embeddedBoundaries = @(
        @{ AsOf = '2026-10-31'; Expected = 'Supported'; Days = 181 }
        @{ AsOf = '2026-11-01'; Expected = 'DeprecationScheduled'; Days = 180 }
        @{ AsOf = '2027-04-29'; Expected = 'DeprecationScheduled'; Days = 1 }
        @{ AsOf = '2027-04-30'; Expected = 'Deprecated'; Days = 0 }
        @{ AsOf = '2027-05-31'; Expected = 'Deprecated'; Days = -31 }
        @{ AsOf = '2027-06-01'; Expected = 'CreateBlocked'; Days = -32 }
        @{ AsOf = '2027-06-30'; Expected = 'CreateBlocked'; Days = -61 }
        @{ AsOf = '2027-07-01'; Expected = 'UpdateBlocked'; Days = -62 }
    )

    # testlang1 in the custom catalog: deprecation 2030-03-10, block create 2030-04-10, block update 2030-05-10.
    $customBoundaries = @(
        @{ AsOf = '2030-01-08'; WarningDays = 60; Expected = 'Supported' }
        @{ AsOf = '2030-01-09'; WarningDays = 60; Expected = 'DeprecationScheduled' }
        @{ AsOf = '2030-03-09'; WarningDays = 0; Expected = 'Supported' }
        @{ AsOf = '2030-03-09'; WarningDays = 180; Expected = 'DeprecationScheduled' }
        @{ AsOf = '2030-03-10'; WarningDays = 180; Expected = 'Deprecated' }
        @{ AsOf = '2030-04-09'; WarningDays = 180; Expected = 'Deprecated' }
        @{ AsOf = '2030-04-10'; WarningDays = 180; Expected = 'CreateBlocked' }
        @{ AsOf = '2030-05-09'; WarningDays = 180; Expected = 'CreateBlocked' }
        @{ AsOf = '2030-05-10'; WarningDays = 180; Expected = 'UpdateBlocked' }
        @{ AsOf = '2031-01-01'; WarningDays = 180; Expected = 'UpdateBlocked' }
    )

    # The newest supported runtime of the family on 2026-11-26 (the catalog's compile date).
    $recommendedCases = @(
        @{ Runtime = 'nodejs20.x'; Expected = 'nodejs24.x' }
        @{ Runtime = 'nodejs24.x'; Expected = 'nodejs24.x' }
        @{ Runtime = 'python3.9'; Expected = 'python3.14' }
        @{ Runtime = 'java8'; Expected = 'java25' }
        @{ Runtime = 'dotnet6'; Expected = 'dotnet10' }
        @{ Runtime = 'ruby2.7'; Expected = 'ruby4.0' }
        @{ Runtime = 'provided'; Expected = 'provided.al2023' }
        @{ Runtime = 'go1.x'; Expected = 'provided.al2023' }
    )

    # AWS's "Lambda runtimes" tables as the sources gave them on 2026-12-03 (docs/runtimes.md lists the sources and
    # commits): deprecation / block function create / block function update, and the status each date gives today
    # (2026-12-03) and three months ahead (2027-03-03), with the default 180 warning days. The dates are those of
    # cfn-lint's file (endoflife-date's where cfn-lint has no row), checked against both raw files, so a catalog row
    # that drifts from AWS's table fails here. Empty: the table gives no date.
    $sourcedTable = @(Import-Csv (Join-Path $PSScriptRoot 'data/aws-lambda-runtimes-2026-12-03.csv') | ForEach-Object {
        @{ Runtime = $_.Runtime; Deprecation = $_.Deprecation; BlockCreate = $_.BlockCreate; BlockUpdate = $_.BlockUpdate; Today = $_.Today; InThreeMonths = $_.InThreeMonths }
    })

    $malformedCases = @(
        @{ Name = 'text that is not JSON'; Content = '{ "schemaVersion": 1, '; Problem = 'is not valid JSON' }
        @{ Name = 'a JSON array at the top'; Content = '[]'; Problem = 'the top level must be a JSON object' }
        @{ Name = 'an unsupported schema version'; Content = '{"schemaVersion":2,"compiled":"2030-01-01","runtimes":[]}'; Problem = 'schemaVersion 2 is not supported' }
        @{ Name = 'no compiled date'; Content = '{"schemaVersion":1,"runtimes":[{"identifier":"x1","family":"x"}]}'; Problem = 'compiled is missing' }
        @{ Name = 'no runtimes'; Content = '{"schemaVersion":1,"compiled":"2030-01-01"}'; Problem = 'runtimes is missing or not an array' }
        @{ Name = 'an empty runtimes array'; Content = '{"schemaVersion":1,"compiled":"2030-01-01","runtimes":[]}'; Problem = 'runtimes is empty' }
        @{ Name = 'a row without identifier'; Content = '{"schemaVersion":1,"compiled":"2030-01-01","runtimes":[{"family":"x"}]}'; Problem = 'runtimes[0] has no identifier' }
        @{ Name = 'a date that is not yyyy-MM-dd'; Content = '{"schemaVersion":1,"compiled":"2030-01-01","runtimes":[{"identifier":"x1","family":"x","deprecationDate":"31/12/2030"}]}'; Problem = "runtimes[0] (x1): deprecationDate '31/12/2030' is not a yyyy-MM-dd date" }
        @{ Name = 'a repeated identifier'; Content = '{"schemaVersion":1,"compiled":"2030-01-01","runtimes":[{"identifier":"x1","family":"x"},{"identifier":"X1","family":"x"}]}'; Problem = "repeats the identifier 'X1'" }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest

    $script:customCatalog = Join-Path $TestDrive 'runtimes.json'
    @{
        schemaVersion = 1
        source        = 'test'
        compiled      = '2030-01-01'
        runtimes      = @(
            @{ identifier = 'testlang1'; name = 'Test 1'; family = 'testlang'; version = '1'; os = 'Amazon Linux 2023'; deprecationDate = '2030-03-10'; blockFunctionCreateDate = '2030-04-10'; blockFunctionUpdateDate = '2030-05-10' }
            @{ identifier = 'testlang2'; name = 'Test 2'; family = 'testlang'; version = '2'; deprecationDate = '2030-06-30'; blockFunctionCreateDate = $null; blockFunctionUpdateDate = $null }
            @{ identifier = 'testlang3'; name = 'Test 3 (preview)'; family = 'testlang'; version = '3'; preview = $true }
        )
    } | ConvertTo-Json -Depth 5 | Set-Content -Path $script:customCatalog -Encoding utf8
}

Describe 'Test-LambdaRuntime' {
    Context 'When the AsOf date crosses the embedded catalog dates of nodejs22.x' {
        It 'Should report <Expected> on <AsOf>' -ForEach $embeddedBoundaries {
            $report = Test-LambdaRuntime -Runtime nodejs22.x -AsOf $AsOf
            $report.Status | Should -Be $Expected
            $report.DaysUntilDeprecation | Should -Be $Days
        }

        It 'Should carry the published dates as UTC dates' {
            $report = Test-LambdaRuntime -Runtime nodejs22.x -AsOf 2026-11-26
            $report.DeprecationDate | Should -Be ([datetime]'2027-04-30')
            $report.BlockFunctionCreateDate | Should -Be ([datetime]'2027-06-01')
            $report.BlockFunctionUpdateDate | Should -Be ([datetime]'2027-07-01')
            $report.DeprecationDate.Kind | Should -Be 'Utc'
            $report.Family | Should -Be 'nodejs'
            $report.Name | Should -Be 'Node.js 22'
        }

        It 'Should count only the UTC calendar date of AsOf' {
            (Test-LambdaRuntime -Runtime nodejs22.x -AsOf ([datetime]::new(2027, 4, 29, 23, 59, 59, [DateTimeKind]::Utc))).Status | Should -Be 'DeprecationScheduled'
            (Test-LambdaRuntime -Runtime nodejs22.x -AsOf ([datetime]::new(2027, 4, 30, 0, 0, 0, [DateTimeKind]::Utc))).Status | Should -Be 'Deprecated'
        }

        It 'Should default AsOf to today in UTC' {
            $expected = (Test-LambdaRuntime -Runtime nodejs22.x -AsOf ([datetime]::UtcNow)).Status
            (Test-LambdaRuntime -Runtime nodejs22.x).Status | Should -Be $expected
        }
    }

    Context 'When the embedded catalog is compared with AWS''s current table' {
        It 'Should give <Runtime> the dates of AWS''s table' -ForEach $sourcedTable {
            $report = Test-LambdaRuntime -Runtime $Runtime -AsOf 2026-12-03
            $report.Runtime | Should -BeExactly $Runtime
            $report.DeprecationDate | Should -Be $(if ($Deprecation) { [datetime] $Deprecation } else { $null })
            $report.BlockFunctionCreateDate | Should -Be $(if ($BlockCreate) { [datetime] $BlockCreate } else { $null })
            $report.BlockFunctionUpdateDate | Should -Be $(if ($BlockUpdate) { [datetime] $BlockUpdate } else { $null })
        }

        It 'Should report <Runtime> as <Today> on 2026-12-03 and <InThreeMonths> on 2027-03-03' -ForEach $sourcedTable {
            (Test-LambdaRuntime -Runtime $Runtime -AsOf 2026-12-03).Status | Should -Be $Today
            (Test-LambdaRuntime -Runtime $Runtime -AsOf 2027-03-03).Status | Should -Be $InThreeMonths
        }

        It 'Should have a table row for every runtime of the catalog, each with its sources and check date' -ForEach @(@{ TableRuntimes = @($sourcedTable.Runtime) }) {
            $rows = Get-LambdaRuntimeSchedule
            @($rows.Runtime | Sort-Object) | Should -Be @($TableRuntimes | Sort-Object)
            $rows | Where-Object { $_.Sources.Count -eq 0 -or -not $_.Checked -or -not $_.Confirmed } | Should -BeNullOrEmpty
        }

        It 'Should let python3.9 functions be updated until 2027-03-03 (issue 15)' {
            $report = Test-LambdaRuntime -Runtime python3.9 -AsOf 2026-12-03
            $report.Status | Should -Be 'Deprecated'
            $report.BlockFunctionCreateDate | Should -Be ([datetime] '2027-02-01')
            $report.BlockFunctionUpdateDate | Should -Be ([datetime] '2027-03-03')
        }

        It 'Should say which catalog and date each verdict came from' {
            $report = Test-LambdaRuntime -Runtime python3.9, nodejs99.x -WarningAction SilentlyContinue
            $report.CatalogSource | Should -Be @('embedded catalog', 'embedded catalog')
            $report.CatalogDate | Should -Be @([datetime] '2026-12-03', [datetime] '2026-12-03')
        }
    }

    Context 'When a custom catalog is passed with -CatalogPath' {
        It 'Should report <Expected> on <AsOf> with <WarningDays> warning days' -ForEach $customBoundaries {
            (Test-LambdaRuntime -Runtime testlang1 -AsOf $AsOf -WarningDays $WarningDays -CatalogPath $customCatalog).Status | Should -Be $Expected
        }

        It 'Should report a runtime without dates as Supported with null dates' {
            $report = Test-LambdaRuntime -Runtime testlang3 -AsOf 2030-01-01 -CatalogPath $customCatalog
            $report.Status | Should -Be 'Supported'
            $report.DeprecationDate | Should -BeNullOrEmpty
            $report.DaysUntilDeprecation | Should -BeNullOrEmpty
        }

        It 'Should treat a runtime of the embedded catalog as unknown' {
            $report = Test-LambdaRuntime -Runtime nodejs22.x -CatalogPath $customCatalog -WarningAction SilentlyContinue
            $report.Status | Should -Be 'Unknown'
        }

        It 'Should name the catalog file and its date in each verdict' {
            $report = Test-LambdaRuntime -Runtime testlang1 -AsOf 2030-01-01 -CatalogPath $customCatalog
            $report.CatalogSource | Should -Be $customCatalog
            $report.CatalogDate | Should -Be ([datetime] '2030-01-01')
        }

        It 'Should recommend the newest supported runtime and never a preview' {
            (Test-LambdaRuntime -Runtime testlang1 -AsOf 2030-01-01 -CatalogPath $customCatalog).Recommended | Should -Be 'testlang2'
        }

        It 'Should fall back to the newest runtime not yet deprecated when none is Supported' {
            # On 2030-04-01 testlang2 is 90 days from deprecation (DeprecationScheduled) and testlang1 is Deprecated.
            (Test-LambdaRuntime -Runtime testlang1 -AsOf 2030-04-01 -CatalogPath $customCatalog).Recommended | Should -Be 'testlang2'
        }

        It 'Should recommend nothing when the whole family is deprecated' {
            (Test-LambdaRuntime -Runtime testlang1 -AsOf 2030-07-01 -CatalogPath $customCatalog).Recommended | Should -BeNullOrEmpty
        }
    }

    Context 'When the catalog file is missing or malformed' {
        It 'Should stop with LambdaSec.RuntimeCatalogInvalid naming the file for <Name>' -ForEach $malformedCases {
            $path = Join-Path $TestDrive 'bad-catalog.json'
            Set-Content -Path $path -Value $Content -Encoding utf8
            $err = { Test-LambdaRuntime -Runtime nodejs22.x -CatalogPath $path } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.RuntimeCatalogInvalid,LambdaSec.Cmdlets.TestLambdaRuntimeCommand'
            $err.CategoryInfo.Category | Should -Be 'InvalidData'
            $err.Exception.Message | Should -BeLike "*'$path'*"
            $err.Exception.Message | Should -BeLike "*$([WildcardPattern]::Escape($Problem))*"
        }

        It 'Should stop with LambdaSec.RuntimeCatalogNotFound when the file does not exist' {
            $path = Join-Path $TestDrive 'no-such-catalog.json'
            $err = { Test-LambdaRuntime -Runtime nodejs22.x -CatalogPath $path } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.RuntimeCatalogNotFound,LambdaSec.Cmdlets.TestLambdaRuntimeCommand'
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
            $err.Exception.Message | Should -BeLike "*$path*"
        }
    }

    Context 'When the runtime identifier is not in the catalog' {
        It 'Should report Unknown and warn with the catalog date and -CatalogPath' {
            $report = Test-LambdaRuntime -Runtime nodejs99.x -WarningVariable warnings -WarningAction SilentlyContinue
            $report.Status | Should -Be 'Unknown'
            $report.Runtime | Should -Be 'nodejs99.x'
            $report.Recommended | Should -BeNullOrEmpty
            $unknown = @($warnings | Where-Object Message -like '*is not in the runtime catalog*')
            $unknown.Count | Should -Be 1
            $unknown[0].Message | Should -BeLike "*'nodejs99.x'*compiled 2026-12-03*Update-LambdaRuntimeCatalog*-CatalogPath*"
        }

        It 'Should warn once per identifier and go on with the others' {
            $reports = Test-LambdaRuntime -Runtime bogus1, bogus1, python3.14 -WarningVariable warnings -WarningAction SilentlyContinue
            $reports.Count | Should -Be 3
            $reports[2].Status | Should -Not -Be 'Unknown'
            @($warnings | Where-Object Message -like '*is not in the runtime catalog*').Count | Should -Be 1
        }

        It 'Should match identifiers case-insensitively' {
            (Test-LambdaRuntime -Runtime NodeJS22.X -AsOf 2026-11-26).Runtime | Should -BeExactly 'nodejs22.x'
        }
    }

    Context 'When the recommended runtime is asked for' {
        It 'Should recommend <Expected> for <Runtime>' -ForEach $recommendedCases {
            (Test-LambdaRuntime -Runtime $Runtime -AsOf 2026-11-26).Recommended | Should -Be $Expected
        }
    }

    Context 'When functions come from the pipeline' {
        It 'Should bind objects shaped like AWS.Tools FunctionConfiguration' {
            $functions = @(
                [pscustomobject]@{ FunctionName = 'orders'; Runtime = 'nodejs20.x'; PackageType = 'Zip' }
                [pscustomobject]@{ FunctionName = 'billing'; FunctionArn = 'arn:aws:lambda:eu-west-1:111111111111:function:billing'; Runtime = 'python3.14'; PackageType = 'Zip' }
            )
            $reports = $functions | Test-LambdaRuntime -AsOf 2026-11-26
            $reports.Count | Should -Be 2
            $reports[0].FunctionName | Should -Be 'orders'
            $reports[0].Status | Should -Be 'Deprecated'
            $reports[0].PackageType | Should -Be 'Zip'
            $reports[1].FunctionName | Should -Be 'billing'
            $reports[1].Status | Should -Be 'Supported'
        }

        It 'Should take the region and account from a function ARN' {
            $report = [pscustomobject]@{ FunctionArn = 'arn:aws:lambda:eu-west-1:111111111111:function:billing:live'; Runtime = 'java21' } | Test-LambdaRuntime -AsOf 2026-11-26
            $report.FunctionName | Should -Be 'billing'
            $report.FunctionArn | Should -Be 'arn:aws:lambda:eu-west-1:111111111111:function:billing:live'
            $report.Region | Should -Be 'eu-west-1'
            $report.AccountId | Should -Be '111111111111'
        }

        It 'Should prefer Region and AccountId properties of the input' {
            $report = [pscustomobject]@{ FunctionName = 'f'; Runtime = 'java21'; Region = 'us-west-2'; AccountId = '222222222222' } | Test-LambdaRuntime
            $report.Region | Should -Be 'us-west-2'
            $report.AccountId | Should -Be '222222222222'
        }

        It 'Should report container-image functions as NotApplicable' {
            $report = [pscustomobject]@{ FunctionName = 'img'; Runtime = $null; PackageType = 'Image' } | Test-LambdaRuntime
            $report.Status | Should -Be 'NotApplicable'
            $report.FunctionName | Should -Be 'img'
            $report.DeprecationDate | Should -BeNullOrEmpty
        }

        It 'Should bind runtime identifiers piped as strings' {
            $reports = 'nodejs24.x', 'python3.14' | Test-LambdaRuntime
            $reports.Runtime | Should -Be @('nodejs24.x', 'python3.14')
        }
    }

    Context 'When the command is inspected' {
        It 'Should declare its output type' {
            (Get-Command Test-LambdaRuntime).OutputType.Type | Should -Be ([LambdaSec.Model.LambdaRuntimeReport])
        }

        It 'Should have a default table view' {
            $text = Test-LambdaRuntime -Runtime nodejs22.x -AsOf 2026-11-26 | Out-String -Width 200
            $text | Should -Match 'FunctionName\s+Runtime\s+Status\s+Deprecation\s+Days\s+Recommended'
        }
    }
}

Describe 'Test-LambdaRuntime against the emulator' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
        $script:emulator = Start-TestEmulator -Scenario (Join-Path $PSScriptRoot 'data/runtime-estate.json')
        $script:aws = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = '111111111111'; SecretKey = 'x' }
        function Get-Calls([string] $Operation) {
            $op = (Invoke-TestEmulatorAdmin -Emulator $emulator -Path /_emulator/stats).operations.PSObject.Properties[$Operation]
            if ($op) { $op.Value.calls } else { 0 }
        }
    }

    AfterAll {
        Stop-TestEmulator $emulator
    }

    BeforeEach {
        Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path /_emulator/stats | Out-Null
    }

    Context 'When nothing is piped and no -Runtime is given' {
        It 'Should list every function of -Region and report its status, region and account' {
            $reports = @(Test-LambdaRuntime @aws -Region us-east-1 -AsOf 2026-11-26)
            $reports.FunctionName | Sort-Object | Should -Be @('rt-go', 'rt-image', 'rt-node24', 'rt-py27')
            ($reports | Where-Object FunctionName -eq 'rt-py27').Status | Should -Be 'UpdateBlocked'
            ($reports | Where-Object FunctionName -eq 'rt-node24').Status | Should -Be 'Supported'
            ($reports | Where-Object FunctionName -eq 'rt-go').Recommended | Should -Be 'provided.al2023'
            ($reports | Where-Object FunctionName -eq 'rt-image').Status | Should -Be 'NotApplicable'
            $reports | ForEach-Object {
                $_.Region | Should -Be 'us-east-1'
                $_.AccountId | Should -Be '111111111111'
                $_.FunctionArn | Should -Be "arn:aws:lambda:us-east-1:111111111111:function:$($_.FunctionName)"
            }
            Get-Calls 'lambda:ListFunctions' | Should -Be 1
            Get-Calls 'lambda:GetFunctionConfiguration' | Should -Be 0
        }

        It 'Should list each region given' {
            $reports = @(Test-LambdaRuntime @aws -Region us-east-1, eu-west-1)
            $reports | Should -HaveCount 5
            ($reports | Where-Object FunctionName -eq 'rt-eu-py314').Region | Should -Be 'eu-west-1'
        }
    }

    Context 'When functions come by name or ARN only' {
        It 'Should look up names in -Region and ARNs in their own region' {
            $reports = @(
                [pscustomobject]@{ FunctionName = 'rt-py27' }
                [pscustomobject]@{ FunctionName = 'arn:aws:lambda:eu-west-1:111111111111:function:rt-eu-py314' }
            ) | Test-LambdaRuntime @aws -Region us-east-1 -AsOf 2026-11-26
            $reports.FunctionName | Sort-Object | Should -Be @('rt-eu-py314', 'rt-py27')
            ($reports | Where-Object FunctionName -eq 'rt-eu-py314').Region | Should -Be 'eu-west-1'
            ($reports | Where-Object FunctionName -eq 'rt-eu-py314').Runtime | Should -Be 'python3.14'
            Get-Calls 'lambda:GetFunctionConfiguration' | Should -Be 2
            Get-Calls 'lambda:ListFunctions' | Should -Be 0
        }

        It 'Should prefer FunctionArn over FunctionName when an object carries both (AWS.Tools shape)' {
            $report = [pscustomobject]@{ FunctionName = 'renamed-since'; FunctionArn = 'arn:aws:lambda:eu-west-1:111111111111:function:rt-eu-py314' } |
                Test-LambdaRuntime @aws -Region us-east-1
            $report.FunctionName | Should -Be 'rt-eu-py314'
            $report.Region | Should -Be 'eu-west-1'
        }

        It 'Should look a name up in the Region property of its object' {
            $report = [pscustomobject]@{ FunctionName = 'rt-eu-py314'; Region = 'eu-west-1' } | Test-LambdaRuntime @aws
            $report.Region | Should -Be 'eu-west-1'
            $report.Status | Should -Not -BeNullOrEmpty
        }

        It 'Should write LambdaSec.ResourceNotFound for a function that does not exist and go on' {
            $reports = @(
                [pscustomobject]@{ FunctionName = 'no-such-function' }
                [pscustomobject]@{ FunctionName = 'rt-node24' }
                [pscustomobject]@{ FunctionName = 'given'; Runtime = 'ruby3.4'; PackageType = 'Zip' }
            ) | Test-LambdaRuntime @aws -Region us-east-1 -ErrorVariable errors -ErrorAction SilentlyContinue
            $reports.FunctionName | Sort-Object | Should -Be @('given', 'rt-node24')
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.ResourceNotFound,LambdaSec.Cmdlets.TestLambdaRuntimeCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'ObjectNotFound'
            "$($errors[0].TargetObject)" | Should -Be 'no-such-function'
        }

        It 'Should make no AWS call for functions that come with their Runtime' {
            $null = [pscustomobject]@{ FunctionName = 'rt-py27'; FunctionArn = 'arn:aws:lambda:us-east-1:111111111111:function:rt-py27'; Runtime = 'python2.7' } | Test-LambdaRuntime @aws
            (Invoke-TestEmulatorAdmin -Emulator $emulator -Path /_emulator/stats).totals.calls | Should -Be 0
        }
    }
}
