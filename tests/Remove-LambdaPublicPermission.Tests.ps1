Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
    Import-LambdaSecUnderTest

    # A generated estate of 240 functions; every function keeps a pinned S3 trigger (ServiceRestricted) and some
    # also have an unpinned SNS grant, a partner account, a public grant and a public URL pair.
    $functions = foreach ($i in 1..240) {
        $name = 'fn-{0:d3}' -f $i
        $grants = @(@{ sid = 's3'; principal = 's3.amazonaws.com'; sourceArn = "arn:aws:s3:::bucket-$i"; sourceAccount = '111111111111' })
        if ($i % 3 -eq 0) { $grants += @{ sid = 'anyone'; principal = '*' } }
        if ($i % 4 -eq 0) { $grants += @{ sid = 'sns'; principal = 'sns.amazonaws.com' } }
        if ($i % 5 -eq 0) { $grants += @{ sid = 'partner'; principal = '222222222222' } }
        if ($i % 7 -eq 0) {
            $grants += @{ sid = 'FunctionURLAllowPublicAccess'; action = 'lambda:InvokeFunctionUrl'; principal = '*'; functionUrlAuthType = 'NONE' }
            $grants += @{ sid = 'org'; principal = '*'; principalOrgId = 'o-test1234567' }
        }
        @{ name = $name; runtime = 'python3.12'; role = 'fn-role'; permissions = $grants }
    }
    $scenario = @{
        accounts = @(@{
                id      = '111111111111'
                roles   = @(@{ name = 'fn-role' })
                regions = @{ 'us-east-1' = @{ functions = @($functions) } }
            })
    }
    $script:scenarioPath = Join-Path ([IO.Path]::GetTempPath()) "lambdasec-remove-$PID.json"
    $scenario | ConvertTo-Json -Depth 10 | Set-Content $scenarioPath
    $script:emulator = Start-TestEmulator -Scenario $scenarioPath
    $script:aws = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = '111111111111'; SecretKey = 'x'; Region = 'us-east-1' }
    $script:backupDir = Join-Path ([IO.Path]::GetTempPath()) "lambdasec-remove-backups-$PID"
    $null = New-Item -ItemType Directory -Path $backupDir -Force

    # Every statement of the estate as "function||sid|level|json", sorted, so two states compare as sets. Read raw
    # from the emulator and classified offline, so that checking does not spend the module's Lambda quota.
    function Get-StatementSet {
        @(foreach ($i in 1..240) {
                $name = 'fn-{0:d3}' -f $i
                $r = Invoke-TestEmulatorRaw -Emulator $emulator -Service lambda -Path "/2015-03-31/functions/$name/policy"
                if ($r.StatusCode -ne 200) { continue }
                foreach ($s in (Test-LambdaPolicy -Policy ($r.Content | ConvertFrom-Json).Policy -OwnerAccountId 111111111111).Statements) { '{0}||{1}|{2}|{3}' -f $name, $s.Sid, $s.Exposure, $s.Json }
            }) | Sort-Object
    }

    function Add-TestPermission([string] $Function, [hashtable] $Permission) {
        $response = Invoke-TestEmulatorRaw -Emulator $emulator -Service lambda -Method POST -Path "/2015-03-31/functions/$Function/policy" -Body ($Permission | ConvertTo-Json -Compress)
        if ($response.StatusCode -ne 201) { throw "AddPermission on $Function failed: $($response.Content)" }
    }

    function Reset-EmulatorFaults {
        $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path '/_emulator/faults'
        $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/ratelimits' -Body @{ preset = 'off' }
    }

    $script:original = Get-StatementSet
}

AfterAll {
    Stop-TestEmulator $emulator
    Remove-Item $scenarioPath, $backupDir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Remove-LambdaPublicPermission' {
    Context 'When run with -WhatIf' {
        It 'Should change nothing and write no backup, naming each public statement with its principal and conditions' {
            $backup = Join-Path $backupDir 'whatif.jsonl'
            # What if: lines go to the host, so a transcript is what catches them.
            $transcript = Join-Path $backupDir 'whatif.txt'
            $null = Start-Transcript -Path $transcript
            try { Get-LambdaExposure @aws | Remove-LambdaPublicPermission @aws -BackupPath $backup -WhatIf }
            finally { $null = Stop-Transcript }
            $said = Get-Content $transcript -Raw
            Get-StatementSet | Should -Be $original
            $backup | Should -Not -Exist
            $said | Should -Match "Remove Public statement 'anyone' \(principal \*; actions lambda:InvokeFunction; no conditions\)"
            $said | Should -Match 'on target "fn-003 \(us-east-1\)"'
            $said | Should -Match "StringEquals lambda:FunctionUrlAuthType = NONE"
            $said | Should -Not -Match "'(s3|sns|partner|org)'"
        }
    }

    Context 'When hundreds of functions are remediated under throttling, 5xx, dropped connections and a concurrent policy change' {
        BeforeAll {
            $script:backup = Join-Path $backupDir 'bulk.jsonl'
            $exposures = @(Get-LambdaExposure @aws)
            # Tight quotas and failures on every Lambda call from here on.
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/ratelimits' -Body @{ rules = @(@{ service = 'lambda'; operations = @('RemovePermission', 'GetPolicy'); rate = 8; burst = 2 }) }
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @(
                @{ service = 'lambda'; operation = 'RemovePermission'; kind = '5xx'; probability = 0.15 }
                @{ service = 'lambda'; operation = 'RemovePermission'; kind = 'drop'; probability = 0.1 }
                @{ service = 'lambda'; operation = 'GetPolicy'; kind = 'drop'; probability = 0.05 })
            # The concurrent change: while the removal runs, a public and a harmless statement are added to functions
            # whose public statements are being removed; their revisions change under the removal.
            $script:late = @(3, 6, 9, 12, 15, 21, 30, 42, 60, 90, 120, 150, 180, 210, 240 | ForEach-Object { 'fn-{0:d3}' -f $_ })
            $job = Start-ThreadJob -ArgumentList $emulator, $late, "$PSScriptRoot/helpers/Emulator.ps1" -ScriptBlock {
                param($emulator, $late, $helper)
                . $helper
                foreach ($name in $late) {
                    foreach ($p in @(@{ StatementId = 'late-public'; Action = 'lambda:InvokeFunction'; Principal = '*' }, @{ StatementId = 'late-events'; Action = 'lambda:InvokeFunction'; Principal = 'events.amazonaws.com'; SourceArn = 'arn:aws:events:us-east-1:111111111111:rule/r'; SourceAccount = '111111111111' })) {
                        $r = Invoke-TestEmulatorRaw -Emulator $emulator -Service lambda -Method POST -Path "/2015-03-31/functions/$name/policy" -Body ($p | ConvertTo-Json -Compress)
                        if ($r.StatusCode -ne 201) { throw "AddPermission on $name failed: $($r.Content)" }
                    }
                }
            }
            $script:removed = @($exposures | Remove-LambdaPublicPermission @aws -BackupPath $backup -PassThru -Confirm:$false -ErrorVariable removeErrors -ErrorAction SilentlyContinue)
            $script:removeErrors = $removeErrors
            $null = $job | Wait-Job | Receive-Job
            $job | Remove-Job
            $script:stats = Invoke-TestEmulatorAdmin -Emulator $emulator -Path '/_emulator/stats'
            Reset-EmulatorFaults
            $script:after = Get-StatementSet
            $script:lateLines = @($after | Where-Object { $_ -match '^[^|]*\|\|late-' })
        }

        It 'Should have met faults and throttling on the way (the test is not vacuous)' {
            ($stats | ConvertTo-Json -Depth 10) | Should -Match '"faults"\s*:\s*[1-9]'
            ($stats | ConvertTo-Json -Depth 10) | Should -Match '"throttled"\s*:\s*[1-9]'
        }

        It 'Should finish without an error' {
            $removeErrors | Should -BeNullOrEmpty
        }

        It 'Should remove every public statement that was confirmed' {
            $expected = @($original | Where-Object { $_.Split('|')[3] -eq 'Public' })
            $expected.Count | Should -Be 114
            @($removed).Count | Should -Be $expected.Count
            @($after | Where-Object { $_.Split('|')[3] -eq 'Public' -and $_ -notmatch '\|late-public\|' }) | Should -BeNullOrEmpty
        }

        It 'Should leave every statement of another level intact' {
            $kept = @($original | Where-Object { $_.Split('|')[3] -ne 'Public' })
            @($after | Where-Object { $_ -notmatch '\|late-' }) | Should -Be $kept
        }

        It 'Should never remove a statement added concurrently, even a public one' {
            $lateLines.Count | Should -Be ($late.Count * 2)
            @($removed | Where-Object StatementId -like 'late-*') | Should -BeNullOrEmpty
        }

        It 'Should have created the backup readable by its owner only (0600)' -Skip:$IsWindows {
            (Get-Item $backup).UnixFileMode | Should -Be ([IO.UnixFileMode]'UserRead, UserWrite')
        }

        It 'Should have created the backup with an ACL for its owner only (Windows)' -Skip:(-not $IsWindows) {
            Assert-OwnerOnlyAcl $backup
        }

        It 'Should have backed up every removed statement, with account, region, RevisionId and time' {
            $entries = @(Get-Content $backup | ForEach-Object { $_ | ConvertFrom-Json })
            $entries.Count | Should -Be $removed.Count
            foreach ($r in $removed) {
                $entry = @($entries | Where-Object { $_.FunctionName -eq $r.FunctionName -and $_.StatementId -eq $r.StatementId })
                $entry | Should -HaveCount 1
                $entry[0].Statement | Should -BeExactly $r.Statement
                $entry[0].Kind | Should -Be 'Permission'
                $entry[0].AccountId | Should -Be '111111111111'
                $entry[0].Region | Should -Be 'us-east-1'
                $entry[0].RevisionId | Should -Not -BeNullOrEmpty
                $r.BackupPath | Should -Be $backup
            }
        }

        It 'Should find nothing to remove when run again' {
            $again = @(Get-LambdaExposure @aws | Where-Object { $_.Statements.Sid -notcontains 'late-public' } | Remove-LambdaPublicPermission @aws -BackupPath $backup -PassThru -Confirm:$false)
            $again | Should -BeNullOrEmpty
            Get-StatementSet | Should -Be $after
        }

        It 'Should put the policies back identical with Restore-LambdaPermission' {
            $restored = @(Restore-LambdaPermission -EndpointUrl $emulator.EndpointUrl -AccessKey 111111111111 -SecretKey x -BackupPath $backup -Confirm:$false -Force)
            @($restored | Where-Object Status -eq 'Restored').Count | Should -Be $removed.Count
            @(Get-StatementSet | Where-Object { $_ -notmatch '\|late-' }) | Should -Be $original
        }
    }

    Context 'When a function was deleted after it was read' {
        It 'Should report it as LambdaSec.ResourceNotFound and still remediate the others' {
            $exposures = @(Get-LambdaExposure @aws -FunctionName fn-003, fn-006)
            $gone = Invoke-TestEmulatorRaw -Emulator $emulator -Service lambda -Method DELETE -Path '/2015-03-31/functions/fn-003'
            $gone.StatusCode | Should -Be 204
            $removed = @($exposures | Remove-LambdaPublicPermission @aws -BackupPath (Join-Path $backupDir 'deleted.jsonl') -PassThru -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue)
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.ResourceNotFound,LambdaSec.Cmdlets.RemoveLambdaPublicPermissionCommand'
            $errors[0].TargetObject | Should -Be 'fn-003'
            @($removed.FunctionName | Select-Object -Unique) | Should -Be @('fn-006')
        }
    }

    Context 'When RemovePermission is denied on one function' {
        AfterAll { Reset-EmulatorFaults }

        It 'Should report LambdaSec.AccessDenied for it, leave its policy as it was and remediate the others' {
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/faults' -Body @{ service = 'lambda'; operation = 'RemovePermission'; kind = 'denied'; match = '/functions/fn-009/' }
            $exposures = @(Get-LambdaExposure @aws -FunctionName fn-009, fn-012)
            $removed = @($exposures | Remove-LambdaPublicPermission @aws -BackupPath (Join-Path $backupDir 'denied.jsonl') -PassThru -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue)
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.AccessDenied,LambdaSec.Cmdlets.RemoveLambdaPublicPermissionCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'PermissionDenied'
            @($removed.FunctionName | Select-Object -Unique) | Should -Be @('fn-012')
            (Get-LambdaExposure @aws -FunctionName fn-009).Statements.Sid | Should -Contain 'anyone'
        }
    }

    Context 'When functions are named instead of piped' {
        It 'Should read the policy, remove only the named statement and only if it is in scope' {
            $backup = Join-Path $backupDir 'named.jsonl'
            $none = @(Remove-LambdaPublicPermission @aws -FunctionName fn-020 -StatementId partner -BackupPath $backup -PassThru -Confirm:$false)
            $none | Should -BeNullOrEmpty
            $cross = @(Remove-LambdaPublicPermission @aws -FunctionName fn-020 -StatementId partner -Exposure CrossAccount -BackupPath $backup -PassThru -Confirm:$false)
            $cross.StatementId | Should -Be @('partner')
            $cross[0].Exposure | Should -Be 'CrossAccount'
            (Get-LambdaExposure @aws -FunctionName fn-020).Statements.Sid | Should -Not -Contain 'partner'
            (Get-LambdaExposure @aws -FunctionName fn-020).Statements.Sid | Should -Contain 'sns'
        }

        It 'Should refuse to widen the scope beyond Public, ServiceUnrestricted and CrossAccount' {
            { Remove-LambdaPublicPermission @aws -FunctionName fn-021 -Exposure Account -WhatIf } | Should -Throw -ErrorId 'ParameterArgumentValidationError,LambdaSec.Cmdlets.RemoveLambdaPublicPermissionCommand'
        }
    }

    Context 'When some accounts are trusted' {
        # fn-040 and fn-080 grant the partner account 222222222222 (CrossAccount unless trusted).
        It 'Should keep a grant to a trusted account with -Exposure CrossAccount, as Get-LambdaExposure judges it (<How>)' -ForEach @(
            @{ How = 'named'; Function = 'fn-040'; Trusted = '222222222222'; Kept = $true; Piped = $false }
            @{ How = 'piped, judged without the list'; Function = 'fn-080'; Trusted = '222222222222'; Kept = $true; Piped = $true }
            @{ How = 'another account trusted'; Function = 'fn-040'; Trusted = '444455556666'; Kept = $false; Piped = $false }
        ) {
            (Get-LambdaExposure @aws -FunctionName $Function -TrustedAccountId $Trusted).Statements | Where-Object Sid -eq 'partner' |
                ForEach-Object Exposure | Should -Be $(if ($Kept) { 'Organization' } else { 'CrossAccount' })
            $remove = @{ Exposure = 'CrossAccount'; TrustedAccountId = $Trusted; BackupPath = (Join-Path $backupDir 'trusted.jsonl'); PassThru = $true; Confirm = $false }
            $removed = if ($Piped) { @(Get-LambdaExposure @aws -FunctionName $Function | Remove-LambdaPublicPermission @aws @remove) }
            else { @(Remove-LambdaPublicPermission @aws -FunctionName $Function @remove) }
            $left = (Get-LambdaExposure @aws -FunctionName $Function).Statements.Sid
            if ($Kept) {
                $removed | Should -BeNullOrEmpty
                $left | Should -Contain 'partner'
            } else {
                $removed.StatementId | Should -Be @('partner')
                $left | Should -Not -Contain 'partner'
            }
        }
    }
}
