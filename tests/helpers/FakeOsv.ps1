# Dot-sourced by the tests and benchmarks that ask OSV about packages.
#   Start-FakeOsv -Advisories <OSV records as hashtables>  -> @{ Url; Listener; Shell; Log }
#   Stop-FakeOsv <object>
#
# A fake OSV API on 127.0.0.1 that follows the documented request and response formats of POST /v1/querybatch
# (https://google.github.io/osv.dev/post-v1-querybatch/: results in query order, {} for a package without advisories,
# ids and modified only; one advisory per page, next_page_token / page_token as under "Pagination") and
# GET /v1/vulns/{id} (https://google.github.io/osv.dev/get-v1-vulns/), checked 2026-12-03. A package version is
# affected when an affected entry's versions list holds it. It logs every request (Method, Path, Body).
function Start-FakeOsv([object[]] $Advisories) {
    $probe = [Net.Sockets.TcpListener]::new([Net.IPAddress]::Loopback, 0); $probe.Start(); $port = $probe.LocalEndpoint.Port; $probe.Stop()
    $listener = [Net.HttpListener]::new(); $listener.Prefixes.Add("http://127.0.0.1:$port/"); $listener.Start()
    $log = [Collections.ArrayList]::Synchronized([Collections.ArrayList]::new())
    # The advisories of each "ecosystem/name@version", in the order given, and each record by id.
    $affecting = @{}; $records = @{}
    foreach ($advisory in $Advisories) {
        $records[$advisory.id] = $advisory | ConvertTo-Json -Depth 10
        foreach ($entry in $advisory.affected) {
            foreach ($version in @($entry['versions'] | Where-Object { $_ })) {
                $key = "$($entry.package.ecosystem)/$($entry.package.name)@$version"
                if (-not $affecting.ContainsKey($key)) { $affecting[$key] = [Collections.Generic.List[object]]::new() }
                $affecting[$key].Add(@{ id = $advisory.id; modified = $advisory.modified })
            }
        }
    }
    $shell = [powershell]::Create()
    $null = $shell.AddScript({
            param($listener, $log, $affecting, $records)
            while ($listener.IsListening) {
                try { $context = $listener.GetContext() } catch { break }
                $body = [IO.StreamReader]::new($context.Request.InputStream).ReadToEnd()
                $path = $context.Request.Url.AbsolutePath
                $null = $log.Add([pscustomobject]@{ Method = $context.Request.HttpMethod; Path = $path; Body = $body })
                $status = 200
                if ($context.Request.HttpMethod -eq 'POST' -and $path -eq '/v1/querybatch') {
                    $results = foreach ($query in ($body | ConvertFrom-Json).queries) {
                        $ids = $affecting["$($query.package.ecosystem)/$($query.package.name)@$($query.version)"]
                        $start = if ($query.PSObject.Properties['page_token']) { [int] $query.page_token } else { 0 }
                        if ($ids -and $ids.Count -gt $start) {
                            $result = @{ vulns = @($ids[$start]) }
                            if ($ids.Count -gt $start + 1) { $result.next_page_token = "$($start + 1)" }
                            $result
                        } else { @{} }
                    }
                    $answer = @{ results = @($results) } | ConvertTo-Json -Depth 10
                } elseif ($context.Request.HttpMethod -eq 'GET' -and $path -match '^/v1/vulns/(.+)$' -and $records.ContainsKey($Matches[1])) {
                    $answer = $records[$Matches[1]]
                } else {
                    $status = 404; $answer = '{"code":5,"message":"Not Found"}'
                }
                $bytes = [Text.Encoding]::UTF8.GetBytes($answer)
                $context.Response.StatusCode = $status; $context.Response.ContentType = 'application/json'
                $context.Response.OutputStream.Write($bytes, 0, $bytes.Length); $context.Response.Close()
            }
        }).AddArgument($listener).AddArgument($log).AddArgument($affecting).AddArgument($records)
    $null = $shell.BeginInvoke()
    [pscustomobject]@{ Url = "http://127.0.0.1:$port"; Listener = $listener; Shell = $shell; Log = $log }
}

function Stop-FakeOsv($Osv) {
    if ($null -eq $Osv) { return }
    $Osv.Listener.Stop(); $Osv.Listener.Close(); $Osv.Shell.Dispose()
}
