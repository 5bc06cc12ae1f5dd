# Dot-sourced by the tests that build deployment packages and layers.
#   New-TestZip -Path <zip> -Files @{ 'path/in/zip' = <text or byte[]> }

function New-TestZip([string] $Path, [hashtable] $Files) {
    Add-Type -AssemblyName System.IO.Compression
    $stream = [IO.File]::Create($Path)
    $zip = [IO.Compression.ZipArchive]::new($stream, [IO.Compression.ZipArchiveMode]::Create)
    foreach ($name in $Files.Keys) {
        $writer = $zip.CreateEntry($name).Open()
        $bytes = if ($Files[$name] -is [byte[]]) { $Files[$name] } else { [Text.Encoding]::UTF8.GetBytes($Files[$name]) }
        $writer.Write($bytes, 0, $bytes.Length); $writer.Dispose()
    }
    $zip.Dispose(); $stream.Dispose()
}
