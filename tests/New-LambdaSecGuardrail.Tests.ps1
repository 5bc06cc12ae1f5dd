Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest
    $script:account = '111111111111'
    $script:fullAccess = '{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}'

    # The organization path root -> OUs -> account as the SCP engine takes it: @( @{ Target = 'r-1'; Policies = @('json'...) } ...).
    function script:New-ScpPath([object[]] $Levels) {
        $list = [System.Collections.Generic.List[LambdaSec.Analysis.Guardrails.ScpLevel]]::new()
        foreach ($level in $Levels) {
            $policies = [System.Collections.Generic.List[LambdaSec.Analysis.Guardrails.NamedScp]]::new()
            $i = 0
            foreach ($json in $level.Policies) {
                $policies.Add([LambdaSec.Analysis.Guardrails.NamedScp]::new("$($level.Target)-p$i", [LambdaSec.Analysis.Policy.PolicyParser]::Parse($json)))
                $i++
            }
            $list.Add([LambdaSec.Analysis.Guardrails.ScpLevel]::new($level.Target, $policies))
        }
        , $list
    }

    function script:Get-Coverage([object[]] $Levels, [string] $PrincipalArn) {
        [LambdaSec.Analysis.Guardrails.LambdaGuardrailProbe]::Assess($account, (New-ScpPath $Levels), $PrincipalArn)
    }
}

Describe 'New-LambdaSecGuardrail' {
    Context 'When an SCP is generated' {
        BeforeAll {
            $script:scp = New-LambdaSecGuardrail -Kind Scp -ExemptPrincipalArn 'arn:aws:iam::*:role/BreakGlass'
            $script:doc = $scp.Content | ConvertFrom-Json
        }

        It 'Should be a policy our parser reads, under the 5,120-character limit' {
            $scp.Kind | Should -Be 'Scp'
            $scp.SizeLimit | Should -Be 5120
            $scp.Size | Should -BeLessOrEqual 5120
            $scp.Size | Should -Be ($scp.Content -replace '\s', '').Length
            ([LambdaSec.Analysis.Policy.PolicyParser]::Parse($scp.Content).Statements | Where-Object ShapeError) | Should -BeNullOrEmpty
        }

        It 'Should use the documented Lambda condition keys' {
            $doc.Statement[0].Action | Should -Be 'lambda:AddPermission'
            $doc.Statement[0].Condition.StringEquals.'lambda:Principal' | Should -Be '*'
            $url = $doc.Statement | Where-Object Sid -eq 'LambdaSecDenyUnauthenticatedFunctionUrl'
            $url.Action | Should -Be @('lambda:CreateFunctionUrlConfig', 'lambda:UpdateFunctionUrlConfig')
            $url.Condition.StringNotEquals.'lambda:FunctionUrlAuthType' | Should -Be 'AWS_IAM'
            $url.Condition.ArnNotLike.'aws:PrincipalArn' | Should -Be 'arn:aws:iam::*:role/BreakGlass'
        }

        It 'Should deny a public AddPermission and a NONE-auth URL when attached to the root' {
            $coverage = Get-Coverage @(@{ Target = 'r-root'; Policies = @($fullAccess, $scp.Content) }, @{ Target = 'ou-a'; Policies = @($fullAccess) }, @{ Target = $account; Policies = @($fullAccess) })
            $coverage.PublicPermissionDenied | Should -BeTrue
            $coverage.FunctionUrlNoneDenied | Should -BeTrue
            $coverage.PublicPermissionReason | Should -Match 'LambdaSecDenyPublicPermission'
            $coverage.PublicPermissionReason | Should -Match 'r-root'
        }

        It 'Should let the exempt break-glass role through' {
            $coverage = Get-Coverage @(@{ Target = 'r-root'; Policies = @($fullAccess, $scp.Content) }) "arn:aws:iam::${account}:role/BreakGlass"
            $coverage.PublicPermissionDenied | Should -BeFalse
            $coverage.FunctionUrlNoneDenied | Should -BeFalse
        }

        It 'Should leave grants to accounts alone without -AllowedAccountId' {
            (Get-Coverage @(@{ Target = 'r-root'; Policies = @($fullAccess, $scp.Content) })).ExternalAccountPermissionDenied | Should -BeFalse
        }
    }

    Context 'When -AllowedAccountId is given' {
        BeforeAll { $script:scp = New-LambdaSecGuardrail -Kind Scp -AllowedAccountId $account, '222222222222' }

        It 'Should deny grants to accounts outside the list' {
            $coverage = Get-Coverage @(@{ Target = 'r-root'; Policies = @($fullAccess, $scp.Content) })
            $coverage.ExternalAccountPermissionDenied | Should -BeTrue
            $coverage.Gaps | Should -BeNullOrEmpty
            $coverage.ClosingGuardrail | Should -BeNullOrEmpty
        }

        It 'Should still allow service principals and listed accounts' {
            $path = New-ScpPath @(@{ Target = 'r-root'; Policies = @($fullAccess, $scp.Content) })
            foreach ($principal in 's3.amazonaws.com', '222222222222', 'arn:aws:iam::222222222222:role/x') {
                $ctx = [System.Collections.Generic.Dictionary[string, string[]]]::new()
                $ctx['lambda:Principal'] = @($principal)
                $ctx['aws:PrincipalArn'] = @("arn:aws:iam::${account}:role/dev")
                $request = [LambdaSec.Analysis.Guardrails.ScpRequest]::new('lambda:AddPermission', "arn:aws:lambda:us-east-1:${account}:function:f", $ctx)
                [LambdaSec.Analysis.Guardrails.ScpEvaluator]::Evaluate($path, $request).Allowed | Should -BeTrue -Because $principal
            }
        }
    }

    Context 'When the SCP would be over the size limit' {
        It 'Should stop with LambdaSec.GuardrailTooLarge' {
            $many = 1..200 | ForEach-Object { "arn:aws:iam::*:role/breakglass-role-number-$_" }
            { New-LambdaSecGuardrail -Kind Scp -ExemptPrincipalArn $many } | Should -Throw -ErrorId 'LambdaSec.GuardrailTooLarge,LambdaSec.Cmdlets.NewLambdaSecGuardrailCommand'
        }
    }

    Context 'When -Path is given' {
        It 'Should write the file, and nothing with -WhatIf' {
            $file = Join-Path $TestDrive 'scp.json'
            New-LambdaSecGuardrail -Kind Scp -Path $file -WhatIf
            $file | Should -Not -Exist
            $out = New-LambdaSecGuardrail -Kind Scp -Path $file
            $out.Path | Should -Be $file
            Get-Content $file -Raw | Should -Be $out.Content
        }
    }

    Context 'When a Config conformance pack is generated' {
        BeforeAll { $script:pack = New-LambdaSecGuardrail -Kind ConfigRules -AsOf 2026-06-01 }

        It 'Should hold the managed rules an SCP cannot express: <_>' -ForEach @('LAMBDA_FUNCTION_PUBLIC_ACCESS_PROHIBITED', 'LAMBDA_FUNCTION_SETTINGS_CHECK', 'API_GW_ASSOCIATED_WITH_WAF', 'ALB_WAF_ENABLED', 'LAMBDA_CONCURRENCY_CHECK') {
            $pack.Content | Should -Match "SourceIdentifier: $_"
        }

        It 'Should allow only runtimes that are Supported on -AsOf' {
            $line = ($pack.Content -split "`n" | Where-Object { $_ -match 'Default:' })
            $line | Should -Match 'python3\.13'
            $line | Should -Not -Match 'python3\.8'
            $line | Should -Not -Match 'python3\.10'
        }
    }
}

Describe 'SCP guardrail engine' {
    Context 'When SCPs sit at different levels of the organization' {
        BeforeAll {
            $script:denyPublic = '{"Statement":[{"Sid":"NoPublic","Effect":"Deny","Action":"lambda:AddPermission","Resource":"*","Condition":{"StringEquals":{"lambda:Principal":"*"},"ArnNotLike":{"aws:PrincipalArn":"arn:aws:iam::*:role/Admin"}}}]}'
            $script:denyUrl = '{"Statement":[{"Effect":"Deny","Action":["lambda:CreateFunctionUrlConfig","lambda:UpdateFunctionUrlConfig"],"Resource":"*","Condition":{"StringNotEquals":{"lambda:FunctionUrlAuthType":"AWS_IAM"}}}]}'
        }

        It 'Should inherit a deny attached to an OU' {
            $c = Get-Coverage @(@{ Target = 'r-root'; Policies = @($fullAccess) }, @{ Target = 'ou-prod'; Policies = @($fullAccess, $denyPublic) }, @{ Target = $account; Policies = @($fullAccess) })
            $c.PublicPermissionDenied | Should -BeTrue
            $c.PublicPermissionReason | Should -Match 'ou-prod'
            $c.FunctionUrlNoneDenied | Should -BeFalse
            $c.Gaps.Count | Should -Be 2
            $c.ClosingGuardrail | Should -Match 'New-LambdaSecGuardrail -Kind Scp'
        }

        It 'Should honour the exemption of the deny' {
            (Get-Coverage @(@{ Target = 'r-root'; Policies = @($fullAccess, $denyPublic) }) 'arn:aws:iam::111111111111:role/Admin').PublicPermissionDenied | Should -BeFalse
        }

        It 'Should find no guardrail for an account with only FullAWSAccess' {
            $c = Get-Coverage @(@{ Target = 'r-root'; Policies = @($fullAccess) }, @{ Target = $account; Policies = @($fullAccess) })
            $c.PublicPermissionDenied | Should -BeFalse
            $c.FunctionUrlNoneDenied | Should -BeFalse
            $c.Gaps.Count | Should -Be 3
        }

        It 'Should deny implicitly when an allow-list SCP on the path does not allow lambda' {
            $allowList = '{"Statement":[{"Effect":"Allow","Action":["s3:*","ec2:*"],"Resource":"*"}]}'
            $c = Get-Coverage @(@{ Target = 'r-root'; Policies = @($fullAccess) }, @{ Target = 'ou-sandbox'; Policies = @($allowList) })
            $c.PublicPermissionDenied | Should -BeTrue
            $c.PublicPermissionReason | Should -Match 'Implicitly denied.*ou-sandbox'
        }

        It 'Should allow through an allow-list that names lambda' {
            $allowList = '{"Statement":[{"Effect":"Allow","Action":"lambda:*","Resource":"*"}]}'
            (Get-Coverage @(@{ Target = 'r-root'; Policies = @($fullAccess) }, @{ Target = 'ou-a'; Policies = @($allowList) })).PublicPermissionDenied | Should -BeFalse
        }

        It 'Should deny a NONE-auth URL with the URL guardrail' {
            (Get-Coverage @(@{ Target = 'r-root'; Policies = @($fullAccess, $denyUrl) })).FunctionUrlNoneDenied | Should -BeTrue
        }

        It 'Should not count a deny whose condition it cannot evaluate' {
            $ipDeny = '{"Statement":[{"Effect":"Deny","Action":"lambda:*","Resource":"*","Condition":{"IpAddress":{"aws:SourceIp":"10.0.0.0/8"}}}]}'
            (Get-Coverage @(@{ Target = 'r-root'; Policies = @($fullAccess, $ipDeny) })).PublicPermissionDenied | Should -BeFalse
        }

        It 'Should treat a deny with a StringNotEqualsIfExists on an absent key as applying' {
            $ifExists = '{"Statement":[{"Effect":"Deny","Action":"lambda:AddPermission","Resource":"*","Condition":{"StringNotEqualsIfExists":{"aws:RequestedRegion":"eu-west-1"}}}]}'
            (Get-Coverage @(@{ Target = 'r-root'; Policies = @($fullAccess, $ifExists) })).PublicPermissionDenied | Should -BeTrue
        }
    }
}
