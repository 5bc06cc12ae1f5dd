Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
    Import-LambdaSecUnderTest
    $script:emulator = Start-TestEmulator -Scenario (Join-Path $PSScriptRoot 'data/exposure-estate.json')
    $script:aws = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = '111111111111'; SecretKey = 'x' }
    $script:dir = Join-Path ([IO.Path]::GetTempPath()) "lambdasec-restore-$PID"
    $null = New-Item -ItemType Directory -Path $dir -Force
    function New-Backup([string] $Name, [object[]] $Statements) {
        $path = Join-Path $dir "$Name.jsonl"
        $Statements | ForEach-Object {
            @{ Kind = 'Permission'; Timestamp = '2026-01-01T00:00:00Z'; AccountId = '111111111111'; Region = 'us-east-1'; FunctionName = 'x-none'; StatementId = $_.Sid; Statement = ($_ | ConvertTo-Json -Compress -Depth 5) } | ConvertTo-Json -Compress -Depth 5
        } | Set-Content $path
        $path
    }
    $script:arn = 'arn:aws:lambda:us-east-1:111111111111:function:x-none'
}

AfterAll {
    Stop-TestEmulator $emulator
    Remove-Item $dir -Recurse -Force -ErrorAction SilentlyContinue
}

Describe 'Restore-LambdaPermission' {
    Context 'When a backed-up statement maps to AddPermission parameters' {
        It 'Should re-create <Sid> with the same content, then skip it as AlreadyPresent' -ForEach @(
            @{ Sid = 'r-s3'; Statement = [ordered]@{ Sid = 'r-s3'; Effect = 'Allow'; Principal = @{ Service = 's3.amazonaws.com' }; Action = 'lambda:InvokeFunction'; Resource = 'arn:aws:lambda:us-east-1:111111111111:function:x-none'; Condition = [ordered]@{ StringEquals = @{ 'AWS:SourceAccount' = '111111111111' }; ArnLike = @{ 'AWS:SourceArn' = 'arn:aws:s3:::b' } } } }
            @{ Sid = 'r-account'; Statement = [ordered]@{ Sid = 'r-account'; Effect = 'Allow'; Principal = @{ AWS = 'arn:aws:iam::222222222222:root' }; Action = 'lambda:InvokeFunction'; Resource = 'arn:aws:lambda:us-east-1:111111111111:function:x-none' } }
            @{ Sid = 'r-url'; Statement = [ordered]@{ Sid = 'r-url'; Effect = 'Allow'; Principal = '*'; Action = 'lambda:InvokeFunctionUrl'; Resource = 'arn:aws:lambda:us-east-1:111111111111:function:x-none'; Condition = @{ StringEquals = @{ 'lambda:FunctionUrlAuthType' = 'NONE' } } } }
            @{ Sid = 'r-org'; Statement = [ordered]@{ Sid = 'r-org'; Effect = 'Allow'; Principal = '*'; Action = 'lambda:InvokeFunction'; Resource = 'arn:aws:lambda:us-east-1:111111111111:function:x-none'; Condition = @{ StringEquals = @{ 'aws:PrincipalOrgID' = 'o-test1234567' } } } }
        ) {
            $backup = New-Backup $Sid @($Statement)
            $first = @(Restore-LambdaPermission @aws -BackupPath $backup -Confirm:$false -Force)
            $first.Status | Should -Be @('Restored')
            $live = (Get-LambdaExposure @aws -Region us-east-1 -FunctionName x-none).Statements | Where-Object Sid -eq $Sid
            $live.Json | ConvertFrom-Json | ConvertTo-Json -Depth 5 -Compress | Should -Be ($Statement | ConvertTo-Json -Depth 5 -Compress | ConvertFrom-Json | ConvertTo-Json -Depth 5 -Compress)
            (@(Restore-LambdaPermission @aws -BackupPath $backup -Confirm:$false -Force)).Status | Should -Be @('AlreadyPresent')
        }
    }

    Context 'When a statement cannot be written by AddPermission' {
        It 'Should report <Case> as LambdaSec.StatementNotRestorable and not guess' -ForEach @(
            @{ Case = 'a Federated principal'; Statement = @{ Sid = 'n-fed'; Effect = 'Allow'; Principal = @{ Federated = 'cognito-identity.amazonaws.com' }; Action = 'lambda:InvokeFunction' } }
            @{ Case = 'NotPrincipal'; Statement = @{ Sid = 'n-not'; Effect = 'Allow'; NotPrincipal = @{ AWS = 'arn:aws:iam::222222222222:root' }; Action = 'lambda:InvokeFunction' } }
            @{ Case = 'an aws:SourceIp condition'; Statement = @{ Sid = 'n-ip'; Effect = 'Allow'; Principal = '*'; Action = 'lambda:InvokeFunction'; Condition = @{ IpAddress = @{ 'aws:SourceIp' = '10.0.0.0/8' } } } }
            @{ Case = 'two actions'; Statement = @{ Sid = 'n-two'; Effect = 'Allow'; Principal = '*'; Action = @('lambda:InvokeFunction', 'lambda:GetFunction') } }
        ) {
            $backup = New-Backup 'bad' @($Statement)
            $out = @(Restore-LambdaPermission @aws -BackupPath $backup -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue)
            $out | Should -BeNullOrEmpty
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.StatementNotRestorable,LambdaSec.Cmdlets.RestoreLambdaPermissionCommand'
            (Get-LambdaExposure @aws -Region us-east-1 -FunctionName x-none).Statements.Sid | Should -Not -Contain $Statement.Sid
        }
    }

    Context 'When the Sid now holds a different statement' {
        It 'Should report LambdaSec.StatementConflict and leave the live statement' {
            $backup = New-Backup 'conflict' @([ordered]@{ Sid = 'r-account'; Effect = 'Allow'; Principal = @{ AWS = 'arn:aws:iam::333333333333:root' }; Action = 'lambda:InvokeFunction'; Resource = $arn })
            $null = Restore-LambdaPermission @aws -BackupPath $backup -Confirm:$false -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.StatementConflict,LambdaSec.Cmdlets.RestoreLambdaPermissionCommand'
            ((Get-LambdaExposure @aws -Region us-east-1 -FunctionName x-none).Statements | Where-Object Sid -eq 'r-account').Json | Should -Match '222222222222'
        }
    }

    Context 'When a backup line contradicts itself or reaches another account (docs/hostile-input.md)' {
        BeforeAll {
            # A function of another account, which a line of our account must never reach.
            $estate = @{ accounts = @(@{ id = '222222222222'; roles = @(@{ name = 'r' }); regions = @{ 'us-east-1' = @{ functions = @(@{ name = 'victim'; runtime = 'python3.12'; role = 'r' }) } } }) }
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method POST -Path '/_emulator/scenario' -Body $estate
            $script:victim = 'arn:aws:lambda:us-east-1:222222222222:function:victim'
            function New-Line([hashtable] $Line, [string] $Sid = 'evil', [string] $Resource = $victim) {
                $statement = [ordered]@{ Sid = $Sid; Effect = 'Allow'; Principal = '*'; Action = 'lambda:InvokeFunction'; Resource = $Resource } | ConvertTo-Json -Compress
                $entry = @{ Kind = 'Permission'; Timestamp = '2026-01-01T00:00:00Z'; Region = 'us-east-1'; StatementId = $Sid; Statement = $statement }
                foreach ($key in $Line.Keys) { if ($null -eq $Line[$key]) { $entry.Remove($key) } else { $entry[$key] = $Line[$key] } }
                $path = Join-Path $dir "line-$([guid]::NewGuid()).jsonl"
                $entry | ConvertTo-Json -Compress | Set-Content $path
                $path
            }
            function Get-VictimSid { @((Get-LambdaExposure -EndpointUrl $emulator.EndpointUrl -AccessKey 222222222222 -SecretKey x -Region us-east-1 -FunctionName victim).Statements | ForEach-Object Sid) }
        }

        It 'Should refuse <Case> with <ErrorId> and change no function' -ForEach @(
            @{ Case = 'a FunctionName ARN of another account on a line of ours'; Line = @{ AccountId = '111111111111'; FunctionName = 'arn:aws:lambda:us-east-1:222222222222:function:victim' }; ErrorId = 'LambdaSec.InvalidBackupRecord' }
            @{ Case = 'a FunctionArn of another account'; Line = @{ AccountId = '111111111111'; FunctionName = 'victim'; FunctionArn = 'arn:aws:lambda:us-east-1:222222222222:function:victim' }; ErrorId = 'LambdaSec.InvalidBackupRecord' }
            @{ Case = 'a FunctionName ARN of another account on a line without account'; Line = @{ FunctionName = 'arn:aws:lambda:us-east-1:222222222222:function:victim' }; ErrorId = 'LambdaSec.AccountMismatch' }
            @{ Case = 'a FunctionName ARN of another region'; Line = @{ AccountId = '111111111111'; FunctionName = 'arn:aws:lambda:eu-west-1:111111111111:function:x-none' }; ErrorId = 'LambdaSec.InvalidBackupRecord' }
        ) {
            $backup = New-Line $Line
            $out = @(Restore-LambdaPermission @aws -BackupPath $backup -Confirm:$false -Force -ErrorVariable errors -ErrorAction SilentlyContinue)
            $out | Should -BeNullOrEmpty
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly "$ErrorId,LambdaSec.Cmdlets.RestoreLambdaPermissionCommand"
            Get-VictimSid | Should -Not -Contain 'evil'
        }

        It 'Should refuse a line whose StatementId is not the Sid the statement would create' {
            $backup = New-Line @{ AccountId = '111111111111'; FunctionName = 'x-none'; StatementId = 'harmless' } -Sid 'sneaky-public' -Resource $arn
            $null = Restore-LambdaPermission @aws -BackupPath $backup -Confirm:$false -Force -ErrorVariable errors -ErrorAction SilentlyContinue
            $errors | Should -HaveCount 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.InvalidBackupRecord,LambdaSec.Cmdlets.RestoreLambdaPermissionCommand'
            $errors[0].Exception.Message | Should -Match "StatementId 'harmless' differs from the statement's Sid 'sneaky-public'"
            (Get-LambdaExposure @aws -Region us-east-1 -FunctionName x-none).Statements.Sid | Should -Not -Contain 'sneaky-public'
        }

        It 'Should ask before restoring a Public grant: without -Force a non-interactive run restores nothing' {
            $backup = New-Line @{ AccountId = '111111111111'; FunctionName = 'x-none' } -Sid 'ask-public' -Resource $arn
            { Restore-LambdaPermission @aws -BackupPath $backup -Confirm:$false } | Should -Throw
            (Get-LambdaExposure @aws -Region us-east-1 -FunctionName x-none).Statements.Sid | Should -Not -Contain 'ask-public'
            (@(Restore-LambdaPermission @aws -BackupPath $backup -Confirm:$false -Force)).Status | Should -Be @('Restored')
        }
    }

    Context 'When the backup file is missing or not a backup' {
        It 'Should stop with LambdaSec.BackupInvalid' {
            { Restore-LambdaPermission @aws -BackupPath (Join-Path $dir 'nothing.jsonl') -Confirm:$false } | Should -Throw -ErrorId 'LambdaSec.BackupInvalid,LambdaSec.Cmdlets.RestoreLambdaPermissionCommand'
            Set-Content (Join-Path $dir 'junk.jsonl') 'not json'
            { Restore-LambdaPermission @aws -BackupPath (Join-Path $dir 'junk.jsonl') -Confirm:$false } | Should -Throw -ErrorId 'LambdaSec.BackupInvalid,LambdaSec.Cmdlets.RestoreLambdaPermissionCommand'
        }

        It 'Should stop with LambdaSec.BackupInvalid, not block or fill memory, on <Case>' -Skip:$IsWindows -ForEach @(
            @{ Case = 'a FIFO'; Make = { param($p) & mkfifo $p }; Message = '*FIFO*' }
            @{ Case = 'a link to /dev/zero'; Make = { param($p) $null = New-Item -ItemType SymbolicLink -Path $p -Target '/dev/zero' }; Message = '*character device*' }
        ) {
            $path = Join-Path $dir "hostile-$([guid]::NewGuid().ToString('N')).jsonl"
            & $Make $path
            try {
                $err = $null
                try { Restore-LambdaPermission @aws -BackupPath $path -Confirm:$false } catch { $err = $_ }
                $err.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.BackupInvalid,LambdaSec.Cmdlets.RestoreLambdaPermissionCommand'
                $err.Exception.Message | Should -BeLike $Message
            }
            finally { Remove-Item $path }
        }
    }
}
