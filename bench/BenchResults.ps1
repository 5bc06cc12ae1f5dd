# Shared by the bench scripts: appends one result row under a section of bench/results.md, creating it when missing.
function Add-BenchResult {
    param([string] $ResultsPath, [string] $Section, [string[]] $Header, [string] $Row)
    $lines = [System.Collections.Generic.List[string]]::new()
    if (Test-Path $ResultsPath) { $lines.AddRange([string[]] @(Get-Content $ResultsPath)) } else { $lines.Add('# Benchmark results') }
    $start = $lines.FindIndex({ param($l) $l.StartsWith($Section) })
    if ($start -lt 0) {
        $lines.Add('')
        $lines.AddRange([string[]] $Header)
        $lines.Add($Row)
    }
    else {
        $end = $start + 1
        while ($end -lt $lines.Count -and -not $lines[$end].StartsWith('## ')) { $end++ }
        while ($end -gt $start -and [string]::IsNullOrWhiteSpace($lines[$end - 1])) { $end-- }
        $lines.Insert($end, $Row)
    }
    Set-Content -Path $ResultsPath -Value $lines
}
