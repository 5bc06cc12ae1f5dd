Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeDiscovery {
    # One recorded-shape CloudTrail record per file (tests/data/cloudtrail), owner 111111111111.
    $eventCases = @(
        @{ File = 'add-permission-public.json'; Action = 'Added'; Function = 'orders'; StatementId = 'open-to-all'; Exposure = 'Public'; Actor = 'arn:aws:iam::111111111111:role/Admin'; External = @() }
        @{ File = 'add-permission-s3-request-only.json'; Action = 'Added'; Function = 'thumbnails'; StatementId = 's3-invoke'; Exposure = 'ServiceRestricted'; Actor = 'arn:aws:iam::111111111111:user/bob'; External = @() }
        @{ File = 'add-permission-s3-unpinned.json'; Action = 'Added'; Function = 'thumbnails'; StatementId = 's3-any'; Exposure = 'ServiceUnrestricted'; Actor = 'cloudformation.amazonaws.com'; External = @() }
        @{ File = 'add-permission-cross-account.json'; Action = 'Added'; Function = 'billing'; StatementId = 'partner'; Exposure = 'CrossAccount'; Actor = 'arn:aws:iam::111111111111:role/Admin'; External = @('222222222222') }
        @{ File = 'add-permission-organization.json'; Action = 'Added'; Function = 'shared'; StatementId = 'org'; Exposure = 'Organization'; Actor = 'arn:aws:iam::111111111111:role/Admin'; External = @() }
        @{ File = 'add-permission-url-none.json'; Action = 'Added'; Function = 'webhook'; StatementId = 'FunctionURLAllowPublicAccess'; Exposure = 'Public'; Actor = 'arn:aws:iam::111111111111:role/Admin'; External = @() }
        @{ File = 'remove-permission.json'; Action = 'Removed'; Function = 'orders'; StatementId = 'open-to-all'; Exposure = 'None'; Actor = 'arn:aws:iam::111111111111:role/Admin'; External = @() }
        @{ File = 'create-url-none.json'; Action = 'UrlCreated'; Function = 'webhook'; StatementId = $null; Exposure = 'Public'; Actor = 'arn:aws:iam::111111111111:role/Admin'; External = @() }
        @{ File = 'update-url-iam.json'; Action = 'UrlUpdated'; Function = 'webhook'; StatementId = $null; Exposure = 'None'; Actor = 'arn:aws:iam::111111111111:role/Admin'; External = @() }
        @{ File = 'delete-url.json'; Action = 'UrlDeleted'; Function = 'webhook'; StatementId = $null; Exposure = 'None'; Actor = 'arn:aws:iam::111111111111:role/Admin'; External = @() }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest
    $script:data = Join-Path $PSScriptRoot 'data/cloudtrail'
    function script:Read-Event([string] $File) { Get-Content (Join-Path $data $File) -Raw }
    $script:singleFiles = Get-ChildItem $data -Filter '*.json' | Where-Object Name -notin 'lookup-events.json', 'log-file.json'
}

Describe 'Get-LambdaPermissionEvent' {
    Context 'When a recorded event is read: <File>' -ForEach $eventCases {
        BeforeAll {
            $result = Read-Event $File | Get-LambdaPermissionEvent
        }

        It 'Should be <Action> on <Function> with exposure <Exposure>' {
            @($result).Count | Should -Be 1
            $result.Action | Should -Be $Action
            $result.FunctionName | Should -Be $Function
            $result.StatementId | Should -Be $StatementId
            $result.Exposure | Should -Be $Exposure
            @($result.ExternalAccounts) | Should -Be $External
            $result.Reason | Should -Not -BeNullOrEmpty
        }

        It 'Should say who did it, when, from where, in which account and region' {
            $result.Actor | Should -Be $Actor
            $result.EventTime.Kind | Should -Be 'Utc'
            $result.SourceIp | Should -Not -BeNullOrEmpty
            $result.UserAgent | Should -Not -BeNullOrEmpty
            $result.AccountId | Should -Be '111111111111'
            $result.Region | Should -Be 'us-east-1'
            $result.FunctionArn | Should -Be "arn:aws:lambda:us-east-1:111111111111:function:$Function"
        }
    }

    Context 'When an AddPermission record has no responseElements' {
        It 'Should classify the statement Lambda writes for the request' {
            $result = Read-Event 'add-permission-s3-request-only.json' | Get-LambdaPermissionEvent
            $statement = $result.Statement | ConvertFrom-Json
            $statement.Principal.Service | Should -Be 's3.amazonaws.com'
            $statement.Condition.StringEquals.'AWS:SourceAccount' | Should -Be '111111111111'
            $statement.Condition.ArnLike.'AWS:SourceArn' | Should -Be 'arn:aws:s3:::uploads-bucket'
            $statement.Resource | Should -Be 'arn:aws:lambda:us-east-1:111111111111:function:thumbnails'
            $result.Conditions | Should -Contain 'StringEquals AWS:SourceAccount = 111111111111'
            $result.Principal | Should -Be 's3.amazonaws.com'
            $result.GrantedAction | Should -Be 'lambda:InvokeFunction'
        }

        It 'Should write an account principal as its root ARN and keep the organization condition' {
            $result = Read-Event 'add-permission-organization.json' | Get-LambdaPermissionEvent
            ($result.Statement | ConvertFrom-Json).Condition.StringEquals.'aws:PrincipalOrgID' | Should -Be 'o-abc123def4'
        }

        It 'Should keep the function URL auth type as a condition that does not narrow' {
            $result = Read-Event 'add-permission-url-none.json' | Get-LambdaPermissionEvent
            $result.Conditions | Should -Contain 'StringEquals lambda:FunctionUrlAuthType = NONE'
            $result.AuthType | Should -Be 'NONE'
            $result.Exposure | Should -Be 'Public'
        }
    }

    Context 'When the function is named by a qualified ARN' {
        It 'Should report the unqualified ARN and the qualifier' {
            $result = Read-Event 'add-permission-cross-account.json' | Get-LambdaPermissionEvent
            $result.Qualifier | Should -Be 'prod'
            $result.FunctionArn | Should -Be 'arn:aws:lambda:us-east-1:111111111111:function:billing'
        }

        It 'Should read a partial ARN (account:function:name)' {
            $record = Read-Event 'add-permission-public.json' | ConvertFrom-Json
            $record.requestParameters.functionName = '333333333333:function:orders'
            $record.responseElements = $null
            $result = $record | ConvertTo-Json -Depth 10 | Get-LambdaPermissionEvent
            $result.FunctionName | Should -Be 'orders'
            $result.AccountId | Should -Be '333333333333'
            $result.FunctionArn | Should -Be 'arn:aws:lambda:us-east-1:333333333333:function:orders'
        }
    }

    Context 'When lookup-events output or a CloudTrail log file is read' {
        It 'Should read LookupEvents events, skip other events and leave failed calls out' {
            $results = @(Read-Event 'lookup-events.json' | Get-LambdaPermissionEvent)
            $results.Count | Should -Be 2
            $results.Action | Should -Be @('Added', 'Removed')
            $results | Where-Object ErrorCode | Should -BeNullOrEmpty
        }

        It 'Should include failed calls with their error code on -IncludeFailed' {
            $results = @(Read-Event 'lookup-events.json' | Get-LambdaPermissionEvent -IncludeFailed)
            $results.Count | Should -Be 3
            $failed = $results | Where-Object ErrorCode
            $failed.ErrorCode | Should -Be 'AccessDenied'
            $failed.Actor | Should -Be 'arn:aws:iam::111111111111:user/mallory'
        }

        It 'Should bind the CloudTrailEvent property of AWS.Tools events (Find-CTEvent)' {
            $events = (Read-Event 'lookup-events.json' | ConvertFrom-Json).Events
            $results = @($events | Get-LambdaPermissionEvent)
            $results.Action | Should -Be @('Added', 'Removed')
        }

        It 'Should read the Records of a log file' {
            $results = @(Read-Event 'log-file.json' | Get-LambdaPermissionEvent)
            $results.Action | Should -Be @('Added', 'UrlCreated')
        }
    }

    Context 'When filters are given' {
        It 'Should answer who made what public with -ExposureAtLeast Public' {
            $results = @($singleFiles | ForEach-Object { Get-Content $_ -Raw } | Get-LambdaPermissionEvent -ExposureAtLeast Public)
            @($results | ForEach-Object { "$($_.Action) $($_.FunctionName)" } | Sort-Object) | Should -Be @('Added orders', 'Added webhook', 'UrlCreated webhook')
            $results.Exposure | Select-Object -Unique | Should -Be 'Public'
        }

        It 'Should keep events of the time window only' {
            $results = @($singleFiles | ForEach-Object { Get-Content $_ -Raw } |
                    Get-LambdaPermissionEvent -StartTime ([datetime]::new(2026, 11, 20, 10, 10, 0, [DateTimeKind]::Utc)) -EndTime ([datetime]::new(2026, 11, 20, 11, 0, 0, [DateTimeKind]::Utc)))
            @($results.EventTime | ForEach-Object { $_.ToString('HH:mm') } | Sort-Object) | Should -Be @('10:10', '10:15', '10:19', '10:20', '11:00')
        }

        It 'Should keep events of functions matching -FunctionName by name or ARN' {
            $all = $singleFiles | ForEach-Object { Get-Content $_ -Raw }
            @($all | Get-LambdaPermissionEvent -FunctionName 'thumb*').StatementId | Sort-Object | Should -Be @('s3-any', 's3-invoke')
            @($all | Get-LambdaPermissionEvent -FunctionName 'arn:aws:lambda:us-east-1:111111111111:function:billing').StatementId | Should -Be 'partner'
        }
    }

    Context 'When an event cannot be read' {
        It 'Should write LambdaSec.CloudTrailEventInvalid for <Name> and go on' -ForEach @(
            @{ Name = 'text that is not JSON'; Text = 'not json' }
            @{ Name = 'an object that is no event'; Text = '{"hello":"world"}' }
            @{ Name = 'a permission event without a time'; Text = '{"eventName":"AddPermission20150331v2","eventSource":"lambda.amazonaws.com","requestParameters":{}}' }
        ) {
            $results = @($Text, (Read-Event 'add-permission-public.json') | Get-LambdaPermissionEvent -ErrorVariable errors -ErrorAction SilentlyContinue)
            $results.Count | Should -Be 1
            $errors.Count | Should -Be 1
            $errors[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.CloudTrailEventInvalid,LambdaSec.Cmdlets.GetLambdaPermissionEventCommand'
            $errors[0].CategoryInfo.Category | Should -Be 'InvalidData'
        }

        It 'Should skip events of other services and other Lambda events silently' {
            $other = '{"eventName":"AddPermission","eventSource":"sns.amazonaws.com","eventTime":"2026-11-20T10:00:00Z"}'
            $layer = '{"eventName":"AddLayerVersionPermission20181031","eventSource":"lambda.amazonaws.com","eventTime":"2026-11-20T10:00:00Z"}'
            @($other, $layer | Get-LambdaPermissionEvent).Count | Should -Be 0
        }
    }

    Context 'When the default view renders' {
        It 'Should show time, action, function, exposure, whether LambdaSec made the change, and actor' {
            $text = Read-Event 'add-permission-public.json' | Get-LambdaPermissionEvent | Out-String -Width 100
            $text | Should -Match 'Exposure\s+ByLambdaSec\s+Actor'
            $text | Should -Match '2026-11-20 10:00:00\s+Added\s+orders\s+Public\s+False\s+role/Admin'
        }
    }
}

Describe 'Get-LambdaPermissionEvent against the emulator' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
        $owner = '111111111111'
        # History: 60 permission events of a function that no longer exists (more than one LookupEvents page of 50)
        # and 60 other Lambda events in between, all on 1 November 2026.
        $history = foreach ($i in 0..59) {
            $time = [datetime]::new(2026, 11, 1, 8, 0, 0, [DateTimeKind]::Utc).AddMinutes(2 * $i)
            @{ eventName = 'AddPermission20150331v2'; eventTime = $time.ToString('yyyy-MM-ddTHH:mm:ssZ'); functionName = 'gone-fn'
                requestParameters = @{ functionName = 'gone-fn'; statementId = "grant-$i"; action = 'lambda:InvokeFunction'; principal = '*' } }
            @{ eventName = 'UpdateFunctionConfiguration20150331v2'; eventTime = $time.AddMinutes(1).ToString('yyyy-MM-ddTHH:mm:ssZ'); functionName = 'gone-fn'
                requestParameters = @{ functionName = 'gone-fn'; timeout = 30 } }
        }
        $scenario = Join-Path $TestDrive 'permission-events.json'
        @{ accounts = @(@{ id = $owner; regions = @{ 'us-east-1' = @{ events = @($history) } } }) } | ConvertTo-Json -Depth 10 | Set-Content $scenario -Encoding utf8
        # --trail-reads: CloudTrail records every call, reads too, so the user agent of each call can be checked.
        $script:emulator = Start-TestEmulator -Scenario $scenario -ArgumentList '--trail-reads'
        $script:aws = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = $owner; SecretKey = 'x'; Region = 'us-east-1' }

        # Live writes through the AWS CLI: the emulator records them as CloudTrail does. ("--principal=*" keeps PowerShell from globbing "*" on Unix.)
        $zip = Join-Path $TestDrive 'code.zip'
        Set-Content (Join-Path $TestDrive 'app.py') 'def handler(event, context): return 1'
        Compress-Archive -Path (Join-Path $TestDrive 'app.py') -DestinationPath $zip
        foreach ($name in 'live-fn', 'temp-fn') {
            $null = Invoke-TestAwsCli -Emulator $emulator @('lambda', 'create-function', '--function-name', $name, '--runtime', 'python3.13', '--handler', 'app.handler', '--role', "arn:aws:iam::${owner}:role/exec", '--zip-file', "fileb://$zip")
        }
        $null = Invoke-TestAwsCli -Emulator $emulator @('lambda', 'add-permission', '--function-name', 'live-fn', '--statement-id', 'pub', '--action', 'lambda:InvokeFunction', '--principal=*')
        $null = Invoke-TestAwsCli -Emulator $emulator @('lambda', 'add-permission', '--function-name', 'live-fn', '--statement-id', 's3', '--action', 'lambda:InvokeFunction', '--principal', 's3.amazonaws.com', '--source-account', $owner, '--source-arn', 'arn:aws:s3:::uploads')
        $null = Invoke-TestAwsCli -Emulator $emulator @('lambda', 'create-function-url-config', '--function-name', 'live-fn', '--auth-type', 'NONE')
        $null = Invoke-TestAwsCli -Emulator $emulator @('lambda', 'add-permission', '--function-name', 'temp-fn', '--statement-id', 'partner', '--action', 'lambda:InvokeFunction', '--principal', '222222222222')
        $null = Invoke-TestAwsCli -Emulator $emulator @('lambda', 'remove-permission', '--function-name', 'live-fn', '--statement-id', 's3')
        $null = Invoke-TestAwsCli -Emulator $emulator @('lambda', 'delete-function', '--function-name', 'temp-fn')
        $script:live = @(Get-LambdaPermissionEvent @aws)
    }

    AfterAll {
        Stop-TestEmulator -Emulator $emulator
    }

    Context 'When permissions were added through the emulator' {
        It 'Should report each change, newest first, classified' {
            @($live | ForEach-Object { "$($_.Action) $($_.FunctionName) $($_.StatementId) $($_.Exposure)" }) | Should -Be @(
                'Removed live-fn s3 None'
                'Added temp-fn partner CrossAccount'
                'UrlCreated live-fn  Public'
                'Added live-fn s3 ServiceRestricted'
                'Added live-fn pub Public'
            )
        }

        It 'Should carry the actor, account, region and the statement Lambda wrote' {
            $public = $live | Where-Object StatementId -eq 'pub'
            $public.AccountId | Should -Be '111111111111'
            $public.Region | Should -Be 'us-east-1'
            $public.FunctionArn | Should -Be 'arn:aws:lambda:us-east-1:111111111111:function:live-fn'
            $public.Actor | Should -Not -BeNullOrEmpty
            $public.UserAgent | Should -BeLike 'aws-cli/*'
            ($public.Statement | ConvertFrom-Json).Principal | Should -Be '*'
        }

        It 'Should report events of a function deleted since' {
            $partner = $live | Where-Object FunctionName -eq 'temp-fn'
            $partner.ExternalAccounts | Should -Be @('222222222222')
        }

        It 'Should keep only public grants with -ExposureAtLeast Public' {
            @(Get-LambdaPermissionEvent @aws -ExposureAtLeast Public).Action | Should -Be @('UrlCreated', 'Added')
        }

        It 'Should take function names from the pipeline' {
            @([pscustomobject] @{ FunctionName = 'temp-fn' } | Get-LambdaPermissionEvent @aws).StatementId | Should -Be 'partner'
        }
    }

    Context 'When the history spans more than one page' {
        It 'Should read every page of the time window and skip the other Lambda events' {
            $window = @{ StartTime = [datetime]::new(2026, 11, 1, 0, 0, 0, [DateTimeKind]::Utc); EndTime = [datetime]::new(2026, 11, 2, 0, 0, 0, [DateTimeKind]::Utc) }
            $events = @(Get-LambdaPermissionEvent @aws @window)
            $events.Count | Should -Be 60
            @($events.StatementId | Sort-Object -Unique).Count | Should -Be 60
            $events.FunctionName | Select-Object -Unique | Should -Be 'gone-fn'
        }

        It 'Should keep only the events of a narrower window' {
            $window = @{ StartTime = [datetime]::new(2026, 11, 1, 8, 0, 0, [DateTimeKind]::Utc); EndTime = [datetime]::new(2026, 11, 1, 8, 59, 0, [DateTimeKind]::Utc) }
            # AddPermission at 8:00, 8:02 ... 8:58: 30 events.
            @(Get-LambdaPermissionEvent @aws @window).Count | Should -Be 30
        }

        It 'Should leave the history out of the default window of 7 days' {
            @(Get-LambdaPermissionEvent @aws | Where-Object FunctionName -eq 'gone-fn').Count | Should -Be 0
        }
    }

    Context 'When LambdaSec itself makes the calls' {
        BeforeAll {
            function script:Get-TrailRecord { @((Invoke-TestAwsCli -Emulator $emulator @('cloudtrail', 'lookup-events')).Events | ForEach-Object { $_.CloudTrailEvent | ConvertFrom-Json }) }
            $before = @(Get-TrailRecord).eventID
            $null = Invoke-TestEmulatorAdmin -Emulator $emulator -Method DELETE -Path '/_emulator/stats'
            # Reads (exposure scan, role analysis) and a change (the remediation of the public grant), then the events.
            $null = Get-LambdaExposure @aws
            $null = Get-LambdaRolePrivilege @aws -FunctionName live-fn -ErrorAction SilentlyContinue
            $null = Remove-LambdaPublicPermission @aws -FunctionName live-fn -BackupPath (Join-Path $TestDrive 'backup.jsonl') -Confirm:$false
            $script:changes = @(Get-LambdaPermissionEvent @aws)
            $script:calls = (Invoke-TestEmulatorAdmin -Emulator $emulator -Path '/_emulator/stats').totals.calls
            # Every record made since, except the AWS CLI's own lookups above.
            $script:mine = @(Get-TrailRecord | Where-Object { $_.eventID -notin $before -and $_.userAgent -notlike 'aws-cli/*' })
        }

        It 'Should show LambdaSec''s user agent in the CloudTrail record of every call' {
            $calls | Should -BeGreaterThan 5
            $mine.Count | Should -Be $calls
            $mine | Where-Object userAgent -notmatch '^LambdaSec/\d+\.\d+\.\d+ PowerShell/\S+ md/PSEdition#(Core|Desktop) os/\S+ lang/dotnet#\S+$' | Should -BeNullOrEmpty
            @($mine.eventName | Sort-Object -Unique) | Should -Contain 'RemovePermission20150331v2'
            @($mine.eventName | Sort-Object -Unique) | Should -Contain 'GetPolicy'
        }

        It 'Should tell LambdaSec''s own change from the others by ByLambdaSec' {
            $removal = @($changes | Where-Object { $_.Action -eq 'Removed' -and $_.StatementId -eq 'pub' })
            $removal.Count | Should -Be 1
            $removal[0].ByLambdaSec | Should -BeTrue
            $removal[0].UserAgent | Should -BeLike 'LambdaSec/*'
            @($changes | Where-Object { $_.StatementId -ne 'pub' -or $_.Action -ne 'Removed' } | Where-Object ByLambdaSec) | Should -BeNullOrEmpty
        }
    }
}
