Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeDiscovery {
    # Hand-computed worst cases with the embedded prices (us-east-1: x86 $0.0000166667 and arm64 $0.0000133334
    # per GB-s, $0.20 per million requests, REST API $3.50/M to 333M then $2.80/M, HTTP API $1.00/M to 300M
    # then $0.90/M). FullTimeout: C / T invocations/s, C × GB × seconds of compute. RequestRate: 10 × C
    # invocations/s at 1 ms each. The dearer one wins.
    $costCases = @(
        @{
            Name = 'x86 1 GB 30 s on the default unreserved concurrency 1000'
            Arguments = @{ MemorySize = 1024; Timeout = 30 }
            # 1000 × 3600 × 1 × 0.0000166667 = 60.00012; 120,000 requests × 0.2e-6 = 0.024
            PerHour = 60.0241; PerDay = 1440.5789; Concurrency = 1000; Scenario = 'FullTimeout'; Limit = 'UnreservedConcurrency'; Entry = 'Direct'; Rate = 33.333
        }
        @{
            Name = 'arm64 512 MB 60 s with reserved concurrency 100'
            Arguments = @{ MemorySize = 512; Timeout = 60; Architectures = 'arm64'; ReservedConcurrentExecutions = 100 }
            # 100 × 3600 × 0.5 × 0.0000133334 = 2.400012; 6,000 requests × 0.2e-6 = 0.0012
            PerHour = 2.4012; PerDay = 57.6291; Concurrency = 100; Scenario = 'FullTimeout'; Limit = 'ReservedConcurrency'; Entry = 'Direct'; Rate = 1.667
        }
        @{
            Name = 'x86 1 GB 30 s with unreserved concurrency 500'
            Arguments = @{ MemorySize = 1024; Timeout = 30; UnreservedConcurrency = 500 }
            # 500 × 3600 × 0.0000166667 = 30.00006; 60,000 × 0.2e-6 = 0.012
            PerHour = 30.0121; PerDay = 720.2894; Concurrency = 500; Scenario = 'FullTimeout'; Limit = 'UnreservedConcurrency'; Entry = 'Direct'; Rate = 16.667
        }
        @{
            Name = 'x86 128 MB 3 s behind an HTTP API'
            Arguments = @{ MemorySize = 128; Timeout = 3; EntryPoint = 'HttpApi' }
            # RequestRate 10,000/s: 36M/h × (0.001 × 0.125 × 0.0000166667 + 0.2e-6 + 1.0e-6) = 43.27500015
            # per day 864M: 1.8000036 + 172.8 + (300 × 1.00 + 564 × 0.90) = 982.2000036
            PerHour = 43.2750; PerDay = 982.2000; Concurrency = 1000; Scenario = 'RequestRate'; Limit = 'LambdaRequestRate'; Entry = 'HttpApi'; Rate = 10000
        }
        @{
            Name = 'x86 1 GB 30 s behind a REST API with the account throttle only'
            Arguments = @{ MemorySize = 1024; Timeout = 30; EntryPoint = 'RestApi' }
            # RequestRate 10,000/s: 36M/h × (0.001 × 0.0000166667 + 0.2e-6 + 3.5e-6) = 133.8000012
            # per day 864M: 14.4000288 + 172.8 + (333 × 3.50 + 531 × 2.80) = 2839.5000288
            PerHour = 133.8000; PerDay = 2839.5000; Concurrency = 1000; Scenario = 'RequestRate'; Limit = 'LambdaRequestRate'; Entry = 'RestApi'; Rate = 10000
        }
        @{
            Name = 'x86 1 GB 30 s behind a REST API throttled at 100 requests/s'
            Arguments = @{ MemorySize = 1024; Timeout = 30; EntryPoint = 'RestApi'; ThrottleRateLimit = 100 }
            # FullTimeout 33.3/s is under the throttle: 60.00012 + 120,000 × (0.2e-6 + 3.5e-6) = 60.44412
            PerHour = 60.4441; PerDay = 1450.6589; Concurrency = 1000; Scenario = 'FullTimeout'; Limit = 'UnreservedConcurrency'; Entry = 'RestApi'; Rate = 33.333
        }
        @{
            Name = 'x86 1 GB 30 s behind a REST API with a global WAF rate rule of 3000 per 5 minutes'
            Arguments = @{ MemorySize = 1024; Timeout = 30; EntryPoint = 'RestApi'; WafRateLimit = 3000 }
            # 10 requests/s keep 300 slots busy: 300 × 3600 × 0.0000166667 = 18.000036; 36,000 × 3.7e-6 = 0.1332
            PerHour = 18.1332; PerDay = 435.1977; Concurrency = 1000; Scenario = 'FullTimeout'; Limit = 'WafRateRule'; Entry = 'RestApi'; Rate = 10
        }
        @{
            Name = 'x86 1 GB 30 s with reserved concurrency 10 in af-south-1'
            Arguments = @{ FunctionName = 'arn:aws:lambda:af-south-1:111111111111:function:f'; MemorySize = 1024; Timeout = 30; ReservedConcurrentExecutions = 10 }
            # Cape Town: 10 × 3600 × 0.0000221 = 0.7956; 1,200 × 0.2e-6 = 0.00024
            PerHour = 0.7958; PerDay = 19.1002; Concurrency = 10; Scenario = 'FullTimeout'; Limit = 'ReservedConcurrency'; Entry = 'Direct'; Rate = 0.333
        }
        @{
            Name = 'reserved concurrency 0'
            Arguments = @{ MemorySize = 10240; Timeout = 900; ReservedConcurrentExecutions = 0; EntryPoint = 'RestApi' }
            PerHour = 0; PerDay = 0; Concurrency = 0; Scenario = 'None'; Limit = 'ZeroReservedConcurrency'; Entry = 'RestApi'; Rate = 0
        }
    )

    $budgetCases = @(
        # Direct, 1 GB 30 s: a day costs N × (86400 × 0.0000166667 + 2880 × 0.2e-6) = N × 1.44057888.
        @{ Budget = 100; Expected = 69 }
        @{ Budget = 1.44; Expected = 0 }
        @{ Budget = 1.45; Expected = 1 }
        # Any budget above the whole account's worst case: the most a function may reserve (1000 - 100).
        @{ Budget = 1000000; Expected = 900 }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest
    $script:embeddedPrices = Join-Path $PSScriptRoot '../src/LambdaSec/Data/prices.json'
}

Describe 'Measure-LambdaDenialOfWallet' {
    Context 'When pricing <Name>' -ForEach $costCases {
        BeforeAll {
            $result = Measure-LambdaDenialOfWallet -Offline @Arguments
        }

        It 'Should cost <PerHour> per hour and <PerDay> per day' {
            $result.CostPerHour | Should -Be ([decimal] $PerHour)
            $result.CostPerDay | Should -Be ([decimal] $PerDay)
            $result.Currency | Should -Be 'USD'
        }

        It 'Should be the <Scenario> scenario through <Entry>, bound by <Limit>, at <Rate> invocations/s' {
            $result.Scenario | Should -Be $Scenario
            $result.EntryPoint | Should -Be $Entry
            $result.BindingLimit | Should -Be $Limit
            $result.Concurrency | Should -Be $Concurrency
            $result.InvocationsPerSecond | Should -Be $Rate
            $result.CappedBy | Should -Not -BeNullOrEmpty
        }
    }

    Context 'When several entry points reach the function' {
        It 'Should report the dearest one' {
            $result = Measure-LambdaDenialOfWallet -Offline -MemorySize 1024 -Timeout 30 -EntryPoint FunctionUrl, HttpApi, RestApi
            $result.EntryPoint | Should -Be 'RestApi'
            $result.CostPerDay | Should -Be 2839.5
        }

        It 'Should warn that a throttle without an API Gateway entry point is not counted' {
            $result = Measure-LambdaDenialOfWallet -Offline -MemorySize 1024 -Timeout 30 -ThrottleRateLimit 1 -WarningVariable warnings -WarningAction SilentlyContinue
            $result.CostPerDay | Should -Be 1440.5789
            $warnings[0] | Should -BeLike '*-ThrottleRateLimit applies to API Gateway only*'
        }
    }

    Context 'When a budget is given' {
        It 'Should recommend reserved concurrency <Expected> for a budget of <Budget> per day' -ForEach $budgetCases {
            $result = Measure-LambdaDenialOfWallet -Offline -MemorySize 1024 -Timeout 30 -BudgetPerDay $Budget
            $result.RecommendedReservedConcurrency | Should -Be $Expected
            $result.BudgetPerDay | Should -Be ([decimal] $Budget)
        }

        It 'Should keep the recommended concurrency within the budget and one more above it' {
            $result = Measure-LambdaDenialOfWallet -Offline -MemorySize 2048 -Timeout 120 -Architectures arm64 -EntryPoint RestApi -BudgetPerDay 250
            $n = $result.RecommendedReservedConcurrency
            (Measure-LambdaDenialOfWallet -Offline -MemorySize 2048 -Timeout 120 -Architectures arm64 -EntryPoint RestApi -ReservedConcurrentExecutions $n).CostPerDay | Should -BeLessOrEqual 250
            (Measure-LambdaDenialOfWallet -Offline -MemorySize 2048 -Timeout 120 -Architectures arm64 -EntryPoint RestApi -ReservedConcurrentExecutions ($n + 1)).CostPerDay | Should -BeGreaterThan 250
        }

        It 'Should recommend nothing without a budget' {
            (Measure-LambdaDenialOfWallet -Offline -MemorySize 1024 -Timeout 30).RecommendedReservedConcurrency | Should -BeNullOrEmpty
        }
    }

    Context 'When functions come from the pipeline' {
        It 'Should bind FunctionConfiguration-shaped objects by property name' {
            $functions = @(
                [pscustomobject] @{ FunctionName = 'a'; MemorySize = 1024; Timeout = 30; Architectures = @('x86_64') }
                [pscustomobject] @{ FunctionArn = 'arn:aws:lambda:us-east-1:111111111111:function:b'; MemorySize = 512; Timeout = 60; Architectures = @('arm64'); ReservedConcurrentExecutions = 100 }
            )
            $results = @($functions | Measure-LambdaDenialOfWallet -Offline)
            $results.Count | Should -Be 2
            $results[0].FunctionName | Should -Be 'a'
            $results[0].CostPerDay | Should -Be 1440.5789
            $results[1].FunctionName | Should -Be 'b'
            $results[1].AccountId | Should -Be '111111111111'
            $results[1].Region | Should -Be 'us-east-1'
            $results[1].Architecture | Should -Be 'arm64'
            $results[1].ConcurrencySource | Should -Be 'ReservedConcurrency'
            $results[1].CostPerDay | Should -Be 57.6291
        }

        It 'Should render the default table view' {
            $text = Measure-LambdaDenialOfWallet -Offline -FunctionName api -MemorySize 1024 -Timeout 30 | Out-String -Width 80
            $text | Should -Match 'PerDay'
            $text | Should -Match '1,440\.58'
        }
    }

    Context 'When -PriceFile is given' {
        It 'Should use its prices' {
            $prices = Get-Content $embeddedPrices -Raw | ConvertFrom-Json
            $prices.lambda.requestPerMillion = 1.0
            $prices.currency = 'EUR'
            $path = Join-Path $TestDrive 'prices.json'
            $prices | ConvertTo-Json -Depth 10 | Set-Content -Path $path -Encoding utf8
            $result = Measure-LambdaDenialOfWallet -Offline -MemorySize 1024 -Timeout 30 -PriceFile $path
            # 60.00012 + 120,000 × 1.0e-6
            $result.CostPerHour | Should -Be 60.1201
            $result.Currency | Should -Be 'EUR'
        }

        It 'Should stop with LambdaSec.PriceFileInvalid naming the file for <Name>' -ForEach @(
            @{ Name = 'text that is not JSON'; Content = 'not json'; Problem = 'not valid JSON' }
            @{ Name = 'a missing Lambda section'; Content = '{"schemaVersion":1,"currency":"USD","compiled":"2026-11-26"}'; Problem = 'lambda is missing' }
            @{ Name = 'another schema version'; Content = '{"schemaVersion":2}'; Problem = 'schemaVersion must be 1' }
            @{ Name = 'Lambda prices without arm64'; Content = '{"schemaVersion":1,"currency":"USD","compiled":"2026-11-26","lambda":{"requestPerMillion":0.2,"computePerGbSecond":{"x86_64":[{"price":0.0000166667}]}}}'; Problem = 'lambda.computePerGbSecond.arm64 is missing' }
        ) {
            $path = Join-Path $TestDrive 'bad-prices.json'
            Set-Content -Path $path -Value $Content -Encoding utf8
            $err = { Measure-LambdaDenialOfWallet -Offline -MemorySize 1024 -Timeout 30 -PriceFile $path } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.PriceFileInvalid,LambdaSec.Cmdlets.MeasureLambdaDenialOfWalletCommand'
            $err.CategoryInfo.Category | Should -Be 'InvalidData'
            $err.Exception.Message | Should -BeLike "*'$path'*"
            $err.Exception.Message | Should -BeLike "*$Problem*"
        }

        It 'Should stop with LambdaSec.PriceFileInvalid for <Name>' -ForEach @(
            @{ Name = 'a negative request price'; Change = { param($p) $p.lambda.requestPerMillion = -1 }; Problem = 'lambda.requestPerMillion must be a number not below 0' }
            @{ Name = 'an open tier before the last'; Change = { param($p) $p.apiGateway.httpApiPerMillion[0].PSObject.Properties.Remove('upTo') }; Problem = 'apiGateway.httpApiPerMillion[0]: only the last tier has no upTo' }
            @{ Name = 'tiers out of order'; Change = { param($p) $p.apiGateway.restApiPerMillion[1].upTo = 1 }; Problem = 'apiGateway.restApiPerMillion[1]: upTo must grow from tier to tier' }
        ) {
            $prices = Get-Content $embeddedPrices -Raw | ConvertFrom-Json
            & $Change $prices
            $path = Join-Path $TestDrive 'changed-prices.json'
            $prices | ConvertTo-Json -Depth 10 | Set-Content -Path $path -Encoding utf8
            $err = { Measure-LambdaDenialOfWallet -Offline -MemorySize 1024 -Timeout 30 -PriceFile $path } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.PriceFileInvalid,LambdaSec.Cmdlets.MeasureLambdaDenialOfWalletCommand'
            $err.Exception.Message | Should -BeLike "*'$path'*$([WildcardPattern]::Escape($Problem))*"
        }

        It 'Should stop with LambdaSec.PriceFileNotFound when the file does not exist' {
            $path = Join-Path $TestDrive 'no-such-prices.json'
            $err = { Measure-LambdaDenialOfWallet -Offline -MemorySize 1024 -Timeout 30 -PriceFile $path } | Should -Throw -PassThru
            $err.FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.PriceFileNotFound,LambdaSec.Cmdlets.MeasureLambdaDenialOfWalletCommand'
            $err.CategoryInfo.Category | Should -Be 'ObjectNotFound'
        }
    }

    Context 'When parameters are out of range' {
        It 'Should refuse <Name>' -ForEach @(
            @{ Name = 'memory below 128 MB'; Arguments = @{ MemorySize = 64 } }
            @{ Name = 'a timeout above 900 s'; Arguments = @{ Timeout = 901 } }
            @{ Name = 'an unknown architecture'; Arguments = @{ Architectures = 'sparc' } }
        ) {
            { Measure-LambdaDenialOfWallet -Offline @Arguments } | Should -Throw -ErrorId 'ParameterArgumentValidationError,LambdaSec.Cmdlets.MeasureLambdaDenialOfWalletCommand'
        }
    }
}

Describe 'Measure-LambdaDenialOfWallet against the emulator' {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
        $owner = '111111111111'
        $script:emulator = Start-TestEmulator
        $script:aws = @{ EndpointUrl = $emulator.EndpointUrl; AccessKey = $owner; SecretKey = 'x'; Region = 'us-east-1' }
        $zip = Join-Path $TestDrive 'code.zip'
        Set-Content (Join-Path $TestDrive 'app.py') 'def handler(event, context): return 1'
        Compress-Archive -Path (Join-Path $TestDrive 'app.py') -DestinationPath $zip
        $create = @('lambda', 'create-function', '--runtime', 'python3.13', '--handler', 'app.handler', '--role', "arn:aws:iam::${owner}:role/exec", '--zip-file', "fileb://$zip")
        $null = Invoke-TestAwsCli -Emulator $emulator ($create + @('--function-name', 'fn-public', '--memory-size', '1024', '--timeout', '30'))
        $null = Invoke-TestAwsCli -Emulator $emulator ($create + @('--function-name', 'fn-reserved', '--memory-size', '512', '--timeout', '60', '--architectures', 'arm64'))
        $null = Invoke-TestAwsCli -Emulator $emulator @('lambda', 'add-permission', '--function-name', 'fn-public', '--statement-id', 'pub', '--action', 'lambda:InvokeFunction', '--principal=*')
        $null = Invoke-TestAwsCli -Emulator $emulator @('lambda', 'put-function-concurrency', '--function-name', 'fn-reserved', '--reserved-concurrent-executions', '100')
        $script:all = @(Measure-LambdaDenialOfWallet @aws)
    }

    AfterAll {
        Stop-TestEmulator -Emulator $emulator
    }

    Context 'When every function of the region is priced' {
        It 'Should price a public function on the unreserved concurrency left by the other function' {
            $public = $all | Where-Object FunctionName -eq 'fn-public'
            # Unreserved 1000 - 100 = 900: 900 × 3600 × 0.0000166667 + 108,000 × 0.2e-6 = 54.021708 per hour.
            $public.Concurrency | Should -Be 900
            $public.ConcurrencySource | Should -Be 'UnreservedConcurrency'
            $public.EntryPoint | Should -Be 'Direct'
            $public.CostPerHour | Should -Be 54.0217
            $public.CostPerDay | Should -Be 1296.521
            $public.AccountId | Should -Be '111111111111'
            $public.FunctionArn | Should -Be 'arn:aws:lambda:us-east-1:111111111111:function:fn-public'
        }

        It 'Should read reserved concurrency, memory, timeout and architecture' {
            $reserved = $all | Where-Object FunctionName -eq 'fn-reserved'
            $reserved.Concurrency | Should -Be 100
            $reserved.BindingLimit | Should -Be 'ReservedConcurrency'
            $reserved.Architecture | Should -Be 'arm64'
            $reserved.EntryPoint | Should -Be 'Direct (no outside entry point)'
            $reserved.CostPerHour | Should -Be 2.4012
            $reserved.CostPerDay | Should -Be 57.6291
        }
    }

    Context 'When a load balancer with a WAF rate rule fronts the function' {
        BeforeAll {
            $visibility = @{ SampledRequestsEnabled = $true; CloudWatchMetricsEnabled = $true; MetricName = 'm' }
            $rules = @(
                # Per IP: a distributed attacker multiplies it, so it caps nothing.
                @{ Name = 'per-ip'; Priority = 0; Action = @{ Block = @{} }; VisibilityConfig = $visibility; Statement = @{ RateBasedStatement = @{ Limit = 100; AggregateKeyType = 'IP' } } }
                # All requests together: 3000 per 300 s = 10 requests/s.
                @{ Name = 'global'; Priority = 1; Action = @{ Block = @{} }; VisibilityConfig = $visibility; Statement = @{ RateBasedStatement = @{ Limit = 3000; AggregateKeyType = 'CONSTANT' } } }
            )
            $scenario = Join-Path $TestDrive 'waf.json'
            @{ accounts = @(@{ id = '111111111111'; regions = @{ 'us-east-1' = @{
                            webAcls = @(@{ name = 'rate-acl'; defaultAction = 'Allow'; rules = $rules })
                            functions = @(@{ name = 'alb-fn'; runtime = 'python3.13'; handler = 'app.handler'; role = 'exec'; memorySize = 1024; timeout = 30 })
                            loadBalancers = @(@{ name = 'edge'; scheme = 'internet-facing'; webAcl = 'rate-acl'; listeners = @(@{ port = 80; function = 'alb-fn' }) })
                        } } 
                }) } | ConvertTo-Json -Depth 12 | Set-Content $scenario -Encoding utf8
            $script:wafEmulator = Start-TestEmulator -Scenario $scenario
            $script:wafResult = Measure-LambdaDenialOfWallet -EndpointUrl $wafEmulator.EndpointUrl -AccessKey '111111111111' -SecretKey 'x' -Region 'us-east-1' -FunctionName 'alb-fn'
        }

        AfterAll {
            Stop-TestEmulator -Emulator $wafEmulator
        }

        It 'Should be capped by the rule that counts all requests, not the per-IP one' {
            # 10 requests/s keep 300 slots busy: 18.000036 compute + 36,000 × (0.2e-6 + 0.008 / (25 × 3600)) = 18.010436 per hour.
            $wafResult.EntryPoint | Should -Be 'Alb edge'
            $wafResult.BindingLimit | Should -Be 'WafRateRule'
            $wafResult.CappedBy | Should -BeLike '*global*3000*300 s*'
            $wafResult.InvocationsPerSecond | Should -Be 10
            $wafResult.CostPerHour | Should -Be 18.0104
            $wafResult.CostPerDay | Should -Be 432.2505
        }
    }

    Context 'When functions are named or piped' {
        It 'Should look piped functions up and recommend reserved concurrency for a budget' {
            $result = [pscustomobject] @{ FunctionName = 'fn-public'; MemorySize = 128; Timeout = 3 } | Measure-LambdaDenialOfWallet @aws -BudgetPerDay 100
            $result.MemorySize | Should -Be 1024
            $result.RecommendedReservedConcurrency | Should -Be 69
        }

        It 'Should look a function up by ARN' {
            $results = @(Measure-LambdaDenialOfWallet @aws -FunctionName 'arn:aws:lambda:us-east-1:111111111111:function:fn-reserved')
            $results.FunctionName | Should -Be 'fn-reserved'
            $results.CostPerDay | Should -Be 57.6291
        }

        It 'Should write LambdaSec.ResourceNotFound for a function that does not exist and go on' {
            $results = @(Measure-LambdaDenialOfWallet @aws -FunctionName 'no-such-fn' -ErrorVariable errors -ErrorAction SilentlyContinue)
            $results.Count | Should -Be 0
            $errors[0].FullyQualifiedErrorId | Should -BeLike 'LambdaSec.ResourceNotFound,*'
        }
    }
}
