Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeDiscovery {
    $formats = @('Html', 'Json', 'Csv', 'Sarif', 'JUnit', 'Asff') | ForEach-Object { @{ Format = $_ } }
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    . (Join-Path $PSScriptRoot 'helpers/Install-TestTools.ps1')
    Import-LambdaSecUnderTest

    $observed = [datetime]::new(2026, 11, 1, 8, 30, 0, [DateTimeKind]::Utc)
    $xssName = '<img src=x onerror="document.body.setAttribute(''data-pwned'',''1'')"><script>document.title=''pwned''</script>'
    # One finding per kind of content the formats must carry: cloud findings in two accounts and regions, a
    # runtime finding with a due date, an IaC finding without account or region, hostile text from AWS names.
    $script:findings = @(
        [LambdaSec.Model.LambdaSecFinding] @{
            RuleId = 'LS-EXP-001'; Title = 'Lambda function policy lets any AWS account invoke'; Severity = 'Critical'
            AccountId = '111111111111'; Region = 'us-east-1'; ResourceType = 'AWS::Lambda::Function'
            ResourceArn = 'arn:aws:lambda:us-east-1:111111111111:function:payments'; FunctionName = 'payments'
            Evidence = 'Statement "open" allows Principal * (level Public).'; Remediation = 'Remove-LambdaPublicPermission -FunctionName payments'
            ControlIds = @('SecurityHub:Lambda.1', 'Config:lambda-function-public-access-prohibited'); ObservedAt = $observed
        }
        [LambdaSec.Model.LambdaSecFinding] @{
            RuleId = 'LS-EXP-001'; Title = 'Lambda function policy lets any AWS account invoke'; Severity = 'Critical'
            AccountId = '222222222222'; Region = 'eu-west-1'; ResourceType = 'AWS::Lambda::Function'
            ResourceArn = 'arn:aws:lambda:eu-west-1:222222222222:function:zeta-public'; FunctionName = 'zeta-public'
            Evidence = 'Statement "any" allows Principal {"AWS":"*"}.'; Remediation = 'Remove-LambdaPublicPermission -FunctionName zeta-public'
            ControlIds = @('SecurityHub:Lambda.1'); ObservedAt = $observed
        }
        [LambdaSec.Model.LambdaSecFinding] @{
            RuleId = 'LS-RT-001'; Title = 'Lambda function uses an end-of-life runtime'; Severity = 'High'
            AccountId = '111111111111'; Region = 'us-east-1'; ResourceType = 'AWS::Lambda::Function'
            ResourceArn = 'arn:aws:lambda:us-east-1:111111111111:function:legacy'; FunctionName = 'legacy'
            Evidence = 'Runtime python3.8 was deprecated on 2024-10-14.'; Remediation = 'Update the function to python3.13.'
            ControlIds = @('SecurityHub:Lambda.2'); ObservedAt = $observed; Runtime = 'python3.8'
            DueDate = [datetime]::new(2024, 10, 14, 0, 0, 0, [DateTimeKind]::Utc)
        }
        [LambdaSec.Model.LambdaSecFinding] @{
            RuleId = 'LS-WAF-001'; Title = 'API Gateway stage that invokes a function has no WAF'; Severity = 'Medium'
            AccountId = '222222222222'; Region = 'eu-west-1'; ResourceType = 'AWS::ApiGateway::Stage'
            ResourceArn = 'arn:aws:apigateway:eu-west-1::/restapis/a1b2c3/stages/prod'; FunctionName = $xssName
            Evidence = '=HYPERLINK("http://evil.example","click")'; Remediation = '@SUM(1+1)'
            ControlIds = @('+cmd|calc', '-2'); ObservedAt = $observed
        }
        [LambdaSec.Model.LambdaSecFinding] @{
            RuleId = 'LS-IAC-001'; Title = 'Template grants lambda:InvokeFunction to Principal *'; Severity = 'Low'
            ResourceType = 'AWS::Lambda::Permission'; SourceFile = 'templates/app.yaml'; SourceLine = 42; LogicalId = 'OpenPermission'
            Evidence = "Principal: '*' without SourceAccount."; Remediation = 'Add SourceAccount: !Ref AWS::AccountId.'; ObservedAt = $observed
        }
    )

    # Every property as invariant text, dates in UTC, so findings compare whatever way they were read back.
    function ConvertTo-Comparable {
        param([Parameter(Mandatory)] $Finding)
        foreach ($name in [LambdaSec.Model.LambdaSecFinding].GetProperties().Name) {
            $value = $Finding.$name
            $text = if ($null -eq $value) { '' }
            elseif ($value -is [datetime]) { $(if ($value.Kind -eq 'Unspecified') { [datetime]::SpecifyKind($value, 'Utc') } else { $value.ToUniversalTime() }).ToString('o') }
            elseif ($value -is [array]) { $value -join ';' }
            else { [string] $value }
            "${name}=$text"
        }
    }

    # A copy of a finding with some properties changed (its fingerprint computed again).
    function Copy-Finding($Finding, [hashtable] $Change) {
        $properties = @{}
        foreach ($p in [LambdaSec.Model.LambdaSecFinding].GetProperties()) { if ($p.Name -ne 'Fingerprint') { $properties[$p.Name] = $Finding.($p.Name) } }
        foreach ($key in $Change.Keys) { $properties[$key] = $Change[$key] }
        [LambdaSec.Model.LambdaSecFinding] $properties
    }

    function Export-Report {
        [CmdletBinding()]
        param([Parameter(Mandatory)] [string] $Format, [object[]] $InputObject = $findings, [string] $Name = "report.$Format")
        $path = Join-Path $TestDrive $Name
        $InputObject | Export-LambdaSecReport -Path $path -Format $Format -Force | Out-Null
        $path
    }
}

Describe 'Export-LambdaSecReport' {
    Context 'When it writes a report' {
        It 'Should output a LambdaSecReportFile naming the path, format and finding count' {
            $file = $findings | Export-LambdaSecReport -Path (Join-Path $TestDrive 'out.json') -Format Json
            $file | Should -BeOfType ([LambdaSec.Model.LambdaSecReportFile])
            $file.Path | Should -Be (Join-Path $TestDrive 'out.json')
            $file.Format | Should -Be 'Json'
            $file.FindingCount | Should -Be 5
            $file.Length | Should -Be (Get-Item $file.Path).Length
        }

        It 'Should resolve a relative path against the current location' {
            Push-Location $TestDrive
            try { $file = $findings | Export-LambdaSecReport 'relative.csv' Csv -Force } finally { Pop-Location }
            $file.Path | Should -Be (Join-Path $TestDrive 'relative.csv')
            $file.Path | Should -Exist
        }

        It 'Should output the findings instead with -PassThru' {
            $out = @($findings | Export-LambdaSecReport -Path (Join-Path $TestDrive 'pass.csv') -Format Csv -PassThru -Force)
            $out.Count | Should -Be 5
            $out[0] | Should -BeOfType ([LambdaSec.Model.LambdaSecFinding])
        }

        It 'Should fail with LambdaSec.ReportWriteFailed when the folder does not exist' {
            { $findings | Export-LambdaSecReport -Path (Join-Path $TestDrive 'missing/report.json') -Format Json } |
                Should -Throw -ErrorId 'LambdaSec.ReportWriteFailed,LambdaSec.Cmdlets.ExportLambdaSecReportCommand'
        }

        It 'Should leave no temporary file beside the report' {
            $null = Export-Report -Format Json -Name 'tidy.json'
            Get-ChildItem $TestDrive -Filter '*.tmp' -Recurse | Should -BeNullOrEmpty
        }
    }

    Context 'When the file exists' {
        It 'Should refuse to overwrite it without -Force and leave it unchanged' {
            $path = Join-Path $TestDrive 'exists.html'
            Set-Content -Path $path -Value 'keep me' -NoNewline
            { $findings | Export-LambdaSecReport -Path $path -Format Html } | Should -Throw -ErrorId 'LambdaSec.ReportExists,LambdaSec.Cmdlets.ExportLambdaSecReportCommand'
            Get-Content $path -Raw | Should -BeExactly 'keep me'
        }

        It 'Should replace it with -Force' {
            $path = Join-Path $TestDrive 'replace.json'
            Set-Content -Path $path -Value 'old'
            $null = $findings | Export-LambdaSecReport -Path $path -Format Json -Force
            (Get-Content $path -Raw | ConvertFrom-Json).summary.total | Should -Be 5
        }
    }

    Context 'When a pipeline object is not a finding' {
        It 'Should write LambdaSec.InvalidFinding for it and report the others' {
            $path = Join-Path $TestDrive 'mixed.json'
            $file = @($findings[0], 'not a finding', [pscustomobject] @{ RuleId = 'LS-X'; Severity = 'Severe' }) |
                Export-LambdaSecReport -Path $path -Format Json -ErrorAction SilentlyContinue -ErrorVariable bad
            $bad.Count | Should -Be 2
            $bad | ForEach-Object { $_.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.InvalidFinding,LambdaSec.Cmdlets.ExportLambdaSecReportCommand' }
            $file.FindingCount | Should -Be 1
        }
    }

    Context 'When there are no findings and the format is <Format>' -ForEach $formats {
        It 'Should still write a valid report' {
            $path = Export-Report -Format $Format -InputObject @() -Name "empty.$Format"
            $text = Get-Content $path -Raw
            switch ($Format) {
                'Html' { $text | Should -Match 'No findings: nothing to report' }
                'Json' { ($text | ConvertFrom-Json).summary.total | Should -Be 0 }
                'Csv' { @(Import-Csv $path).Count | Should -Be 0 }
                'Sarif' { Test-LambdaSecSarifSchema $path | Should -Be 'valid' }
                'JUnit' { ([xml] $text).testsuites.testsuite.testcase.name | Should -Be 'No findings' }
                'Asff' { @($text | ConvertFrom-Json).Count | Should -Be 0 }
            }
        }
    }

    Context 'When writing JSON' {
        BeforeAll { $script:json = Get-Content (Export-Report -Format Json) -Raw | ConvertFrom-Json }

        It 'Should carry schemaVersion, generatedAt, the tool and summary counts' {
            $json.schemaVersion | Should -Be 1
            $json.generatedAt | Should -Not -BeNullOrEmpty
            $json.tool.name | Should -Be 'LambdaSec'
            $json.tool.version | Should -Be (Get-Module LambdaSec).Version.ToString()
            $json.summary.total | Should -Be 5
            $json.summary.bySeverity.Critical | Should -Be 2
            $json.summary.accounts | Should -Be 2
            $json.summary.regions | Should -Be 2
            $json.summary.functions | Should -Be 4
        }

        It 'Should name finding properties as the model does' {
            $json.findings[0].PSObject.Properties.Name | Should -Be ([LambdaSec.Model.LambdaSecFinding].GetProperties().Name)
        }

        It 'Should re-import as findings equal to the input' {
            $back = @($json.findings | Export-LambdaSecReport -Path (Join-Path $TestDrive 'again.json') -Format Json -PassThru -Force)
            $back.Count | Should -Be $findings.Count
            for ($i = 0; $i -lt $findings.Count; $i++) { ConvertTo-Comparable $back[$i] | Should -Be (ConvertTo-Comparable $findings[$i]) }
        }
    }

    Context 'When findings are fingerprinted' {
        BeforeAll {
            $script:base = $findings[0]
        }

        It 'Should be the SHA-256 hex of the documented canonical text' {
            $canonical = "lambdasec-fingerprint/v1`nLS-EXP-001`n111111111111`nus-east-1`nAWS::Lambda::Function`narn:aws:lambda:us-east-1:111111111111:function:payments`npayments`n"
            $sha = [System.Security.Cryptography.SHA256]::Create()
            $expected = -join ($sha.ComputeHash([System.Text.Encoding]::UTF8.GetBytes($canonical)) | ForEach-Object { $_.ToString('x2') })
            $base.Fingerprint | Should -BeExactly $expected
        }

        It 'Should not change with <What>' -ForEach @(
            @{ What = 'evidence wording'; Change = @{ Evidence = 'Statement "open2" allows everyone.' } }
            @{ What = 'severity'; Change = @{ Severity = 'Low' } }
            @{ What = 'the time observed'; Change = @{ ObservedAt = [datetime]::UtcNow } }
            @{ What = 'remediation, title and control ids'; Change = @{ Remediation = 'x'; Title = 'y'; ControlIds = @('z') } }
            @{ What = 'the source line'; Change = @{ SourceLine = 7 } }
            @{ What = 'the account and region when the ARN carries them'; Change = @{ AccountId = $null; Region = $null } }
        ) {
            (Copy-Finding $base $Change).Fingerprint | Should -BeExactly $base.Fingerprint
        }

        It 'Should change with <What>' -ForEach @(
            @{ What = 'the rule'; Change = @{ RuleId = 'LS-EXP-003' } }
            @{ What = 'the resource'; Change = @{ ResourceArn = 'arn:aws:lambda:us-east-1:111111111111:function:payments2' } }
            @{ What = 'the function an entry point invokes'; Change = @{ FunctionName = 'other' } }
            @{ What = 'the runtime'; Change = @{ Runtime = 'python3.9' } }
            @{ What = 'the resource type'; Change = @{ ResourceType = 'AWS::Lambda::Url' } }
        ) {
            (Copy-Finding $base $Change).Fingerprint | Should -Not -Be $base.Fingerprint
        }

        It 'Should be written to JSON and CSV and kept as written when read back' {
            $json = Get-Content (Export-Report -Format Json) -Raw | ConvertFrom-Json
            $json.findings.Fingerprint | Should -Be $findings.Fingerprint
            $json.findings[0].Fingerprint = 'f' * 64
            $back = @($json.findings | Export-LambdaSecReport -Path (Join-Path $TestDrive 'kept.json') -Format Json -PassThru -Force)
            $back[0].Fingerprint | Should -BeExactly ('f' * 64)
            (Import-Csv (Export-Report -Format Csv)).Fingerprint | Should -Be $findings.Fingerprint
        }
    }

    Context 'When findings are suppressed or tagged against a baseline' {
        BeforeAll {
            $since = [datetime]::new(2026, 12, 1, 6, 0, 0, [DateTimeKind]::Utc)
            $script:tagged = @(
                Copy-Finding $findings[0] @{ BaselineState = 'New'; BaselineDate = $since }
                Copy-Finding $findings[1] @{ Suppressed = $true; SuppressionReason = 'Accepted in SEC-9'; SuppressedBy = 'risks.yaml:4 (zeta)'; BaselineState = 'Existing'; BaselineDate = $since }
                $findings[2..4] | ForEach-Object { Copy-Finding $_ @{ BaselineState = 'Existing'; BaselineDate = $since } }
            )
            function script:Export-Tagged([string] $Format) { Export-Report -Format $Format -InputObject $tagged -Name "tagged.$Format" -WarningAction SilentlyContinue }
        }

        It 'Should count suppressed findings apart in the JSON summary and keep them in findings' {
            $json = Get-Content (Export-Tagged Json) -Raw | ConvertFrom-Json
            $json.summary.total | Should -Be 4
            $json.summary.suppressed | Should -Be 1
            $json.summary.newSinceBaseline | Should -Be 1
            ($json.findings | Where-Object Suppressed).SuppressedBy | Should -Be 'risks.yaml:4 (zeta)'
        }

        It 'Should re-import suppression and baseline columns from <Format> unchanged' -ForEach @(@{ Format = 'Json' }, @{ Format = 'Csv' }) {
            $path = Export-Tagged $Format
            $rows = if ($Format -eq 'Json') { (Get-Content $path -Raw | ConvertFrom-Json).findings } else { Import-Csv $path }
            $back = @($rows | Export-LambdaSecReport -Path (Join-Path $TestDrive "tagged-again.$Format") -Format $Format -PassThru -Force)
            for ($i = 0; $i -lt $tagged.Count; $i++) { ConvertTo-Comparable $back[$i] | Should -Be (ConvertTo-Comparable $tagged[$i]) }
        }

        It 'Should give the suppressed SARIF result an accepted external suppression with the reason' {
            $results = (Get-Content (Export-Tagged Sarif) -Raw | ConvertFrom-Json).runs[0].results
            $suppressed = @($results | Where-Object { $_.PSObject.Properties['suppressions'] })
            $suppressed | Should -HaveCount 1
            $suppressed[0].suppressions[0].kind | Should -Be 'external'
            $suppressed[0].suppressions[0].status | Should -Be 'accepted'
            $suppressed[0].suppressions[0].justification | Should -Be 'Accepted in SEC-9'
        }

        It 'Should make the suppressed JUnit test case skipped, not failed' {
            [xml] $junit = Get-Content (Export-Tagged JUnit) -Raw
            $suite = $junit.testsuites.testsuite | Where-Object name -eq 'LS-EXP-001'
            $suite.skipped | Should -Be '1'
            $suite.failures | Should -Be '1'
            $skipped = @($suite.SelectNodes('testcase/skipped'))
            $skipped | Should -HaveCount 1
            $skipped[0].message | Should -Be 'Suppressed: Accepted in SEC-9 (risks.yaml:4 (zeta))'
        }

        It 'Should show suppressed findings in their own HTML section and new ones as new since the baseline' {
            $html = Get-Content (Export-Tagged Html) -Raw
            $main = $html.Substring(0, $html.IndexOf('<section id="suppressed"'))
            $main | Should -Not -Match 'zeta-public'
            $html.Substring($html.IndexOf('<section id="suppressed"')) | Should -Match 'zeta-public.*Accepted in SEC-9.*risks\.yaml:4 \(zeta\)'
            $html | Should -Match 'data-summary="new"><span class="value">1</span><span class="label">New since 2026-12-01'
            ([regex]::Matches($html, 'data-new="true"')).Count | Should -Be 1
        }
    }

    Context 'When writing CSV' {
        BeforeAll {
            $script:csvPath = Export-Report -Format Csv
            $script:csvText = Get-Content $csvPath -Raw
        }

        It 'Should write a header and one RFC 4180 row per finding' {
            $lines = $csvText -split "`r`n" | Where-Object { $_ }
            $lines.Count | Should -Be 6
            $lines[0] | Should -BeLike '"RuleId","Title","Severity",*'
            $csvText | Should -Match '"Statement ""open"" allows Principal \*'
        }

        It 'Should prefix cells that a spreadsheet would run as a formula with a quote' {
            $row = (Import-Csv $csvPath)[3]
            $row.Evidence | Should -BeExactly '''=HYPERLINK("http://evil.example","click")'
            $row.Remediation | Should -BeExactly '''@SUM(1+1)'
            $row.ControlIds | Should -BeExactly '''+cmd|calc;-2'
            foreach ($cell in (Import-Csv $csvPath).ForEach({ $_.PSObject.Properties.Value })) { $cell | Should -Not -Match '^[=+\-@]' }
        }

        It 'Should re-import as findings equal to the input' {
            $back = @(Import-Csv $csvPath | Export-LambdaSecReport -Path (Join-Path $TestDrive 'again.csv') -Format Csv -PassThru -Force)
            $back.Count | Should -Be $findings.Count
            for ($i = 0; $i -lt $findings.Count; $i++) { ConvertTo-Comparable $back[$i] | Should -Be (ConvertTo-Comparable $findings[$i]) }
        }
    }

    Context 'When writing SARIF' {
        BeforeAll {
            Push-Location $TestDrive
            try { $script:sarifPath = Export-Report -Format Sarif } finally { Pop-Location }
            $script:sarif = Get-Content $sarifPath -Raw | ConvertFrom-Json
            $script:results = $sarif.runs[0].results
        }

        It 'Should validate against the SARIF 2.1.0 schema' {
            Test-LambdaSecSarifSchema $sarifPath | Should -Be 'valid'
        }

        It 'Should describe each rule once with a level from its severity' {
            $rules = $sarif.runs[0].tool.driver.rules
            $rules.id | Should -Be @('LS-EXP-001', 'LS-IAC-001', 'LS-RT-001', 'LS-WAF-001')
            ($rules | Where-Object id -eq 'LS-EXP-001').defaultConfiguration.level | Should -Be 'error'
            ($rules | Where-Object id -eq 'LS-WAF-001').defaultConfiguration.level | Should -Be 'warning'
            ($rules | Where-Object id -eq 'LS-IAC-001').defaultConfiguration.level | Should -Be 'note'
            $rules[0].shortDescription.text | Should -Be 'Lambda function policy lets any AWS account invoke'
        }

        It 'Should point an IaC finding at its file, relative to the current directory, and line' {
            $iac = $results | Where-Object ruleId -eq 'LS-IAC-001'
            $iac.locations[0].physicalLocation.artifactLocation.uri | Should -Be 'templates/app.yaml'
            $iac.locations[0].physicalLocation.artifactLocation.uriBaseId | Should -Be '%SRCROOT%'
            $iac.locations[0].physicalLocation.region.startLine | Should -Be 42
        }

        It 'Should name a cloud finding by its ARN in a logical location and property bag' {
            $cloud = $results | Where-Object ruleId -eq 'LS-RT-001'
            $cloud.locations[0].logicalLocations[0].fullyQualifiedName | Should -Be 'arn:aws:lambda:us-east-1:111111111111:function:legacy'
            $cloud.locations[0].logicalLocations[0].name | Should -Be 'legacy'
            $cloud.properties.resourceArn | Should -Be 'arn:aws:lambda:us-east-1:111111111111:function:legacy'
            $cloud.properties.accountId | Should -Be '111111111111'
            $cloud.level | Should -Be 'error'
        }
    }

    Context 'When writing JUnit' {
        BeforeAll { [xml] $script:junit = Get-Content (Export-Report -Format JUnit) -Raw }

        It 'Should have one testsuite per rule and one failing testcase per finding' {
            $junit.testsuites.tests | Should -Be '5'
            $junit.testsuites.failures | Should -Be '5'
            @($junit.testsuites.testsuite).Count | Should -Be 4
            $exposure = $junit.testsuites.testsuite | Where-Object name -eq 'LS-EXP-001'
            $exposure.tests | Should -Be '2'
            @($exposure.testcase).Count | Should -Be 2
            @($exposure.testcase.failure).Count | Should -Be 2
            $exposure.testcase[0].failure.message | Should -Be 'Lambda function policy lets any AWS account invoke'
        }

        It 'Should carry evidence and remediation in the failure text' {
            $case = $junit.SelectSingleNode("//testcase[@name='arn:aws:lambda:us-east-1:111111111111:function:legacy']")
            $case.failure.'#text' | Should -Match 'Evidence: Runtime python3.8 was deprecated'
            $case.failure.'#text' | Should -Match 'Remediation: Update the function'
        }
    }

    Context 'When AWS text holds control and direction characters (docs/hostile-input.md)' {
        BeforeAll {
            # A Sid that would recolour the terminal and ring its bell, a NUL, and a name that reads invoiceexe.pdf.
            $script:esc = [string][char]0x1B
            $script:rlo = [string][char]0x202E
            $script:hostileFinding = [LambdaSec.Model.LambdaSecFinding] @{
                RuleId = 'LS-EXP-001'; Title = 'Lambda function policy lets any AWS account invoke'; Severity = 'Critical'
                AccountId = '111111111111'; Region = 'us-east-1'; ResourceType = 'AWS::Lambda::Function'
                ResourceArn = 'arn:aws:lambda:us-east-1:111111111111:function:x'; FunctionName = "invoice${rlo}fdp.exe"
                Evidence = "Statement `"${esc}[31mred${esc}[0m$([char]7)$([char]0)`" allows Principal *."; Remediation = 'Remove-LambdaPublicPermission'; ObservedAt = $observed
            }
        }

        It 'Should write visible escapes, never the raw characters, in <Format>' -ForEach @(
            @{ Format = 'Html'; Escaped = @('\u001B[31mred', 'invoice\u202Efdp.exe') }
            @{ Format = 'Csv'; Escaped = @('\u001B[31mred', 'invoice\u202Efdp.exe') }
            @{ Format = 'JUnit'; Escaped = @('\u001B[31mred') }
        ) {
            $path = Join-Path $TestDrive "hostile.$Format"
            $null = $hostileFinding | Export-LambdaSecReport -Path $path -Format $Format -Force
            $text = [IO.File]::ReadAllText($path)
            foreach ($raw in $esc, $rlo, [string][char]7, [string][char]0) { $text.Contains($raw) | Should -BeFalse }
            foreach ($escape in $Escaped) { $text | Should -Match ([regex]::Escape($escape)) }
        }

        It 'Should write visible escapes in the SARIF message text' {
            $path = Join-Path $TestDrive 'hostile.sarif'
            $null = $hostileFinding | Export-LambdaSecReport -Path $path -Format Sarif -Force
            $message = (Get-Content $path -Raw | ConvertFrom-Json).runs[0].results[0].message.text
            $message.Contains($esc) | Should -BeFalse
            $message | Should -Match ([regex]::Escape('\u001B[31mred'))
        }

        It 'Should keep the data itself intact in JSON' {
            $path = Join-Path $TestDrive 'hostile.json'
            $null = $hostileFinding | Export-LambdaSecReport -Path $path -Format Json -Force
            $read = (Get-Content $path -Raw | ConvertFrom-Json).findings[0]
            $read.FunctionName | Should -BeExactly "invoice${rlo}fdp.exe"
            $read.Evidence | Should -BeExactly $hostileFinding.Evidence
        }

        It 'Should show visible escapes in the console view' {
            $shown = $hostileFinding | Format-Table | Out-String -Width 300
            $shown.Contains($esc) | Should -BeFalse
            $shown.Contains($rlo) | Should -BeFalse
            $shown | Should -Match ([regex]::Escape('invoice\u202Efdp.exe'))
        }
    }

    Context 'When writing ASFF' {
        BeforeAll {
            $script:asffPath = Join-Path $TestDrive 'asff.json'
            $null = $findings | Export-LambdaSecReport -Path $asffPath -Format Asff -WarningVariable asffWarnings -WarningAction SilentlyContinue
            $script:asffWarnings = $asffWarnings
            $script:asff = @(Get-Content $asffPath -Raw | ConvertFrom-Json)
        }

        It 'Should write every required attribute on every finding' -ForEach @(
            'SchemaVersion', 'Id', 'ProductArn', 'GeneratorId', 'AwsAccountId', 'Types', 'CreatedAt', 'UpdatedAt',
            'Severity', 'Title', 'Description', 'Resources') {
            foreach ($item in $asff) { $item.$_ | Should -Not -BeNullOrEmpty -Because "ASFF requires $_" }
        }

        It 'Should fill the attributes as Security Hub expects' {
            $public = $asff | Where-Object { $_.Resources[0].Id -like '*:function:payments' }
            $public.SchemaVersion | Should -Be '2018-10-08'
            $public.ProductArn | Should -Be 'arn:aws:securityhub:us-east-1:111111111111:product/111111111111/default'
            $public.GeneratorId | Should -Be 'LS-EXP-001'
            $public.AwsAccountId | Should -Be '111111111111'
            $public.Severity.Label | Should -Be 'CRITICAL'
            $public.Resources[0].Type | Should -Be 'AwsLambdaFunction'
            $public.Resources[0].Region | Should -Be 'us-east-1'
            $public.Remediation.Recommendation.Text | Should -Be 'Remove-LambdaPublicPermission -FunctionName payments'
            $public.Compliance.RelatedRequirements | Should -Be @('SecurityHub:Lambda.1', 'Config:lambda-function-public-access-prohibited')
            (Get-Content $asffPath -Raw) | Should -Match '"CreatedAt": "2026-11-01T08:30:00\.000Z"'
        }

        It 'Should keep ids stable across runs so Security Hub updates instead of duplicating' {
            $again = @(Get-Content (Export-Report -Format Asff -Name 'asff2.json' -WarningAction SilentlyContinue) -Raw | ConvertFrom-Json)
            $again.Id | Should -Be $asff.Id
            @($asff.Id | Select-Object -Unique).Count | Should -Be $asff.Count
        }

        It 'Should leave out findings without an account or region and say so' {
            $asff.Count | Should -Be 4
            $asff.GeneratorId | Should -Not -Contain 'LS-IAC-001'
            $asffWarnings[0].Message | Should -Match '1 finding\(s\) have no AWS account or region'
        }
    }

    Context 'When findings carry compliance framework ids and -Framework filters them' {
        BeforeAll {
            # Real findings with their Frameworks, from the template rules (no AWS needed): LS-CONFIG-007 names Security Hub
            # Lambda.7 (NIST CA-7), LS-CONFIG-012/013 only CIS AWS Compute Services recommendations.
            $script:configFindings = @(Test-LambdaSecTemplate -Path (Join-Path $PSScriptRoot 'data/templates/config') -OwnerAccountId 111111111111 -AsOf 2026-06-01)
            $script:publicFindings = @(Test-LambdaSecTemplate -Path (Join-Path $PSScriptRoot 'data/templates/sam/permissions.yaml') -OwnerAccountId 111111111111 -AsOf 2026-06-01)
        }

        It 'Should carry the requirements Security Hub publishes for the finding''s controls, and the CIS Compute ones of its rule' {
            $tracing = $configFindings | Where-Object RuleId -eq 'LS-CONFIG-007' | Select-Object -First 1
            $tracing.Frameworks | Should -Be @('NIST.800-53.r5 CA-7')
            ($configFindings | Where-Object RuleId -eq 'LS-CONFIG-013' | Select-Object -First 1).Frameworks | Should -Be @('CIS AWS Compute Services Benchmark v1.0.0/4.5')
            $public = $publicFindings | Where-Object RuleId -eq 'LS-IAC-001' | Select-Object -First 1
            $public.Frameworks | Should -Contain 'PCI DSS v4.0.1/7.2.1'
            $public.Frameworks | Should -Contain 'NIST.800-53.r5 AC-3'
            $public.Frameworks | Should -Contain 'CIS AWS Compute Services Benchmark v1.0.0/4.6'
        }

        It 'Should hold, with its source page, every Security Hub control a rule names, and put its requirements on the rule''s findings' {
            # Every "SecurityHub:<id>" a rule carries in ControlIds (the rules are code under Analysis/); a control that
            # Security Hub maps to no requirement (Lambda.6) is an empty list, so a forgotten control cannot pass as one.
            $data = Get-Content (Join-Path $PSScriptRoot '../src/LambdaSec/Data/framework-mappings.json') -Raw | ConvertFrom-Json
            $named = @(Get-ChildItem (Join-Path $PSScriptRoot '../src/LambdaSec/Analysis') -Recurse -Filter *.cs |
                Select-String -Pattern '"(SecurityHub:[A-Za-z0-9]+\.[0-9]+)"' -AllMatches |
                ForEach-Object { $_.Matches } | ForEach-Object { $_.Groups[1].Value } | Sort-Object -Unique)
            $named | Should -Contain 'SecurityHub:ELB.16'
            $named | Should -Contain 'SecurityHub:Lambda.6'
            $sourced = @($data.sources | Where-Object { $_.PSObject.Properties.Name -contains 'controls' } | ForEach-Object { $_.controls -split ',\s*' })
            foreach ($control in $named) {
                $data.controls.PSObject.Properties.Name | Should -Contain $control -Because "$control is named by a rule"
                @($sourced | Where-Object { $control -like $_ }).Count | Should -BeGreaterThan 0 -Because "$control needs a source page"
                $expected = @($data.controls.$control | Sort-Object -Unique)
                $onFinding = @([LambdaSec.Analysis.Compliance.FrameworkMappings]::For('LS-NONE-000', [string[]] @($control)))
                $onFinding | Should -Be $expected -Because "a finding naming $control carries what Security Hub lists for it"
            }
        }

        It 'Should carry on a <Rule> finding the NIST ids Security Hub lists for <Control>' -ForEach @(
            @{ Rule = 'LS-WAF-002'; Property = 'LoadBalancerWithoutWaf'; Control = 'SecurityHub:ELB.16'; Expected = @('NIST.800-53.r5 AC-4(21)') }
            @{ Rule = 'LS-API-001'; Property = 'EntryPointWithoutAuth'; Control = 'SecurityHub:APIGateway.8'; Expected = @('NIST.800-53.r5 AC-3', 'NIST.800-53.r5 CM-2', 'NIST.800-53.r5 CM-2(2)') }
        ) {
            $subject = [LambdaSec.Analysis.Audit.FindingSubject]::new('111111111111', 'us-east-1', 'arn:aws:lambda:us-east-1:111111111111:function:f', 'f')
            $finding = [LambdaSec.Analysis.Audit.AuditRules]::$Property.Finding($subject, 'evidence', 'remediation', $null, $null, $null)
            $finding.RuleId | Should -BeExactly $Rule
            $finding.ControlIds | Should -Contain $Control
            $finding.Frameworks | Should -Be $Expected
        }

        It 'Should write only the findings of the frameworks asked for (<Pattern>)' -ForEach @(
            @{ Pattern = 'NIST.800-53.r5 CA-7'; Rules = @('LS-CONFIG-007') }
            @{ Pattern = 'CIS AWS Compute*4.5'; Rules = @('LS-CONFIG-013') }
            @{ Pattern = 'PCI DSS*'; Rules = @() }
        ) {
            $path = Join-Path $TestDrive "framework-$([guid]::NewGuid().ToString('N')).json"
            $kept = @($configFindings | Export-LambdaSecReport -Path $path -Format Json -Framework $Pattern -PassThru)
            @($kept | ForEach-Object RuleId | Sort-Object -Unique) | Should -Be $Rules
            @((Get-Content $path -Raw | ConvertFrom-Json).findings).Count | Should -Be $kept.Count
        }

        It 'Should keep Frameworks through a JSON report read back' {
            $path = Join-Path $TestDrive 'frameworks-roundtrip.json'
            $null = $publicFindings | Export-LambdaSecReport -Path $path -Format Json
            $again = @((Get-Content $path -Raw | ConvertFrom-Json).findings | Export-LambdaSecReport -Path (Join-Path $TestDrive 'again.json') -Format Json -PassThru -Framework 'PCI DSS v4.0.1/7.2.1')
            $again.Count | Should -BeGreaterThan 0
            $again[0].Frameworks | Should -Contain 'PCI DSS v4.0.1/7.2.1'
        }
    }

    Context 'When writing HTML and rendering it in headless Chromium' {
        BeforeAll {
            $script:chromium = Install-LambdaSecChromium
            $script:htmlPath = Export-Report -Format Html
            $script:htmlUrl = [uri]::new($htmlPath, [UriKind]::Absolute).AbsoluteUri
            $script:dom = Invoke-LambdaSecChromium -Chromium $chromium -Url $htmlUrl

            # The finding rows the page shows after its script ran: resource name and whether it is hidden.
            function Get-Row {
                param([Parameter(Mandatory)] [string] $Dom)
                [regex]::Matches($Dom, '<tbody class="finding"([^>]*)>.*?<td class="resource">(.*?)</td>', 'Singleline') |
                    ForEach-Object { [pscustomobject] @{ Resource = [Net.WebUtility]::HtmlDecode($_.Groups[2].Value); Hidden = $_.Groups[1].Value -match '\bhidden\b' } }
            }
        }

        It 'Should be one self-contained file that loads nothing from the network' {
            $text = Get-Content $htmlPath -Raw
            $text | Should -Not -Match '<(script|link|img|iframe)[^>]+(src|href)='
            $text | Should -Not -Match 'url\('
            $text | Should -Match "Content-Security-Policy"
        }

        It 'Should show the summary counts' {
            $dom | Should -Match 'data-summary="total"><span class="value">5</span>'
            $dom | Should -Match 'data-summary="Critical"><span class="value">2</span>'
            $dom | Should -Match 'data-summary="High"><span class="value">1</span>'
            $dom | Should -Match 'data-summary="accounts"><span class="value">2</span>'
            $dom | Should -Match 'data-summary="regions"><span class="value">2</span>'
            $dom | Should -Match 'data-summary="functions"><span class="value">4</span>'
        }

        It 'Should draw the charts and the runtime deprecation timeline' {
            foreach ($chart in 'chart-severity', 'chart-rule', 'chart-account', 'chart-region', 'chart-timeline') {
                $dom | Should -Match "id=""$chart""><h3>[^<]+</h3><svg"
            }
            $dom | Should -Match 'data-filter="python3.8"'
        }

        It 'Should show one visible row per finding, most severe first' {
            $rows = @(Get-Row $dom)
            $rows.Count | Should -Be 5
            @($rows | Where-Object Hidden).Count | Should -Be 0
            $rows[0].Resource | Should -Be 'payments'
            $dom | Should -Match '5 of 5 findings shown'
        }

        It 'Should render a hostile function name as text, never as markup' {
            $dom | Should -Not -Match '<body[^>]*data-pwned'
            $dom | Should -Not -Match '<img src="x"'
            $dom | Should -Match '<title>LambdaSec report</title>'
            @(Get-Row $dom).Resource | Should -Contain $xssName
        }

        It 'Should filter rows by text from the address fragment' {
            $filtered = Invoke-LambdaSecChromium -Chromium $chromium -Url "$htmlUrl#filter=ZETA"
            @(Get-Row $filtered | Where-Object { -not $_.Hidden }).Resource | Should -Be @('zeta-public')
            $filtered | Should -Match '1 of 5 findings shown'
            $filtered | Should -Match '<input id="filter"[^>]*>'
            $evidence = Invoke-LambdaSecChromium -Chromium $chromium -Url "$htmlUrl#filter=deprecated%20on"
            @(Get-Row $evidence | Where-Object { -not $_.Hidden }).Resource | Should -Be @('legacy') -Because 'the filter searches the expandable details too'
        }

        It 'Should filter rows by severity from the address fragment' {
            $filtered = Invoke-LambdaSecChromium -Chromium $chromium -Url "$htmlUrl#severity=Critical"
            @(Get-Row $filtered | Where-Object { -not $_.Hidden }).Resource | Should -Be @('payments', 'zeta-public')
        }

        It 'Should sort rows by a column from the address fragment' {
            $sorted = Invoke-LambdaSecChromium -Chromium $chromium -Url "$htmlUrl#sort=resource&dir=desc"
            $expected = @($findings | ForEach-Object { if ($_.FunctionName) { $_.FunctionName } else { $_.LogicalId } } | Sort-Object -Descending -Culture 'en-US')
            @(Get-Row $sorted).Resource | Should -Be $expected
            $sorted | Should -Match 'data-key="resource"[^>]*aria-sort="descending"'
        }

        It 'Should take a screenshot that shows the page' {
            $png = Join-Path $TestDrive 'report.png'
            $null = Invoke-LambdaSecChromium -Chromium $chromium -Url $htmlUrl -Screenshot $png
            (Get-Item $png).Length | Should -BeGreaterThan 10kb
        }
    }
}
