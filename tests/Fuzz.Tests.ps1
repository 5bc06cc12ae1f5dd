Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Generated malformed input thrown at the parsers (docs/hostile-input.md): policies (Test-LambdaPolicy,
# Test-LambdaRolePolicy), templates (Test-LambdaSecTemplate) and backups (the reader and the line checks
# Restore-LambdaPermission runs before it calls AWS). A fixed seed makes every run throw the same cases;
# each outcome must be a result or an error with a LambdaSec id, never a crash, a hang or a foreign exception.
BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest

    $script:random = [Random]::new(19)
    # Lone surrogate characters cannot be stored in UTF-8: they are written as U+FFFD (the JSON escapes stay).
    $script:utf8 = [Text.UTF8Encoding]::new($false, $false)
    # Pieces a hostile author would try: JSON structure, escapes IAM rejects, control and direction characters.
    $script:pieces = @('{', '}', '[', ']', '"', ':', ',', '\', '\ud800', '\udc00', '\u0000', '\u202e', "`u{1b}[31m", "`u{7}", "`u{202e}",
        '"Statement":[]', '"Effect":"Allow"', '"Principal":"*"', '"Action":"*"', '"Resource":"*"', '"Sid":"x"', '"Condition":{}',
        'null', 'true', '1e999', '-0', '"*"', '&a', '*a', '!Ref', '!GetAtt', '<<: *a', "`n", "`t", '  ', ('[' * 300), ('{"a":' * 100), [string][char]0xD800, [string][char]0xDFFF,
        # A wildcard run past the 2,048-character value cap: its statement is unreadable, never compared.
        ('*?' * 1100))

    function Get-Mutation([string] $Seed, [int] $Edits) {
        $text = [Text.StringBuilder]::new($Seed)
        for ($i = 0; $i -lt $Edits; $i++) {
            $at = $random.Next(0, $text.Length + 1)
            switch ($random.Next(0, 4)) {
                0 { $null = $text.Insert($at, $pieces[$random.Next(0, $pieces.Count)]) }
                1 { if ($at -lt $text.Length) { $null = $text.Remove($at, [Math]::Min($random.Next(1, 8), $text.Length - $at)) } }
                2 { if ($at -lt $text.Length) { $text[$at] = [char]$random.Next(0, 0x3000) } }
                3 {
                    # Repeat a slice of the text: duplicate keys, nested copies.
                    $start = $random.Next(0, [Math]::Max(1, $text.Length))
                    $null = $text.Insert($at, $text.ToString($start, [Math]::Min($random.Next(1, 60), $text.Length - $start)))
                }
            }
        }
        $text.ToString()
    }

    # Every error must carry a LambdaSec id: a raw .NET exception type as id would mean an unhandled case.
    # One assertion over all of them (a Should per error made the check cost more than the parsing).
    function Assert-LambdaSecErrors($Errors) {
        @($Errors | Where-Object { $_.FullyQualifiedErrorId -notmatch '^LambdaSec\.[A-Za-z]+,' } | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" }) | Should -BeNullOrEmpty
    }

    $script:policySeeds = @(
        '{"Version":"2012-10-17","Statement":[{"Sid":"a","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f","Condition":{"StringEquals":{"AWS:SourceAccount":"111111111111"},"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::b"}}}]}'
        '{"Version":"2012-10-17","Statement":{"Effect":"Allow","Principal":{"AWS":["arn:aws:iam::222222222222:root","333333333333"],"Service":"s3.amazonaws.com"},"Action":["lambda:*","iam:PassRole"],"Resource":"*"}}'
        '{"Statement":[{"Effect":"Deny","NotPrincipal":{"AWS":"*"},"NotAction":"lambda:Get*","NotResource":"*","Condition":{"ForAnyValue:StringLike":{"aws:PrincipalOrgPaths":["o-abc123/*"]}}}]}'
    )
}

Describe 'Parsers under generated malformed input' {
    # Bounded memory: what each case set allocates in all (GC.GetTotalAllocatedBytes, process-wide) stays under 1 GiB.
    # One alias bomb of 600 bytes allocated past 3 GB before the limits; today's sets allocate far less (docs/hostile-input.md).
    BeforeEach { $script:allocatedBefore = [GC]::GetTotalAllocatedBytes($false) }
    AfterEach {
        $allocatedMB = ([GC]::GetTotalAllocatedBytes($false) - $allocatedBefore) / 1MB
        $allocatedMB | Should -BeLessThan 1024 -Because 'no generated input may grow memory without bound'
    }

    Context 'When thousands of mutated policies are checked' {
        BeforeAll {
            $script:policies = foreach ($i in 1..2000) { Get-Mutation $policySeeds[$i % $policySeeds.Count] ($random.Next(1, 12)) }
        }

        It 'Should give Test-LambdaPolicy one result per policy and only LambdaSec errors' {
            $results = @($policies | Test-LambdaPolicy -OwnerAccountId 111111111111 -ErrorVariable errs -ErrorAction SilentlyContinue)
            $results.Count | Should -Be $policies.Count
            @($results | Where-Object { $_ -isnot [LambdaSec.Model.PolicyExposureResult] }) | Should -BeNullOrEmpty
            Assert-LambdaSecErrors $errs
            # A policy that could not be read is never judged safe.
            @($results | Where-Object { $_.ParseError -and $_.Exposure -ne 'Unknown' }) | Should -BeNullOrEmpty
        }

        It 'Should analyse 400 of them with Test-LambdaRolePolicy with only LambdaSec errors' {
            foreach ($chunk in 0..1) {
                $slice = @($policies[($chunk * 200)..($chunk * 200 + 199)])
                $report = Test-LambdaRolePolicy -Policy $slice -TrustPolicy $slice[0] -PermissionsBoundary $slice[1] -ErrorVariable errs -ErrorAction SilentlyContinue
                @($report) | Should -HaveCount 1
                Assert-LambdaSecErrors $errs
            }
        }
    }

    Context 'When a folder of mutated templates is checked' {
        BeforeAll {
            $seeds = @(Get-ChildItem (Join-Path $PSScriptRoot 'data/templates') -Recurse -File -Include *.yaml, *.yml, *.json | Where-Object Length -lt 20kb | ForEach-Object { Get-Content $_.FullName -Raw })
            $script:templateDir = Join-Path $TestDrive 'templates'
            $null = New-Item -ItemType Directory -Path $templateDir
            foreach ($i in 1..150) {
                $ext = if ($seeds[$i % $seeds.Count].TrimStart().StartsWith('{')) { 'json' } else { 'yaml' }
                [IO.File]::WriteAllText((Join-Path $templateDir ('t{0:d4}.{1}' -f $i, $ext)), (Get-Mutation $seeds[$i % $seeds.Count] ($random.Next(1, 10))), $utf8)
            }
            # The two known memory and stack bombs among them, so the allocation bound above is tested against them too.
            $laughs = @('a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]') + @(foreach ($n in 1..8) { '{0}: &{0} [{1}]' -f [char](97 + $n), ((@("*$([char](96 + $n))") * 9) -join ',') })
            [IO.File]::WriteAllText((Join-Path $templateDir 'laughs.yaml'), ($laughs -join "`n"), $utf8)
            [IO.File]::WriteAllText((Join-Path $templateDir 'deep.yaml'), ('[' * 40000), $utf8)
        }

        It 'Should check every file and fail only with LambdaSec errors' {
            $findings = @(Test-LambdaSecTemplate -Path $templateDir -AsOf ([datetime]'2026-11-26') -ErrorVariable errs -ErrorAction SilentlyContinue -WarningAction SilentlyContinue)
            @($findings | Where-Object { $_ -isnot [LambdaSec.Model.LambdaSecFinding] }) | Should -BeNullOrEmpty
            Assert-LambdaSecErrors $errs
            @($errs).Count | Should -BeLessThan 152
            @($errs | Where-Object { $_.TargetObject -like '*laughs.yaml' -or $_.Exception.Message -like '*laughs.yaml*' }) | Should -Not -BeNullOrEmpty
            @($errs).Count | Should -BeGreaterThan 0
        }
    }

    Context 'When mutated backups are read' {
        BeforeAll {
            $statement = '{"Sid":"s1","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Resource":"arn:aws:lambda:us-east-1:111111111111:function:f"}'
            $line = @{ Kind = 'Permission'; Timestamp = '2026-01-01T00:00:00Z'; AccountId = '111111111111'; Region = 'us-east-1'; FunctionName = 'f'; StatementId = 's1'; Statement = $statement } | ConvertTo-Json -Compress
            $url = @{ Kind = 'FunctionUrl'; AccountId = '111111111111'; Region = 'us-east-1'; FunctionName = 'arn:aws:lambda:us-east-1:111111111111:function:f'; AuthType = 'NONE' } | ConvertTo-Json -Compress
            $script:backupDir = Join-Path $TestDrive 'backups'
            $null = New-Item -ItemType Directory -Path $backupDir
            $script:backups = foreach ($i in 1..400) {
                $path = Join-Path $backupDir ('b{0:d4}.jsonl' -f $i)
                $lines = foreach ($n in 1..($random.Next(1, 4))) { Get-Mutation @($line, $url)[$random.Next(0, 2)] ($random.Next(0, 6)) }
                [IO.File]::WriteAllText($path, ($lines -join "`n"), $utf8)
                $path
            }
        }

        It 'Should read each one into entries or refuse it as not a backup, and check every entry' {
            $refused = 0
            $foreign = [Collections.Generic.List[string]]::new()
            foreach ($path in $backups) {
                try { $entries = [LambdaSec.Remediation.BackupFile]::Read($path) }
                catch {
                    if ($_.Exception.InnerException -isnot [IO.InvalidDataException]) { $foreign.Add($_.Exception.Message) }
                    $refused++
                    continue
                }
                foreach ($entry in $entries) {
                    $null = [LambdaSec.Remediation.BackupEntryCheck]::Inconsistency($entry)
                    $null = [LambdaSec.Remediation.BackupEntryCheck]::OpensToAnyone($entry)
                    $reason = $null
                    if ($entry.Statement) { $null = [LambdaSec.Analysis.Exposure.AddPermissionParameters]::From($entry.Statement, [ref] $reason) }
                }
            }
            $foreign | Should -BeNullOrEmpty
            $refused | Should -BeLessThan $backups.Count
            $refused | Should -BeGreaterThan 0
        }
    }
}
