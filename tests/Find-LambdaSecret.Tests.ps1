Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest

    . (Join-Path $PSScriptRoot 'helpers/Secrets.ps1')
    $p = $script:Planted
    $script:Arn = 'arn:aws:lambda:us-east-1:111111111111:function:f1'

    . (Join-Path $PSScriptRoot 'helpers/Zip.ps1')
}

Describe 'Find-LambdaSecret' {
    Context 'When environment variables hold planted secrets' {
        BeforeAll {
            $p = $script:Planted
            $variables = @{
                AWS_ACCESS_KEY_ID = $p.AwsKeyId; AWS_SECRET_ACCESS_KEY = $p.AwsSecret; GH = $p.GitHub; GL = $p.GitLab; SLACK = $p.Slack
                STRIPE = $p.Stripe; TWILIO = $p.Twilio; SENDGRID = $p.SendGrid; MAPS = $p.Google; NPMRC = $p.Npm; SESSION = $p.Jwt
                DB_PASSWORD = $p.DbPassword; DATABASE_URL = "postgres://app:$($p.UrlPassword)@db.internal:5432/app"; PARTNER_API_KEY = $p.ApiKey
                SIGNING_PEM = $script:PemKey; LOG_LEVEL = 'debug'; TABLE = 'orders'
            }
            # FunctionName binds before its alias FunctionArn, so an ARN given as the name is what carries Region and AccountId.
            $function = [pscustomobject]@{ FunctionName = $script:Arn; Environment = [pscustomobject]@{ Variables = $variables } }
            $script:EnvHits = @($function | Find-LambdaSecret -Verbose 4>&1 -ErrorVariable envErrors)
            $script:EnvErrors = $envErrors
        }

        It 'Should report <Variable> with rule <RuleId>' -ForEach @(
            @{ Variable = 'AWS_ACCESS_KEY_ID'; RuleId = 'aws-access-key-id'; Confidence = 'Medium' }
            @{ Variable = 'AWS_SECRET_ACCESS_KEY'; RuleId = 'aws-secret-access-key'; Confidence = 'High' }
            @{ Variable = 'GH'; RuleId = 'github-pat'; Confidence = 'High' }
            @{ Variable = 'GL'; RuleId = 'gitlab-token'; Confidence = 'High' }
            @{ Variable = 'SLACK'; RuleId = 'slack-token'; Confidence = 'High' }
            @{ Variable = 'STRIPE'; RuleId = 'stripe-key'; Confidence = 'High' }
            @{ Variable = 'TWILIO'; RuleId = 'twilio-api-key'; Confidence = 'Medium' }
            @{ Variable = 'SENDGRID'; RuleId = 'sendgrid-api-key'; Confidence = 'High' }
            @{ Variable = 'MAPS'; RuleId = 'google-api-key'; Confidence = 'High' }
            @{ Variable = 'NPMRC'; RuleId = 'npm-access-token'; Confidence = 'High' }
            @{ Variable = 'SESSION'; RuleId = 'jwt'; Confidence = 'Medium' }
            @{ Variable = 'DB_PASSWORD'; RuleId = 'secret-named-variable'; Confidence = 'Medium' }
            @{ Variable = 'DATABASE_URL'; RuleId = 'url-credentials'; Confidence = 'High' }
            @{ Variable = 'PARTNER_API_KEY'; RuleId = 'secret-named-variable'; Confidence = 'Medium' }
            @{ Variable = 'SIGNING_PEM'; RuleId = 'private-key'; Confidence = 'High' }
        ) {
            $hit = @($script:EnvHits | Where-Object { $_ -is [LambdaSec.Model.LambdaSecretFinding] -and $_.Location -eq $Variable })
            $hit.Count | Should -Be 1
            $hit[0].RuleId | Should -BeExactly $RuleId
            $hit[0].Confidence | Should -Be $Confidence
            $hit[0].Source | Should -BeExactly 'Environment'
            $hit[0].FunctionName | Should -BeExactly 'f1'
            $hit[0].FunctionArn | Should -BeExactly $script:Arn
            $hit[0].Region | Should -BeExactly 'us-east-1'
            $hit[0].AccountId | Should -BeExactly '111111111111'
        }

        It 'Should report nothing for ordinary settings' {
            @($script:EnvHits | Where-Object { $_ -is [LambdaSec.Model.LambdaSecretFinding] -and $_.Location -in 'LOG_LEVEL', 'TABLE' }).Count | Should -Be 0
        }

        It 'Should show at most the first and last four characters' {
            $hit = $script:EnvHits | Where-Object { $_ -is [LambdaSec.Model.LambdaSecretFinding] -and $_.Location -eq 'AWS_ACCESS_KEY_ID' }
            $hit.Preview | Should -BeExactly ($script:Planted.AwsKeyId.Substring(0, 4) + ('*' * 12) + $script:Planted.AwsKeyId.Substring(16))
        }

        It 'Should never show a planted secret in output, verbose stream or errors' {
            Assert-NoPlantedSecret $script:EnvHits
            @($script:EnvErrors).Count | Should -Be 0
        }
    }

    Context 'When environment variables hold look-alikes' {
        It 'Should not report <Name>' -ForEach @(
            @{ Name = 'the AWS documentation key pair'; Variables = @{ AWS_ACCESS_KEY_ID = 'AKIAIOSFODNN7EXAMPLE'; AWS_SECRET_ACCESS_KEY = 'wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY' } }
            @{ Name = 'changeme'; Variables = @{ DB_PASSWORD = 'changeme' } }
            @{ Name = 'a run of x'; Variables = @{ API_TOKEN = 'xxxxxxxxxxxxxxxxxxxx' } }
            @{ Name = 'a ${VAR} reference'; Variables = @{ SECRET_KEY = '${SECRET_KEY}' } }
            @{ Name = 'a {{ template }}'; Variables = @{ AUTH_TOKEN = '{{ resolve:secretsmanager:prod/token }}' } }
            @{ Name = 'an ARN in a secret-named variable'; Variables = @{ DB_SECRET = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/db-AbCdEf' } }
            @{ Name = 'a secret ARN variable'; Variables = @{ DB_SECRET_ARN = 'arn:aws:secretsmanager:us-east-1:111111111111:secret:prod/db-AbCdEf' } }
            @{ Name = 'a UUID'; Variables = @{ API_KEY = '3f2504e0-4f89-41d3-9a0c-0305e82c3301' } }
            @{ Name = 'base64 of short text'; Variables = @{ ENCODED_SECRET = [Convert]::ToBase64String([Text.Encoding]::ASCII.GetBytes('hello world')) } }
            @{ Name = 'a URL whose password is a reference'; Variables = @{ DATABASE_URL = 'postgres://app:${DB_PASS}@db.internal/app' } }
            @{ Name = 'a URL without credentials'; Variables = @{ TOKEN_ENDPOINT = 'https://auth.example.com/oauth2/token' } }
            @{ Name = 'an SSM parameter name'; Variables = @{ PASSWORD_PARAM = '/prod/app/db-password' } }
            @{ Name = 'a word in a secret-named variable'; Variables = @{ PASSWORD_POLICY = 'strict' } }
        ) {
            $function = [pscustomobject]@{ FunctionName = 'f2'; Environment = [pscustomobject]@{ Variables = $Variables } }
            @($function | Find-LambdaSecret).Count | Should -Be 0
        }

        It 'Should accept AWS.Tools-shaped Environment objects and functions without variables' {
            $dictionary = [Collections.Generic.Dictionary[string, string]]::new()
            $dictionary['GH'] = $script:Planted.GitHub
            @([pscustomobject]@{ FunctionName = 'f3'; Environment = [pscustomobject]@{ Variables = $dictionary; Error = $null } } | Find-LambdaSecret).RuleId | Should -BeExactly 'github-pat'
            @([pscustomobject]@{ FunctionName = 'f4'; Environment = $null } | Find-LambdaSecret).Count | Should -Be 0
        }
    }

    Context 'When a deployment package holds planted secrets and look-alikes' {
        BeforeAll {
            $p = $script:Planted
            $files = [ordered]@{
                'src/config.js'         = "// settings`nconst region = 'us-east-1';`nconst apiKey = `"$($p.GitHub)`";`nmodule.exports = { region, apiKey };`n"
                '.env'                  = "LOG_LEVEL=info`nDB_PASSWORD=$($p.DbPassword)`n"
                'keys/signing.pem'      = $script:PemKey
                'credentials'           = "[default]`naws_access_key_id = $($p.AwsKeyId)`naws_secret_access_key = $($p.AwsSecret)`n"
                'handler.py'            = "import os`npassword = os.environ['DB_PASSWORD']`nSECRET = `"changeme`"`nEXAMPLE = 'AKIAIOSFODNN7EXAMPLE'`n"
                'package-lock.json'     = "{ `"integrity`": `"sha512-$(New-Random 86 $b64)`", `"token`": `"$($p.Slack)`" }"
                'lib/native.node'       = [byte[]](@(0, 1, 2) + [Text.Encoding]::ASCII.GetBytes($p.Stripe))
                'README.md'             = "Configure `$API_TOKEN and {{ password }} before deploying; see arn:aws:iam::111111111111:role/x.`n"
            }
            $script:Zip = Join-Path $TestDrive 'function.zip'
            New-TestZip $script:Zip $files
            $script:ZipHits = @(Find-LambdaSecret -Path $script:Zip -Verbose 4>&1)
            $folder = Join-Path $TestDrive 'unzipped'
            [IO.Compression.ZipFile]::ExtractToDirectory($script:Zip, $folder)
            $script:FolderHits = @(Find-LambdaSecret -Path $folder)
        }

        It 'Should report <Location> with rule <RuleId>' -ForEach @(
            @{ Location = 'src/config.js:3'; RuleId = 'github-pat' }
            @{ Location = '.env:2'; RuleId = 'dotenv-secret' }
            @{ Location = 'keys/signing.pem:2'; RuleId = 'private-key' }
            @{ Location = 'credentials:2'; RuleId = 'aws-access-key-id' }
            @{ Location = 'credentials:3'; RuleId = 'aws-secret-access-key' }
        ) {
            foreach ($hits in $script:ZipHits, $script:FolderHits) {
                $hit = @($hits | Where-Object { $_ -is [LambdaSec.Model.LambdaSecretFinding] -and $_.Location -eq $Location })
                $hit.Count | Should -Be 1
                $hit[0].RuleId | Should -BeExactly $RuleId
                $hit[0].Source | Should -BeExactly 'Path'
            }
        }

        It 'Should report nothing else (look-alikes, lock files and binaries are skipped)' {
            @($script:ZipHits | Where-Object { $_ -is [LambdaSec.Model.LambdaSecretFinding] }).Count | Should -Be 5
            @($script:FolderHits).Count | Should -Be 5
        }

        It 'Should never show a planted secret in output or the verbose stream' {
            Assert-NoPlantedSecret $script:ZipHits
            Assert-NoPlantedSecret $script:FolderHits
        }
    }

    Context 'When a path is wrong' {
        BeforeAll {
            $script:SmallZip = Join-Path $TestDrive 'small.zip'
            New-TestZip $script:SmallZip @{ 'app.js' = "const token = `"$($script:Planted.GitHub)`";`n" }
        }

        It 'Should write LambdaSec.SecretScanPathNotFound for a missing path and go on' {
            $out = @(Find-LambdaSecret -Path (Join-Path $TestDrive 'missing.zip'), $script:SmallZip -ErrorVariable err -ErrorAction SilentlyContinue)
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.SecretScanPathNotFound,LambdaSec.Cmdlets.FindLambdaSecretCommand'
            $out.Location | Should -BeExactly 'app.js:1'
        }

        It 'Should write LambdaSec.CodePackageInvalid for a file that is not a zip' {
            $bad = Join-Path $TestDrive 'bad.zip'
            Set-Content -Path $bad -Value 'not a zip'
            $null = Find-LambdaSecret -Path $bad -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.CodePackageInvalid,LambdaSec.Cmdlets.FindLambdaSecretCommand'
        }

        It 'Should write LambdaSec.CodePackageTooLarge above -MaxCodeBytes' {
            $null = Find-LambdaSecret -Path $script:SmallZip -MaxCodeBytes 100 -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.CodePackageTooLarge,LambdaSec.Cmdlets.FindLambdaSecretCommand'
            $err[0].CategoryInfo.Category | Should -Be 'LimitsExceeded'
        }

        It 'Should not open a FIFO given as -Path, and go on' -Skip:$IsWindows {
            $fifo = Join-Path $TestDrive 'pipe.zip'
            & mkfifo $fifo
            try {
                $out = @(Find-LambdaSecret -Path $fifo, $script:SmallZip -ErrorVariable err -ErrorAction SilentlyContinue)
                $err | Should -HaveCount 1
                $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.SecretScanPathNotFound,LambdaSec.Cmdlets.FindLambdaSecretCommand'
                $err[0].Exception.Message | Should -BeLike '*FIFO*'
                $out.Location | Should -BeExactly 'app.js:1'
            }
            finally { Remove-Item $fifo }
        }

        It 'Should scan a folder with a FIFO, a link to /dev/zero and a link loop once, skipping them' -Skip:$IsWindows {
            $folder = Join-Path $TestDrive 'hostile'
            $null = New-Item -ItemType Directory -Path (Join-Path $folder 'sub')
            Set-Content -Path (Join-Path $folder 'sub/app.js') -Value "const token = `"$($script:Planted.GitHub)`";"
            & mkfifo (Join-Path $folder 'pipe.js')
            $null = New-Item -ItemType SymbolicLink -Path (Join-Path $folder 'zero.js') -Target '/dev/zero'
            $loop = Join-Path $folder 'sub/loop'
            $null = New-Item -ItemType SymbolicLink -Path $loop -Target $folder
            # The loop goes before the context ends: cleaning TestDrive would walk it.
            try { $out = @(Find-LambdaSecret -Path $folder -Verbose 4>&1) } finally { & rm $loop }
            @($out | Where-Object { $_ -is [LambdaSec.Model.LambdaSecretFinding] }).Location | Should -Be @('sub/app.js:1')
            @($out | Where-Object { $_ -is [Management.Automation.VerboseRecord] -and $_.Message -like '*pipe.js*FIFO*' }) | Should -Not -BeNullOrEmpty
        }
    }
}

Describe 'Find-LambdaSecret and the audit against the emulator' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
        if (-not (Initialize-TestAwsCli)) { throw 'The AWS CLI is needed to upload the packages (apt-get install awscli).' }
        $script:emulator = Start-TestEmulator
        $p = $script:Planted
        # Deployed the way users deploy: zips uploaded with the AWS CLI, served back at GetFunction's Code.Location.
        $code = Join-Path $TestDrive 'code.zip'
        New-TestZip $code @{
            'index.js'        = "const client = require('x');`nconst token = `"$($p.GitHub)`";`nmodule.exports = client;`n"
            'docs/example.md' = "Example key: AKIAIOSFODNN7EXAMPLE and password = 'changeme'`n"
        }
        $layer = Join-Path $TestDrive 'layer.zip'
        New-TestZip $layer @{ 'python/settings.py' = "DEBUG = False`nSTRIPE_KEY = '$($p.Stripe)'`n" }
        $layerVersion = Invoke-TestAwsCli -Emulator $emulator -Arguments @('lambda', 'publish-layer-version', '--layer-name', 'vendor-lib', '--zip-file', "fileb://$layer")
        $role = 'arn:aws:iam::111111111111:role/lambda-basic-execution'
        $null = Invoke-TestAwsCli -Emulator $emulator -Arguments @('lambda', 'create-function', '--function-name', 'code-secrets', '--runtime', 'nodejs22.x', '--handler', 'index.handler',
            '--role', $role, '--zip-file', "fileb://$code", '--layers', $layerVersion.LayerVersionArn, '--environment', "Variables={SLACK=$($p.Slack),TABLE=orders}")
        $clean = Join-Path $TestDrive 'clean.zip'
        New-TestZip $clean @{ 'index.py' = "def handler(event, context):`n    return {'ok': True}`n" }
        $null = Invoke-TestAwsCli -Emulator $emulator -Arguments @('lambda', 'create-function', '--function-name', 'code-clean', '--runtime', 'python3.13', '--handler', 'index.handler', '--role', $role, '--zip-file', "fileb://$clean")
        $script:aws = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = '111111111111'; SecretKey = 'x'; Region = 'us-east-1' }
        $script:CodeHits = @(Find-LambdaSecret @aws -FunctionName code-secrets, code-clean -IncludeCode -Verbose 4>&1 -ErrorVariable codeErrors -ErrorAction SilentlyContinue)
        $script:CodeErrors = @($codeErrors)
        $script:LayerArn = $layerVersion.LayerVersionArn
    }

    AfterAll {
        Stop-TestEmulator $emulator
    }

    Context 'When a deployed function and its layer hold planted secrets' {
        It 'Should report the <Source> secret at <Location> with rule <RuleId>' -ForEach @(
            @{ Source = 'Environment'; Location = 'SLACK'; RuleId = 'slack-token' }
            @{ Source = 'Code'; Location = 'index.js:2'; RuleId = 'github-pat' }
            @{ Source = 'Layer'; Location = 'vendor-lib:1/python/settings.py:2'; RuleId = 'stripe-key' }
        ) {
            $hit = @($script:CodeHits | Where-Object { $_ -is [LambdaSec.Model.LambdaSecretFinding] -and $_.Source -eq $Source })
            $hit | Should -HaveCount 1
            $hit[0].Location | Should -BeExactly $Location
            $hit[0].RuleId | Should -BeExactly $RuleId
            $hit[0].FunctionName | Should -BeExactly 'code-secrets'
            $hit[0].FunctionArn | Should -BeExactly 'arn:aws:lambda:us-east-1:111111111111:function:code-secrets'
        }

        It 'Should report nothing else: the documentation example key and placeholder, and the clean function, are not secrets' {
            @($script:CodeHits | Where-Object { $_ -is [LambdaSec.Model.LambdaSecretFinding] }) | Should -HaveCount 3
            $script:CodeErrors | Should -HaveCount 0
        }

        It 'Should never show a planted secret, nor the code location URL, in output or the verbose stream' {
            Assert-NoPlantedSecret $script:CodeHits
            ($script:CodeHits | Out-String) | Should -Not -Match 'X-Amz-Signature'
        }
    }

    Context 'When no function is named' {
        It 'Should list every function of the region and report the secret from the listing' {
            $hits = @(Find-LambdaSecret @aws -Verbose 4>&1 -ErrorVariable err -ErrorAction SilentlyContinue)
            $found = @($hits | Where-Object { $_ -is [LambdaSec.Model.LambdaSecretFinding] })
            $found | Should -HaveCount 1
            $found[0].FunctionArn | Should -BeExactly 'arn:aws:lambda:us-east-1:111111111111:function:code-secrets'
            $found[0].Location | Should -BeExactly 'SLACK'
            $found[0].AccountId | Should -BeExactly '111111111111'
            $err | Should -HaveCount 0
            Assert-NoPlantedSecret $hits
        }

        It 'Should read the code of every listed function with -IncludeCode' {
            $hits = @(Find-LambdaSecret @aws -IncludeCode)
            @($hits | Sort-Object Source).Source | Should -Be @('Code', 'Environment', 'Layer')
        }

        It 'Should scan every region of the partition with -AllRegions' {
            $saved = Save-TestEnvironment AWS_REGION
            try {
                $env:AWS_REGION = 'us-east-1'
                $everywhere = $aws.Clone(); $everywhere.Remove('Region')
                $hits = @(Find-LambdaSecret @everywhere -AllRegions -ErrorVariable err)
            } finally {
                Restore-TestEnvironment $saved
            }
            $hits.FunctionName | Should -Be @('code-secrets')
            $err | Should -HaveCount 0
        }
    }

    Context 'When the audit runs over functions whose variables hold secrets (LS-SEC-001)' {
        BeforeAll {
            $script:checkpoint = Join-Path $TestDrive 'audit.jsonl'
            $script:auditOut = @(Invoke-LambdaSecAudit @aws -Rule 'LS-SEC-*' -CheckpointPath $checkpoint -Verbose 4>&1 -ErrorAction SilentlyContinue)
            $script:secretFindings = @($auditOut | Where-Object { $_ -is [LambdaSec.Model.LambdaSecFinding] })
        }

        It 'Should report the function with the planted variable, naming it and its rule' {
            $secretFindings | Should -HaveCount 1
            $secretFindings[0].RuleId | Should -BeExactly 'LS-SEC-001'
            $secretFindings[0].FunctionName | Should -BeExactly 'code-secrets'
            $secretFindings[0].Severity | Should -Be 'Critical' -Because 'a Slack token is a provider''s own format (High confidence)'
            $secretFindings[0].Evidence | Should -Match 'SLACK \(slack-token, High confidence, xoxb\*+'
            $secretFindings[0].Evidence | Should -Not -Match 'TABLE'
            $secretFindings[0].ControlIds | Should -Contain 'Prowler:awslambda_function_no_secrets_in_variables'
        }

        It 'Should keep the secret out of the objects, the verbose stream, the checkpoint and every report format' {
            Assert-NoPlantedSecret $auditOut -Text (Get-Content $checkpoint -Raw)
            foreach ($format in 'Html', 'Json', 'Csv', 'Sarif', 'JUnit', 'Asff') {
                $report = Join-Path $TestDrive "secrets.$format"
                $secretFindings | Export-LambdaSecReport -Path $report -Format $format
                $text = Get-Content $report -Raw
                $text | Should -Match 'SLACK' -Because "the $format report names the variable"
                Assert-NoPlantedSecret -Text $text
            }
        }
    }

    Context 'When a layer version no longer exists' {
        It 'Should write LambdaSec.ResourceNotFound for the function and go on with the others' {
            $null = Invoke-TestAwsCli -Emulator $emulator -Arguments @('lambda', 'create-function', '--function-name', 'stale-layer', '--runtime', 'python3.13', '--handler', 'index.handler',
                '--role', 'arn:aws:iam::111111111111:role/r', '--zip-file', "fileb://$(Join-Path $TestDrive 'clean.zip')", '--layers', ($script:LayerArn -replace ':1$', ':99'))
            $hits = @(Find-LambdaSecret @aws -FunctionName stale-layer, code-secrets -IncludeCode -ErrorVariable err -ErrorAction SilentlyContinue)
            @($hits | Where-Object FunctionName -eq 'code-secrets') | Should -HaveCount 3
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.ResourceNotFound,LambdaSec.Cmdlets.FindLambdaSecretCommand'
            "$($err[0].TargetObject)" | Should -Be 'stale-layer'
        }
    }
}
