Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# Every parameter that names a file LambdaSec reads goes through one reader (LocalFile, docs/hostile-input.md): only
# regular files are opened, with a size cap. A FIFO would block the read forever and a link to /dev/zero never ends,
# so each such path must end in the parameter's documented error id, naming why, and never in a hang or a read that
# grows. Offline: the cmdlets that call AWS stop before their first call (a refused loopback port is given).
BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    . (Join-Path $PSScriptRoot 'helpers/Zip.ps1')
    Import-LambdaSecUnderTest

    $script:fifo = Join-Path $TestDrive 'pipe'
    $script:zero = Join-Path $TestDrive 'zero'
    if (-not $IsWindows) {
        & mkfifo $fifo
        $null = New-Item -ItemType SymbolicLink -Path $zero -Target '/dev/zero'
    }

    $script:zip = Join-Path $TestDrive 'app.zip'
    New-TestZip $zip @{ 'requirements.txt' = "requests==2.31.0`n" }
    $script:osvEmpty = Join-Path $TestDrive 'osv'
    $null = New-Item -ItemType Directory -Path $osvEmpty
    $script:template = Join-Path $TestDrive 'template.yaml'
    Set-Content -Path $template -Value "Resources: {}"
    $script:offlineAws = @{ EndpointUrl = 'http://127.0.0.1:9'; AccessKey = '111111111111'; SecretKey = 'x'; Region = 'us-east-1' }

    # Runs a cmdlet on one hostile path; returns the distinct error ids written or thrown for that path (a terminating
    # error is both thrown and kept in -ErrorVariable, so each is counted once) and the errors themselves.
    function Invoke-OnPath([scriptblock] $Call, [string] $Path) {
        $script:caught = [System.Collections.Generic.List[object]]::new()
        try { $null = & $Call $Path } catch { $script:caught.Add($_) }
        # -ErrorVariable keeps a terminating error as the exception that carries its record.
        $records = @($script:caught | ForEach-Object { if ($_ -is [Management.Automation.ErrorRecord]) { $_ } else { $_.ErrorRecord } })
        $forPath = @($records | Where-Object { "$($_.TargetObject)" -eq $Path })
        [pscustomobject]@{
            Ids      = @($forPath | ForEach-Object { $_.FullyQualifiedErrorId.Split(',')[0] } | Sort-Object -Unique)
            Messages = @($forPath | ForEach-Object { $_.Exception.Message } | Sort-Object -Unique)
            Others   = @($records | Where-Object { "$($_.TargetObject)" -ne $Path } | ForEach-Object { "$($_.FullyQualifiedErrorId): $($_.Exception.Message)" })
        }
    }
}

AfterAll {
    if (-not $IsWindows) { Remove-Item -LiteralPath $fifo, $zero -Force }
}

Describe 'Local files named by a parameter' {
    Context 'When the file is a FIFO or a link to /dev/zero' {
        It 'Should end <Name> with <Id> naming <Kind>, without reading it' -Skip:$IsWindows -ForEach @(
            foreach ($target in @(@{ Kind = 'a FIFO'; Var = 'fifo'; Message = '*FIFO*' }, @{ Kind = 'a character device'; Var = 'zero'; Message = '*character device*' })) {
                @(
                    @{ Name = 'Find-LambdaVulnerability -Path'; Id = 'LambdaSec.SecretScanPathNotFound'; Call = { param($p) Find-LambdaVulnerability -Path $p -OsvDataPath $osvEmpty -ErrorAction SilentlyContinue -ErrorVariable +script:caught } }
                    @{ Name = 'Find-LambdaVulnerability -OsvDataPath'; Id = 'LambdaSec.OsvDataUnreadable'; Call = { param($p) Find-LambdaVulnerability -Path $zip -OsvDataPath $p -ErrorAction SilentlyContinue -ErrorVariable +script:caught } }
                    @{ Name = 'Find-LambdaSecret -Path'; Id = 'LambdaSec.SecretScanPathNotFound'; Call = { param($p) Find-LambdaSecret -Path $p -ErrorAction SilentlyContinue -ErrorVariable +script:caught } }
                    @{ Name = 'Test-LambdaSecTemplate -Path'; Id = 'LambdaSec.TemplateParseError'; Call = { param($p) Test-LambdaSecTemplate -Path $p -ErrorAction SilentlyContinue -ErrorVariable +script:caught } }
                    @{ Name = 'Test-LambdaSecTemplate -SuppressionPath'; Id = 'LambdaSec.SuppressionFileNotFound'; Call = { param($p) Test-LambdaSecTemplate -Path $template -SuppressionPath $p -ErrorAction SilentlyContinue -ErrorVariable +script:caught } }
                    @{ Name = 'Test-LambdaRuntime -CatalogPath'; Id = 'LambdaSec.RuntimeCatalogInvalid'; Call = { param($p) Test-LambdaRuntime -Runtime python3.12 -CatalogPath $p -ErrorAction SilentlyContinue -ErrorVariable +script:caught } }
                    @{ Name = 'Measure-LambdaDenialOfWallet -PriceFile'; Id = 'LambdaSec.PriceFileInvalid'; Call = { param($p) Measure-LambdaDenialOfWallet -Offline -FunctionName api -MemorySize 128 -Timeout 3 -PriceFile $p -ErrorAction SilentlyContinue -ErrorVariable +script:caught } }
                    @{ Name = 'Update-LambdaRuntimeCatalog -Path'; Id = 'LambdaSec.RuntimePageNotFound'; Call = { param($p) Update-LambdaRuntimeCatalog -Path $p -WhatIf -ErrorAction SilentlyContinue -ErrorVariable +script:caught } }
                    @{ Name = 'Export-LambdaSecReport -InputPath'; Id = 'LambdaSec.InvalidFinding'; Call = { param($p) Export-LambdaSecReport -InputPath $p -Path (Join-Path $TestDrive "report-$([guid]::NewGuid()).json") -Format Json -ErrorAction SilentlyContinue -ErrorVariable +script:caught } }
                    @{ Name = 'Compare-LambdaSecAudit -Reference'; Id = 'LambdaSec.FindingReportInvalid'; Call = { param($p) Compare-LambdaSecAudit -Reference $p -Difference $p -ErrorAction SilentlyContinue -ErrorVariable +script:caught } }
                    @{ Name = 'Invoke-LambdaSecAudit -SuppressionPath'; Id = 'LambdaSec.SuppressionFileNotFound'; Call = { param($p) Invoke-LambdaSecAudit @offlineAws -SuppressionPath $p -ErrorAction SilentlyContinue -ErrorVariable +script:caught } }
                    @{ Name = 'Invoke-LambdaSecAudit -BaselinePath'; Id = 'LambdaSec.FindingReportInvalid'; Call = { param($p) Invoke-LambdaSecAudit @offlineAws -BaselinePath $p -ErrorAction SilentlyContinue -ErrorVariable +script:caught } }
                    @{ Name = 'Invoke-LambdaSecAudit -CheckpointPath'; Id = 'LambdaSec.CheckpointInvalid'; Call = { param($p) Invoke-LambdaSecAudit @offlineAws -CheckpointPath $p -ErrorAction SilentlyContinue -ErrorVariable +script:caught } }
                    @{ Name = 'Restore-LambdaPermission -BackupPath'; Id = 'LambdaSec.BackupInvalid'; Call = { param($p) Restore-LambdaPermission -EndpointUrl 'http://127.0.0.1:9' -AccessKey 111111111111 -SecretKey x -BackupPath $p -Force -ErrorAction SilentlyContinue -ErrorVariable +script:caught } }
                ) | ForEach-Object { $_ + $target }
            }
        ) {
            $path = Get-Variable -Name $Var -Scope Script -ValueOnly
            $result = Invoke-OnPath $Call $path
            $result.Others | Should -BeNullOrEmpty
            $result.Ids | Should -Be @($Id)
            $result.Messages | Should -HaveCount 1
            $result.Messages[0] | Should -BeLike $Message
        }
    }

    Context 'When several paths are given and some are not regular files' {
        It 'Should report each hostile path once and still read the regular one (Find-LambdaVulnerability -Path)' -Skip:$IsWindows {
            $sbom = Join-Path $TestDrive 'mixed.cdx.json'
            $null = Find-LambdaVulnerability -Path $fifo, $zip, $zero -OsvDataPath $osvEmpty -SbomPath $sbom -ErrorAction SilentlyContinue -ErrorVariable err
            @($err | ForEach-Object { "$($_.TargetObject)" }) | Sort-Object | Should -Be (@($fifo, $zero) | Sort-Object)
            @($err | ForEach-Object { $_.FullyQualifiedErrorId } | Sort-Object -Unique) | Should -Be @('LambdaSec.SecretScanPathNotFound,LambdaSec.Cmdlets.FindLambdaVulnerabilityCommand')
            (Get-Content -Raw $sbom) | Should -BeLike '*pkg:pypi/requests@2.31.0*'
        }
    }

    # The checks above are made on the path before it is opened. A file replaced by a FIFO after that check (by someone
    # who can write to its folder) is met by LocalFile.OpenRegular, the open that follows every check: on Linux and macOS it
    # opens without waiting (O_NONBLOCK) and asks the opened descriptor what it is (fstat). It is called here on the
    # hostile files directly, as the race would leave them. The open runs in a thread job so that a regression (an open
    # that waits for a writer) fails the test instead of hanging it; the wait is a guard, not a timing assertion.
    Context 'When a file is replaced by a FIFO or a device link after it was checked' {
        BeforeAll {
            $script:text = Join-Path $TestDrive 'plain.txt'
            Set-Content -Path $text -Value 'plain text' -NoNewline
            function Invoke-OpenRegular([string] $Path) {
                $job = Start-ThreadJob -ArgumentList $Path, ([LambdaSec.Collect.LocalFile]) -ScriptBlock {
                    param($path, $localFile)
                    try {
                        $stream = $localFile::OpenRegular($path)
                        try { 'read: ' + [IO.StreamReader]::new($stream).ReadToEnd() } finally { $stream.Dispose() }
                    }
                    catch { $_.Exception.GetBaseException().Message }
                }
                if (-not (Wait-Job $job -Timeout 60)) {
                    # Still waiting for a writer: opening the FIFO's other end releases the blocked open.
                    if ($Path -eq $fifo) { [IO.File]::OpenWrite($fifo).Dispose() }
                    $null = Wait-Job $job
                    Remove-Job $job -Force
                    return 'blocked'
                }
                $result = Receive-Job $job
                Remove-Job $job
                $result
            }
        }

        It 'Should refuse a FIFO at once, without waiting for a writer' -Skip:$IsWindows {
            Invoke-OpenRegular $fifo | Should -BeLike "'$fifo' was not read: it is a FIFO*"
        }

        It 'Should refuse a link to /dev/zero' -Skip:$IsWindows {
            Invoke-OpenRegular $zero | Should -BeLike "'$zero' was not read: it is a character device*"
        }

        It 'Should read a regular file through the descriptor it checked' {
            Invoke-OpenRegular $text | Should -Be 'read: plain text'
        }
    }
}
