Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeDiscovery {
    $root = Split-Path $PSScriptRoot -Parent
    # Every Markdown file a clone holds, except build output (out/, bin/, obj/, tool folders) and test data
    # (tests/data holds snapshots of other sites' pages, whose relative links point into those sites).
    $markdownCases = @(Get-ChildItem $root -Recurse -File -Filter '*.md' |
        Where-Object { $_.FullName.Substring($root.Length) -notmatch '[\\/](out|bin|obj|node_modules|\.git)[\\/]|^[\\/]tests[\\/]data[\\/]' } |
        ForEach-Object { @{ File = $_.FullName.Substring($root.Length + 1); Path = $_.FullName } })
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest
    $script:root = Split-Path $PSScriptRoot -Parent
}

Describe 'Repository documentation' {
    Context 'When a new contributor opens the clone' {
        It 'Should hold <_>' -ForEach @('LICENSE', 'CHANGELOG.md', 'CONTRIBUTING.md', 'docs/architecture.md', 'docs/design.md', 'docs/decisions.md') {
            Join-Path $root $_ | Should -Exist
        }

        It 'Should carry the Apache License 2.0 that the manifest names' {
            $license = Get-Content (Join-Path $root 'LICENSE') -Raw
            $license | Should -Match 'Apache License\s+Version 2\.0, January 2004'
            $license | Should -Match 'END OF TERMS AND CONDITIONS'
            (Import-PowerShellDataFile (Join-Path $root 'LambdaSec.psd1')).PrivateData.PSData.LicenseUri | Should -BeExactly 'https://www.apache.org/licenses/LICENSE-2.0'
        }
    }

    Context 'When <File> links to another file' -ForEach $markdownCases {
        It 'Should link only to files inside the repository that exist' {
            $text = Get-Content $Path -Raw
            # Inline links and images, minus web addresses, mail addresses and in-page anchors.
            $targets = @([regex]::Matches($text, '\]\(([^)\s]+)\)') | ForEach-Object { $_.Groups[1].Value } |
                Where-Object { $_ -notmatch '^(https?:|mailto:|#)' } | ForEach-Object { ($_ -split '#')[0] })
            $broken = @(foreach ($target in $targets) {
                $resolved = [System.IO.Path]::GetFullPath((Join-Path (Split-Path $Path -Parent) $target))
                if (-not $resolved.StartsWith($root, [StringComparison]::Ordinal) -or -not (Test-Path $resolved)) { $target }
            })
            $broken | Should -BeNullOrEmpty -Because "every link of $File must resolve inside the clone"
        }
    }

    Context 'When docs/rules.md names the peers of an audit rule' {
        It 'Should name exactly the controls its findings carry in ControlIds' {
            $rows = @{}
            foreach ($line in Get-Content (Join-Path $root 'docs/rules.md')) {
                if ($line -match '^\| (LS-[A-Z]+-\d+) \|.*\| ([^|]*) \|$') {
                    # "SecurityHub Lambda.1; Prowler x" -> SecurityHub:Lambda.1, Prowler:x
                    # An id can have a row in two tables (LS-SEC-001: the template check and the audit rule); each row is kept.
                    $rows[$Matches[1]] = @($rows[$Matches[1]]) + , ((@($Matches[2] -split ';' | ForEach-Object { $_.Trim() } | Where-Object { $_ } | ForEach-Object { $_ -replace '^(\S+) ', '$1:' }) | Sort-Object) -join ', ')
                }
            }
            $different = @(foreach ($rule in [LambdaSec.Analysis.Audit.AuditRules]::All) {
                $documented = @($rows[$rule.Id] | Where-Object { $null -ne $_ })
                $carried = @($rule.ControlIds | Sort-Object) -join ', '
                if ($documented.Count -eq 0) { $documented = @('') }
                if ($documented -notcontains $carried) { "$($rule.Id): docs [$($documented -join '] or [')], findings [$carried]" }
            })
            [LambdaSec.Analysis.Audit.AuditRules]::All.Count | Should -BeGreaterThan 15
            $different | Should -BeNullOrEmpty
        }
    }
}
