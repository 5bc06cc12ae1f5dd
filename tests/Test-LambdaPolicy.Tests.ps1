Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeDiscovery {
    $owner = '111111111111'
    $resource = "arn:aws:lambda:us-east-1:${owner}:function:f"

    # One statement per case: the §3 rules of DESIGN.md, each with the level it must give (owner 111111111111).
    $principalCases = @(
        @{ Name = 'bare "*"'; Principal = '*'; Expected = 'Public'; External = @() }
        @{ Name = 'AWS "*"'; Principal = @{ AWS = '*' }; Expected = 'Public'; External = @() }
        @{ Name = 'an AWS ARN with a wildcard account'; Principal = @{ AWS = 'arn:aws:iam::*:root' }; Expected = 'Public'; External = @() }
        @{ Name = 'an AWS ARN with a partial wildcard account'; Principal = @{ AWS = 'arn:aws:iam::1111*:root' }; Expected = 'Public'; External = @() }
        @{ Name = 'a bare account id with a wildcard'; Principal = @{ AWS = '22222222222?' }; Expected = 'Public'; External = @() }
        @{ Name = 'an external account id'; Principal = @{ AWS = '222222222222' }; Expected = 'CrossAccount'; External = @('222222222222') }
        @{ Name = 'an external root ARN'; Principal = @{ AWS = 'arn:aws:iam::222222222222:root' }; Expected = 'CrossAccount'; External = @('222222222222') }
        @{ Name = 'an external role ARN'; Principal = @{ AWS = 'arn:aws:iam::222222222222:role/deployer' }; Expected = 'CrossAccount'; External = @('222222222222') }
        @{ Name = 'an external assumed-role ARN'; Principal = @{ AWS = 'arn:aws:sts::222222222222:assumed-role/r/s' }; Expected = 'CrossAccount'; External = @('222222222222') }
        @{ Name = 'the owner user ARN'; Principal = @{ AWS = 'arn:aws:iam::111111111111:user/bob' }; Expected = 'Account'; External = @() }
        @{ Name = 'the owner account id'; Principal = @{ AWS = '111111111111' }; Expected = 'Account'; External = @() }
        @{ Name = 'a GovCloud ARN of the owner'; Principal = @{ AWS = 'arn:aws-us-gov:iam::111111111111:root' }; Expected = 'Account'; External = @() }
        @{ Name = 'a bare external account string'; Principal = '222222222222'; Expected = 'CrossAccount'; External = @('222222222222') }
        @{ Name = 'a bare owner ARN string'; Principal = 'arn:aws:iam::111111111111:root'; Expected = 'Account'; External = @() }
        @{ Name = 'a service without conditions'; Principal = @{ Service = 's3.amazonaws.com' }; Expected = 'ServiceUnrestricted'; External = @() }
        @{ Name = 'a Federated principal'; Principal = @{ Federated = 'cognito-identity.amazonaws.com' }; Expected = 'Unknown'; External = @() }
        @{ Name = 'a CanonicalUser principal'; Principal = @{ CanonicalUser = '79a59df900b949e55d96a1e698fbaced' }; Expected = 'Unknown'; External = @() }
        @{ Name = 'an IAM unique id'; Principal = @{ AWS = 'AROAEXAMPLEID1234' }; Expected = 'Unknown'; External = @() }
        @{ Name = 'an 11-digit account'; Principal = @{ AWS = '22222222222' }; Expected = 'Unknown'; External = @() }
        @{ Name = 'the owner and an external account'; Principal = @{ AWS = @('arn:aws:iam::111111111111:root', '333333333333') }; Expected = 'CrossAccount'; External = @('333333333333') }
        @{ Name = 'an external account and an unpinned service'; Principal = @{ AWS = '222222222222'; Service = 'sns.amazonaws.com' }; Expected = 'ServiceUnrestricted'; External = @('222222222222') }
        @{ Name = 'an account and a Federated principal'; Principal = @{ AWS = '111111111111'; Federated = 'accounts.google.com' }; Expected = 'Unknown'; External = @() }
        @{ Name = 'anyone and an account'; Principal = @{ AWS = @('*', '222222222222') }; Expected = 'Public'; External = @('222222222222') }
    )

    $sa = 'aws:SourceAccount'
    $conditionCases = @(
        @{ Name = 'SourceAccount pinned to the owner'; Principal = '*'; Condition = @{ StringEquals = @{ 'AWS:SourceAccount' = $owner } }; Expected = 'ServiceRestricted'; External = @() }
        @{ Name = 'SourceAccount pinned to another account'; Principal = '*'; Condition = @{ StringEquals = @{ $sa = '222222222222' } }; Expected = 'CrossAccount'; External = @('222222222222') }
        @{ Name = 'SourceAccount pinned to the owner and another account'; Principal = '*'; Condition = @{ StringEquals = @{ $sa = @($owner, '222222222222') } }; Expected = 'CrossAccount'; External = @('222222222222') }
        @{ Name = 'SourceAccount with one wildcard value among pins'; Principal = '*'; Condition = @{ StringLike = @{ $sa = @($owner, '2222*') } }; Expected = 'Public'; External = @() }
        @{ Name = 'SourceAccount as a bare "*"'; Principal = '*'; Condition = @{ StringLike = @{ $sa = '*' } }; Expected = 'Public'; External = @() }
        @{ Name = 'SourceAccount that is not 12 digits'; Principal = '*'; Condition = @{ StringEquals = @{ $sa = '11111111111' } }; Expected = 'Public'; External = @() }
        @{ Name = 'SourceAccount written as a JSON number'; Principal = '*'; Condition = @{ StringEquals = @{ $sa = 111111111111 } }; Expected = 'ServiceRestricted'; External = @() }
        @{ Name = 'SourceAccount under StringEqualsIgnoreCase'; Principal = '*'; Condition = @{ StringEqualsIgnoreCase = @{ $sa = $owner } }; Expected = 'ServiceRestricted'; External = @() }
        @{ Name = 'SourceAccount under StringLike without wildcard'; Principal = '*'; Condition = @{ StringLike = @{ $sa = $owner } }; Expected = 'ServiceRestricted'; External = @() }
        @{ Name = 'SourceAccount under StringEqualsIfExists'; Principal = '*'; Condition = @{ StringEqualsIfExists = @{ $sa = $owner } }; Expected = 'Public'; External = @() }
        @{ Name = 'SourceAccount under StringNotEquals'; Principal = '*'; Condition = @{ StringNotEquals = @{ $sa = '222222222222' } }; Expected = 'Public'; External = @() }
        @{ Name = 'SourceAccount under Null'; Principal = '*'; Condition = @{ Null = @{ $sa = 'false' } }; Expected = 'Public'; External = @() }
        @{ Name = 'SourceAccount under ForAnyValue:StringEquals'; Principal = '*'; Condition = @{ 'ForAnyValue:StringEquals' = @{ $sa = $owner } }; Expected = 'Public'; External = @() }
        @{ Name = 'SourceAccount key in upper case'; Principal = '*'; Condition = @{ StringEquals = @{ 'AWS:SOURCEACCOUNT' = $owner } }; Expected = 'ServiceRestricted'; External = @() }
        @{ Name = 'SourceOwner pinned to the owner'; Principal = '*'; Condition = @{ StringEquals = @{ 'aws:SourceOwner' = $owner } }; Expected = 'ServiceRestricted'; External = @() }
        @{ Name = 'SourceArn of an S3 bucket (no account field)'; Principal = @{ Service = 's3.amazonaws.com' }; Condition = @{ ArnLike = @{ 'AWS:SourceArn' = 'arn:aws:s3:::my-bucket' } }; Expected = 'ServiceUnrestricted'; External = @() }
        @{ Name = 'SourceArn of an owner rule'; Principal = @{ Service = 'events.amazonaws.com' }; Condition = @{ ArnLike = @{ 'AWS:SourceArn' = 'arn:aws:events:us-east-1:111111111111:rule/nightly' } }; Expected = 'ServiceRestricted'; External = @() }
        @{ Name = 'SourceArn under ArnEquals'; Principal = @{ Service = 'sns.amazonaws.com' }; Condition = @{ ArnEquals = @{ 'aws:SourceArn' = 'arn:aws:sns:us-east-1:111111111111:topic' } }; Expected = 'ServiceRestricted'; External = @() }
        @{ Name = 'SourceArn of another account API'; Principal = @{ Service = 'apigateway.amazonaws.com' }; Condition = @{ ArnLike = @{ 'AWS:SourceArn' = 'arn:aws:execute-api:us-east-1:222222222222:abc123/*/GET/' } }; Expected = 'CrossAccount'; External = @('222222222222') }
        @{ Name = 'SourceArn with a wildcard account'; Principal = @{ Service = 'apigateway.amazonaws.com' }; Condition = @{ ArnLike = @{ 'AWS:SourceArn' = 'arn:aws:execute-api:us-east-1:*:abc123/*' } }; Expected = 'ServiceUnrestricted'; External = @() }
        @{ Name = 'a service pinned by SourceAccount'; Principal = @{ Service = 's3.amazonaws.com' }; Condition = @{ StringEquals = @{ $sa = $owner } }; Expected = 'ServiceRestricted'; External = @() }
        @{ Name = 'a service pinned to another account'; Principal = @{ Service = 's3.amazonaws.com' }; Condition = @{ StringEquals = @{ $sa = '222222222222' } }; Expected = 'CrossAccount'; External = @('222222222222') }
        @{ Name = 'a service pinned by SourceOrgID'; Principal = @{ Service = 's3.amazonaws.com' }; Condition = @{ StringEquals = @{ 'aws:SourceOrgID' = 'o-abc123' } }; Expected = 'Organization'; External = @() }
        @{ Name = 'PrincipalOrgID'; Principal = '*'; Condition = @{ StringEquals = @{ 'aws:PrincipalOrgID' = 'o-abc123' } }; Expected = 'Organization'; External = @() }
        @{ Name = 'PrincipalOrgID with a wildcard'; Principal = '*'; Condition = @{ StringLike = @{ 'aws:PrincipalOrgID' = 'o-*' } }; Expected = 'Public'; External = @() }
        @{ Name = 'SourceOrgID'; Principal = '*'; Condition = @{ StringEquals = @{ 'aws:SourceOrgID' = 'o-abc123' } }; Expected = 'Organization'; External = @() }
        @{ Name = 'PrincipalOrgPaths under ForAnyValue:StringLike'; Principal = '*'; Condition = @{ 'ForAnyValue:StringLike' = @{ 'aws:PrincipalOrgPaths' = 'o-abc123/r-ab12/ou-ab12-11111111/*' } }; Expected = 'Organization'; External = @() }
        @{ Name = 'PrincipalOrgPaths under ForAllValues:StringLike'; Principal = '*'; Condition = @{ 'ForAllValues:StringLike' = @{ 'aws:PrincipalOrgPaths' = 'o-abc123/*' } }; Expected = 'Public'; External = @() }
        @{ Name = 'PrincipalOrgPaths with a wildcard organization'; Principal = '*'; Condition = @{ 'ForAnyValue:StringLike' = @{ 'aws:PrincipalOrgPaths' = 'o-*/r-ab12/*' } }; Expected = 'Public'; External = @() }
        @{ Name = 'SourceOrgPaths under StringLike'; Principal = '*'; Condition = @{ StringLike = @{ 'aws:SourceOrgPaths' = 'o-abc123/r-ab12/*' } }; Expected = 'Organization'; External = @() }
        @{ Name = 'PrincipalAccount pinned to the owner'; Principal = '*'; Condition = @{ StringEquals = @{ 'aws:PrincipalAccount' = $owner } }; Expected = 'Account'; External = @() }
        @{ Name = 'PrincipalAccount pinned to another account'; Principal = '*'; Condition = @{ StringEquals = @{ 'aws:PrincipalAccount' = '222222222222' } }; Expected = 'CrossAccount'; External = @('222222222222') }
        @{ Name = 'PrincipalArn of owner roles'; Principal = '*'; Condition = @{ ArnLike = @{ 'aws:PrincipalArn' = 'arn:aws:iam::111111111111:role/*' } }; Expected = 'Account'; External = @() }
        @{ Name = 'PrincipalArn with a wildcard account'; Principal = '*'; Condition = @{ ArnLike = @{ 'aws:PrincipalArn' = 'arn:aws:iam::*:role/admin' } }; Expected = 'Public'; External = @() }
        @{ Name = 'principal-side pins beating source-side pins'; Principal = '*'; Condition = @{ StringEquals = @{ 'aws:PrincipalAccount' = $owner; $sa = '222222222222' } }; Expected = 'Account'; External = @() }
        @{ Name = 'an account pin beating an organization pin'; Principal = '*'; Condition = @{ StringEquals = @{ $sa = $owner; 'aws:PrincipalOrgID' = 'o-abc123' } }; Expected = 'ServiceRestricted'; External = @() }
        @{ Name = 'two source pins that do not overlap'; Principal = '*'; Condition = @{ StringEquals = @{ $sa = $owner }; ArnLike = @{ 'aws:SourceArn' = 'arn:aws:sns:us-east-1:222222222222:t' } }; Expected = 'None'; External = @() }
        @{ Name = 'two source pins that intersect'; Principal = '*'; Condition = @{ StringEquals = @{ $sa = @($owner, '222222222222') }; ArnLike = @{ 'aws:SourceArn' = 'arn:aws:sns:us-east-1:222222222222:t' } }; Expected = 'CrossAccount'; External = @('222222222222') }
        @{ Name = 'an account principal outside its PrincipalAccount pin'; Principal = @{ AWS = '222222222222' }; Condition = @{ StringEquals = @{ 'aws:PrincipalAccount' = $owner } }; Expected = 'None'; External = @() }
        @{ Name = 'SourceIp only'; Principal = '*'; Condition = @{ IpAddress = @{ 'aws:SourceIp' = '203.0.113.0/24' } }; Expected = 'Public'; External = @() }
        @{ Name = 'SecureTransport only'; Principal = '*'; Condition = @{ Bool = @{ 'aws:SecureTransport' = $true } }; Expected = 'Public'; External = @() }
        @{ Name = 'FunctionUrlAuthType AWS_IAM'; Principal = '*'; Action = 'lambda:InvokeFunctionUrl'; Condition = @{ StringEquals = @{ 'lambda:FunctionUrlAuthType' = 'AWS_IAM' } }; Expected = 'Public'; External = @() }
        @{ Name = 'FunctionUrlAuthType NONE'; Principal = '*'; Action = 'lambda:InvokeFunctionUrl'; Condition = @{ StringEquals = @{ 'lambda:FunctionUrlAuthType' = 'NONE' } }; Expected = 'Public'; External = @() }
        @{ Name = 'a NotPrincipal that excludes the owner'; NotPrincipal = @{ AWS = 'arn:aws:iam::111111111111:root' }; Expected = 'Public'; External = @() }
        @{ Name = 'a NotPrincipal pinned by SourceAccount'; NotPrincipal = @{ AWS = '222222222222' }; Condition = @{ StringEquals = @{ $sa = $owner } }; Expected = 'ServiceRestricted'; External = @() }
    )

    $designExamples = @(
        @{ Name = 'Principal * with InvokeFunction'; Statement = '{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction"}'; Expected = 'Public' }
        @{ Name = 'the same with SourceAccount of the owner'; Statement = '{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"StringEquals":{"AWS:SourceAccount":"111111111111"}}}'; Expected = 'ServiceRestricted' }
        @{ Name = 'S3 pinned only by a bucket ARN'; Statement = '{"Effect":"Allow","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"ArnLike":{"AWS:SourceArn":"arn:aws:s3:::my-bucket"}}}'; Expected = 'ServiceUnrestricted' }
        @{ Name = 'an external root'; Statement = '{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"lambda:InvokeFunction"}'; Expected = 'CrossAccount' }
        @{ Name = 'Principal * with PrincipalOrgID'; Statement = '{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"StringEquals":{"aws:PrincipalOrgID":"o-abc123"}}}'; Expected = 'Organization' }
        @{ Name = 'a function URL with auth type NONE'; Statement = '{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunctionUrl","Condition":{"StringEquals":{"lambda:FunctionUrlAuthType":"NONE"}}}'; Expected = 'Public' }
    )

    $actionCases = @(
        @{ Action = 'lambda:InvokeFunction'; Invoke = $true; InvokeActions = @('lambda:InvokeFunction') }
        @{ Action = 'lambda:GetFunction'; Invoke = $false; InvokeActions = @() }
        @{ Action = 'lambda:*'; Invoke = $true; InvokeActions = @('lambda:InvokeFunction', 'lambda:InvokeFunctionUrl', 'lambda:InvokeAsync') }
        @{ Action = '*'; Invoke = $true; InvokeActions = @('lambda:InvokeFunction', 'lambda:InvokeFunctionUrl', 'lambda:InvokeAsync') }
        @{ Action = 'LAMBDA:invoke*'; Invoke = $true; InvokeActions = @('lambda:InvokeFunction', 'lambda:InvokeFunctionUrl', 'lambda:InvokeAsync') }
        @{ Action = 'lambda:InvokeFunctionUrl'; Invoke = $true; InvokeActions = @('lambda:InvokeFunctionUrl') }
        @{ Action = 'lambda:Invoke?sync'; Invoke = $true; InvokeActions = @('lambda:InvokeAsync') }
    )

    # DESIGN §3.6: 222222222222 is trusted, 333333333333 is not.
    $trustedCases = @(
        @{ Name = 'a trusted account principal'; Principal = @{ AWS = 'arn:aws:iam::222222222222:root' }; Expected = 'Organization'; External = @(); Trusted = @('222222222222') }
        @{ Name = 'anyone pinned by PrincipalAccount to a trusted account'; Principal = '*'; Condition = @{ StringEquals = @{ 'aws:PrincipalAccount' = '222222222222' } }; Expected = 'Organization'; External = @(); Trusted = @('222222222222') }
        @{ Name = 'a service pinned by SourceAccount to a trusted account'; Principal = @{ Service = 's3.amazonaws.com' }; Condition = @{ StringEquals = @{ 'aws:SourceAccount' = '222222222222' } }; Expected = 'Organization'; External = @(); Trusted = @('222222222222') }
        @{ Name = 'a service pinned by SourceArn to a trusted account'; Principal = @{ Service = 'apigateway.amazonaws.com' }; Condition = @{ ArnLike = @{ 'aws:SourceArn' = 'arn:aws:execute-api:us-east-1:222222222222:abc/*' } }; Expected = 'Organization'; External = @(); Trusted = @('222222222222') }
        @{ Name = 'the owner and a trusted account pinned together'; Principal = '*'; Condition = @{ StringEquals = @{ 'aws:SourceAccount' = @('111111111111', '222222222222') } }; Expected = 'Organization'; External = @(); Trusted = @('222222222222') }
        @{ Name = 'a trusted and an untrusted account pinned together'; Principal = '*'; Condition = @{ StringEquals = @{ 'aws:SourceAccount' = @('222222222222', '333333333333') } }; Expected = 'CrossAccount'; External = @('333333333333'); Trusted = @('222222222222') }
        @{ Name = 'a trusted and an untrusted account principal'; Principal = @{ AWS = @('222222222222', '333333333333') }; Expected = 'CrossAccount'; External = @('333333333333'); Trusted = @('222222222222') }
        @{ Name = 'an untrusted account principal'; Principal = @{ AWS = '333333333333' }; Expected = 'CrossAccount'; External = @('333333333333'); Trusted = @() }
        @{ Name = 'anyone without a pin'; Principal = '*'; Expected = 'Public'; External = @(); Trusted = @() }
        @{ Name = 'a service without a pin'; Principal = @{ Service = 's3.amazonaws.com' }; Expected = 'ServiceUnrestricted'; External = @(); Trusted = @() }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest
    $script:owner = '111111111111'
    $script:resource = "arn:aws:lambda:us-east-1:${owner}:function:f"

    function New-PolicyJson {
        param([object[]] $Statements)
        @{ Version = '2012-10-17'; Id = 'default'; Statement = @($Statements) } | ConvertTo-Json -Depth 10 -Compress
    }

    function New-Statement {
        param($Principal, $NotPrincipal, $Condition, [string] $Action = 'lambda:InvokeFunction', [string] $Effect = 'Allow', [string] $Sid = 's1')
        $s = [ordered]@{ Sid = $Sid; Effect = $Effect; Action = $Action; Resource = $script:resource }
        if ($null -ne $Principal) { $s.Principal = $Principal }
        if ($null -ne $NotPrincipal) { $s.NotPrincipal = $NotPrincipal }
        if ($null -ne $Condition) { $s.Condition = $Condition }
        $s
    }
}

Describe 'Test-LambdaPolicy' {
    Context 'When a statement names principals (DESIGN.md §3 rule 1)' {
        It 'Should classify <Name> as <Expected>' -ForEach $principalCases {
            $result = Test-LambdaPolicy -Policy (New-PolicyJson (New-Statement -Principal $Principal)) -ErrorAction SilentlyContinue
            $result.Exposure | Should -Be $Expected
            @($result.ExternalAccounts) | Should -Be $External
            $result.Statements[0].Exposure | Should -Be $Expected
        }
    }

    Context 'When conditions narrow or do not narrow (rules 2 and 3)' {
        It 'Should classify <Name> as <Expected>' -ForEach $conditionCases {
            $arguments = @{}
            if ($_.ContainsKey('Condition')) { $arguments.Condition = $Condition }
            if ($_.ContainsKey('Principal')) { $arguments.Principal = $Principal }
            if ($_.ContainsKey('NotPrincipal')) { $arguments.NotPrincipal = $NotPrincipal }
            if ($_.ContainsKey('Action')) { $arguments.Action = $Action }
            $result = Test-LambdaPolicy -Policy (New-PolicyJson (New-Statement @arguments))
            $result.Exposure | Should -Be $Expected
            @($result.ExternalAccounts) | Should -Be $External
        }

        It 'Should list every condition, narrowing or not, in the statement' {
            $statement = New-Statement -Principal '*' -Condition @{ StringEquals = @{ 'aws:SourceAccount' = $owner }; IpAddress = @{ 'aws:SourceIp' = '203.0.113.0/24' } }
            $conditions = (Test-LambdaPolicy -Policy (New-PolicyJson $statement)).Statements[0].Conditions
            $conditions | Should -Contain 'StringEquals aws:SourceAccount = 111111111111'
            $conditions | Should -Contain 'IpAddress aws:SourceIp = 203.0.113.0/24'
        }
    }

    Context 'When accounts are trusted (DESIGN.md §3 rule 6)' {
        It 'Should classify <Name> as <Expected>' -ForEach $trustedCases {
            $arguments = @{ Principal = $Principal }
            if ($_.ContainsKey('Condition')) { $arguments.Condition = $Condition }
            $result = Test-LambdaPolicy -Policy (New-PolicyJson (New-Statement @arguments)) -TrustedAccountId 222222222222, 444444444444
            $result.Exposure | Should -Be $Expected
            @($result.ExternalAccounts) | Should -Be $External
            @($result.TrustedAccounts) | Should -Be $Trusted
            @($result.Statements[0].TrustedAccounts) | Should -Be $Trusted
        }

        It 'Should say in the reason that the account is trusted' {
            $result = Test-LambdaPolicy -Policy (New-PolicyJson (New-Statement -Principal @{ AWS = '222222222222' })) -TrustedAccountId 222222222222
            $result.Statements[0].Reason | Should -BeLike '*trusted account 222222222222*TrustedAccountId*organization*'
        }

        It 'Should reject a trusted account id that is not 12 digits' {
            { Test-LambdaPolicy -Policy '{}' -TrustedAccountId 12345 } | Should -Throw '*not an AWS account id*'
        }
    }

    Context 'When given the examples of DESIGN.md §3' {
        It 'Should classify <Name> as <Expected>' -ForEach $designExamples {
            $policy = '{"Version":"2012-10-17","Statement":[' + $Statement + ']}'
            (Test-LambdaPolicy -Policy $policy -OwnerAccountId 111111111111).Exposure | Should -Be $Expected
        }

        It 'Should list 222222222222 as the external account of the cross-account example' {
            $policy = '{"Statement":{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::222222222222:root"},"Action":"lambda:InvokeFunction"}}'
            (Test-LambdaPolicy -Policy $policy -OwnerAccountId 111111111111).ExternalAccounts | Should -Be @('222222222222')
        }
    }

    Context 'When statements differ in action (rule 4)' {
        It 'Should report AllowsInvoke <Invoke> for <Action> and still count the statement' -ForEach $actionCases {
            $result = Test-LambdaPolicy -Policy (New-PolicyJson (New-Statement -Principal '*' -Action $Action))
            $result.Statements[0].AllowsInvoke | Should -Be $Invoke
            @($result.Statements[0].InvokeActions) | Should -Be $InvokeActions
            $result.Exposure | Should -Be 'Public'
        }

        It 'Should treat NotAction lambda:InvokeFunction as allowing the other invoke actions' {
            $policy = '{"Statement":[{"Effect":"Allow","Principal":"*","NotAction":"lambda:InvokeFunction","Resource":"*"}]}'
            $statement = (Test-LambdaPolicy -Policy $policy -OwnerAccountId $owner).Statements[0]
            $statement.AllowsInvoke | Should -BeTrue
            @($statement.InvokeActions) | Should -Be @('lambda:InvokeFunctionUrl', 'lambda:InvokeAsync')
            $statement.Actions | Should -Be @('NotAction:lambda:InvokeFunction')
        }

        It 'Should treat NotAction lambda:* as allowing no invocation' {
            $policy = '{"Statement":[{"Effect":"Allow","Principal":"*","NotAction":["lambda:*"],"Resource":"*"}]}'
            (Test-LambdaPolicy -Policy $policy -OwnerAccountId $owner).Statements[0].AllowsInvoke | Should -BeFalse
        }
    }

    Context 'When a policy has several statements' {
        It 'Should take the most severe Allow statement and the sorted union of external accounts' {
            $policy = New-PolicyJson @(
                (New-Statement -Sid a -Principal @{ AWS = '333333333333' })
                (New-Statement -Sid b -Principal @{ Service = 's3.amazonaws.com' } -Condition @{ StringEquals = @{ 'aws:SourceAccount' = $owner } })
                (New-Statement -Sid c -Principal @{ AWS = '222222222222' })
            )
            $result = Test-LambdaPolicy -Policy $policy
            $result.Exposure | Should -Be 'CrossAccount'
            $result.ExternalAccounts | Should -Be @('222222222222', '333333333333')
            $result.Statements.Sid | Should -Be @('a', 'b', 'c')
            $result.Statements.Exposure | Should -Be @('CrossAccount', 'ServiceRestricted', 'CrossAccount')
        }

        It 'Should report Deny statements as None and ignore them for the level' {
            $policy = New-PolicyJson @(
                (New-Statement -Sid deny -Effect Deny -Principal '*')
                (New-Statement -Sid own -Principal @{ AWS = $owner })
            )
            $result = Test-LambdaPolicy -Policy $policy
            $result.Exposure | Should -Be 'Account'
            $result.Statements[0].Exposure | Should -Be 'None'
            $result.Statements[0].AllowsInvoke | Should -BeFalse
        }

        It 'Should rank Unknown above ServiceUnrestricted' {
            $policy = New-PolicyJson @((New-Statement -Sid s -Principal @{ Service = 'sns.amazonaws.com' }), (New-Statement -Sid u -Principal @{ Federated = 'x' }))
            (Test-LambdaPolicy -Policy $policy).Exposure | Should -Be 'Unknown'
        }

        It 'Should not call a well-formed statement with a principal it cannot evaluate a parse error' {
            $policy = New-PolicyJson (New-Statement -Sid u -Principal @{ Federated = 'accounts.google.com' })
            $result = Test-LambdaPolicy -Policy $policy -ErrorVariable err
            $result.Statements[0].Exposure | Should -Be 'Unknown'
            $result.Statements[0].ParseError | Should -BeNullOrEmpty
            $err | Should -HaveCount 0
        }

        It 'Should rank Public above Unknown' {
            $policy = New-PolicyJson @((New-Statement -Sid u -Principal @{ Federated = 'x' }), (New-Statement -Sid p -Principal '*'))
            (Test-LambdaPolicy -Policy $policy).Exposure | Should -Be 'Public'
        }

        It 'Should give None to a policy with an empty statement list' {
            (Test-LambdaPolicy -Policy '{"Version":"2012-10-17","Statement":[]}').Exposure | Should -Be 'None'
        }

        It 'Should read a single statement object as well as an array' {
            (Test-LambdaPolicy -Policy '{"Statement":{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction"}}').Exposure | Should -Be 'Public'
        }
    }

    Context 'When element names and values differ in case (edge rules)' {
        It 'Should read <Name>' -ForEach @(
            @{ Name = 'lower-case element names'; Policy = '{"statement":[{"effect":"allow","principal":{"aws":"*"},"action":"lambda:InvokeFunction"}]}'; Expected = 'Public' }
            @{ Name = 'upper-case Effect value'; Policy = '{"Statement":[{"Effect":"ALLOW","Principal":{"Service":"s3.amazonaws.com"},"Action":"lambda:InvokeFunction"}]}'; Expected = 'ServiceUnrestricted' }
            @{ Name = 'a lower-case Service type'; Policy = '{"Statement":[{"Effect":"Allow","Principal":{"service":"sns.amazonaws.com"},"Action":"lambda:InvokeFunction","Condition":{"stringequals":{"aws:sourceaccount":"111111111111"}}}]}'; Expected = 'ServiceRestricted' }
        ) {
            (Test-LambdaPolicy -Policy $Policy -OwnerAccountId 111111111111).Exposure | Should -Be $Expected
        }
    }

    Context 'When the owner account comes from the Resource ARN or the parameter' {
        It 'Should infer the owner from the first Lambda function ARN' {
            $result = Test-LambdaPolicy -Policy (New-PolicyJson (New-Statement -Principal @{ AWS = '111111111111' }))
            $result.OwnerAccountId | Should -Be '111111111111'
            $result.Exposure | Should -Be 'Account'
        }

        It 'Should let -OwnerAccountId override the Resource ARN' {
            $result = Test-LambdaPolicy -Policy (New-PolicyJson (New-Statement -Principal @{ AWS = '111111111111' })) -OwnerAccountId 999999999999
            $result.Exposure | Should -Be 'CrossAccount'
            $result.ExternalAccounts | Should -Be @('111111111111')
        }

        It 'Should warn and count every account as external when the owner is unknown' {
            $policy = '{"Statement":[{"Effect":"Allow","Principal":{"AWS":"111111111111"},"Action":"lambda:InvokeFunction","Resource":"*"}]}'
            $result = Test-LambdaPolicy -Policy $policy -WarningVariable warnings -WarningAction SilentlyContinue
            $result.Exposure | Should -Be 'CrossAccount'
            $warnings | Should -HaveCount 1
            "$($warnings[0])" | Should -Match '-OwnerAccountId'
        }

        It 'Should reject an owner that is not 12 digits with a clear message' {
            { Test-LambdaPolicy -Policy '{}' -OwnerAccountId 12345 } | Should -Throw -ExpectedMessage '*12 digits*'
        }
    }

    Context 'When the policy is malformed (rule 5)' {
        It 'Should report <Name> as Unknown with error LambdaSec.PolicyParseError' -ForEach @(
            @{ Name = 'an empty string'; Policy = ''; Message = '*empty*' }
            @{ Name = 'text that is not JSON'; Policy = 'not json at all'; Message = '*not valid JSON*' }
            @{ Name = 'a JSON array'; Policy = '[1,2]'; Message = '*not a policy document*' }
            @{ Name = 'an object without Statement'; Policy = '{"Version":"2012-10-17"}'; Message = '*no Statement*' }
            @{ Name = 'a string Statement'; Policy = '{"Statement":"allow everyone"}'; Message = '*Statement is a string*' }
            @{ Name = 'truncated JSON'; Policy = '{"Statement":[{"Effect":"Allow"'; Message = '*not valid JSON*' }
            # IAM rejects duplicate keys and lone surrogates (DESIGN §3.5): never read as the last value, never a crash.
            @{ Name = 'a second, empty Statement key'; Policy = '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction"}],"Statement":[]}'; Message = "*'Statement' appears twice*" }
            @{ Name = 'a Statement key twice in other case'; Policy = '{"Statement":[{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction"}],"statement":[]}'; Message = '*appears twice*' }
            @{ Name = 'more than 100,000 statements'; Policy = '{"Statement":[' + ((@('{"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction"}') * 100001) -join ',') + ']}'; Message = '*100,001 statements*at most 100,000*' }
            @{ Name = 'a lone surrogate in Version'; Policy = '{"Version":"\ud800","Statement":[]}'; Message = '*not valid Unicode*' }
            @{ Name = 'a lone surrogate in a key'; Policy = '{"\udc00":1,"Statement":[]}'; Message = '*not valid Unicode*' }
            @{ Name = 'nesting deeper than 32'; Policy = ('{"Statement":' + ('[' * 40) + (']' * 40) + '}'); Message = '*not valid JSON*' }
        ) {
            $result = Test-LambdaPolicy -Policy $Policy -FunctionName 'orders' -ErrorVariable err -ErrorAction SilentlyContinue
            $result.Exposure | Should -Be 'Unknown'
            $result.ParseError | Should -Not -BeNullOrEmpty
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.PolicyParseError,LambdaSec.Cmdlets.TestLambdaPolicyCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $err[0].Exception.Message | Should -BeLike $Message
            $err[0].Exception.Message | Should -BeLike '*orders*'
        }

        It 'Should judge an unreadable statement <Name> as Unknown on its own and still classify the others' -ForEach @(
            @{ Name = 'that is a string'; Bad = '"oops"' }
            @{ Name = 'with Effect Maybe'; Bad = '{"Sid":"bad","Effect":"Maybe","Principal":"*","Action":"lambda:InvokeFunction"}' }
            @{ Name = 'without Effect'; Bad = '{"Sid":"bad","Principal":"*","Action":"lambda:InvokeFunction"}' }
            @{ Name = 'with Action and NotAction'; Bad = '{"Sid":"bad","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","NotAction":"s3:*"}' }
            @{ Name = 'with no principal'; Bad = '{"Sid":"bad","Effect":"Allow","Action":"lambda:InvokeFunction"}' }
            @{ Name = 'with an empty principal object'; Bad = '{"Sid":"bad","Effect":"Allow","Principal":{},"Action":"lambda:InvokeFunction"}' }
            @{ Name = 'with a numeric principal'; Bad = '{"Sid":"bad","Effect":"Allow","Principal":42,"Action":"lambda:InvokeFunction"}' }
            @{ Name = 'with a Condition that is an array'; Bad = '{"Sid":"bad","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":[]}' }
            @{ Name = 'with a lone surrogate in its Sid'; Bad = '{"Sid":"\ud800","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction"}' }
            @{ Name = 'with a lone surrogate in a condition value'; Bad = '{"Sid":"bad","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"StringEquals":{"aws:SourceAccount":"\udfff"}}}' }
            @{ Name = 'with a lone surrogate in a key'; Bad = '{"Sid":"bad","\ud800":1,"Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction"}' }
            @{ Name = 'with a lone surrogate in a condition key'; Bad = '{"Sid":"bad","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"StringEquals":{"aws:\udc00":"1"}}}' }
            @{ Name = 'with Principal twice'; Bad = '{"Sid":"bad","Effect":"Allow","Principal":"*","Principal":{"AWS":"111111111111"},"Action":"lambda:InvokeFunction"}' }
            @{ Name = 'with a condition key twice'; Bad = '{"Sid":"bad","Effect":"Allow","Principal":"*","Action":"lambda:InvokeFunction","Condition":{"StringEquals":{"aws:SourceAccount":"111111111111","AWS:SourceAccount":"*"}}}' }
        ) {
            $policy = '{"Statement":[' + $Bad + ',{"Sid":"good","Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"lambda:InvokeFunction"}]}'
            $result = Test-LambdaPolicy -Policy $policy -OwnerAccountId $owner -ErrorVariable err -ErrorAction SilentlyContinue
            $result.Exposure | Should -Be 'Unknown'
            $result.Statements | Should -HaveCount 2
            $result.Statements[0].Exposure | Should -Be 'Unknown'
            $result.Statements[0].Reason | Should -Not -BeNullOrEmpty
            $result.Statements[0].ParseError | Should -Not -BeNullOrEmpty
            $result.Statements[1].Exposure | Should -Be 'CrossAccount'
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.PolicyParseError,LambdaSec.Cmdlets.TestLambdaPolicyCommand'
        }

        It 'Should judge a statement whose <Element> is longer than 2,048 characters as Unknown, naming the limit, and still classify the others' -ForEach @(
            @{ Element = 'Resource'; Bad = @{ Sid = 'bad'; Effect = 'Allow'; Principal = '*'; Action = 'lambda:InvokeFunction'; Resource = 'arn:aws:lambda:us-east-1:111111111111:function:' + ('a' * 1MB) } }
            @{ Element = 'Action'; Bad = @{ Sid = 'bad'; Effect = 'Allow'; Principal = '*'; Action = ('*?' * 50000) } }
            @{ Element = 'Principal.AWS'; Bad = @{ Sid = 'bad'; Effect = 'Allow'; Principal = @{ AWS = ('*' * 100000) }; Action = 'lambda:InvokeFunction' } }
            @{ Element = 'Principal'; Bad = @{ Sid = 'bad'; Effect = 'Allow'; Principal = ('?' * 100000); Action = 'lambda:InvokeFunction' } }
            @{ Element = 'Condition.StringLike.aws:SourceArn'; Bad = @{ Sid = 'bad'; Effect = 'Allow'; Principal = '*'; Action = 'lambda:InvokeFunction'; Condition = @{ StringLike = @{ 'aws:SourceArn' = ('*?' * 50000) } } } }
        ) {
            $policy = '{"Statement":[' + ($Bad | ConvertTo-Json -Compress -Depth 5) + ',{"Sid":"good","Effect":"Allow","Principal":{"AWS":"222222222222"},"Action":"lambda:InvokeFunction"}]}'
            $result = Test-LambdaPolicy -Policy $policy -OwnerAccountId $owner -ErrorVariable err -ErrorAction SilentlyContinue
            $result.Exposure | Should -Be 'Unknown'
            $result.Statements[0].Exposure | Should -Be 'Unknown'
            $result.Statements[0].ParseError | Should -BeLike "*$Element*2,048*"
            $result.Statements[1].Exposure | Should -Be 'CrossAccount'
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.PolicyParseError,LambdaSec.Cmdlets.TestLambdaPolicyCommand'
        }

        It 'Should go on with the pipeline after a malformed policy' {
            $inputs = @((New-PolicyJson (New-Statement -Principal '*')), 'garbage', (New-PolicyJson (New-Statement -Principal @{ AWS = $owner })))
            $results = $inputs | Test-LambdaPolicy -ErrorVariable err -ErrorAction SilentlyContinue
            $results.Exposure | Should -Be @('Public', 'Unknown', 'Account')
            $err | Should -HaveCount 1
        }
    }

    Context 'When policies come from the pipeline' {
        It 'Should bind the Policy property of AWS.Tools Get-LMPolicy output' {
            $response = [pscustomobject]@{ Policy = (New-PolicyJson (New-Statement -Principal '*')); RevisionId = 'abc' }
            ($response | Test-LambdaPolicy).Exposure | Should -Be 'Public'
        }

        It 'Should bind FunctionName and OwnerAccountId by property name' {
            $item = [pscustomobject]@{ Policy = (New-PolicyJson (New-Statement -Principal @{ AWS = '111111111111' })); FunctionName = 'billing'; OwnerAccountId = '222222222222' }
            $result = $item | Test-LambdaPolicy
            $result.FunctionName | Should -Be 'billing'
            $result.Exposure | Should -Be 'CrossAccount'
        }

        It 'Should give each statement a reason a person can read' {
            $result = Test-LambdaPolicy -Policy (New-PolicyJson (New-Statement -Principal @{ Service = 's3.amazonaws.com' }))
            $result.Statements[0].Reason | Should -Match 'confused deputy'
        }
    }
}
