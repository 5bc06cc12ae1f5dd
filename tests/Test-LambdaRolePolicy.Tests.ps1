Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeDiscovery {
    # Every escalation method of the embedded catalog: positive with all its actions, negative without each one.
    $catalog = Get-Content (Join-Path $PSScriptRoot '../src/LambdaSec/Data/privesc-methods.json') -Raw | ConvertFrom-Json
    $methodCases = @($catalog.methods | ForEach-Object { @{ Name = $_.name; Actions = @($_.actions) } })
    $missingActionCases = @(foreach ($method in $catalog.methods | Where-Object { @($_.actions).Count -gt 1 }) {
            foreach ($dropped in $method.actions) {
                @{ Name = $method.name; Dropped = $dropped; Kept = @($method.actions | Where-Object { $_ -ne $dropped }) }
            }
        })
    $singleActionMethods = @($catalog.methods | Where-Object { @($_.actions).Count -eq 1 } | ForEach-Object { @{ Name = $_.name; Action = $_.actions[0] } })

    # Every method again, each action allowed on one concrete ARN of each resource type it needs (the method's
    # "resources", else the SAR's required types, else one of its types; "*" for an action without types).
    $services = (Get-Content (Join-Path $PSScriptRoot '../src/LambdaSec/Data/iam-actions.json') -Raw | ConvertFrom-Json).services
    function Get-NeededArn {
        param([string] $Action, $Method)
        $service, $name = $Action -split ':', 2
        $entry = @($services.$service.actions.$name -split ' ')
        $types = @($entry | Select-Object -Skip 1 | ForEach-Object { @{ Type = $services.$service.types[[int]($_.TrimEnd('!'))]; Required = $_.EndsWith('!') } })
        $listed = @(if ($Method.PSObject.Properties['resources'] -and $Method.resources.PSObject.Properties[$Action]) { $Method.resources.$Action })
        $required = @($types | Where-Object { $_.Required })
        $needed = @(if ($listed.Count -gt 0) { $types | Where-Object { $listed -contains $_.Type[0] } }
            elseif ($required.Count -gt 0) { $required }
            else { $types | Select-Object -First 1 })
        if ($needed.Count -eq 0) { return , @('*') }
        , @($needed | ForEach-Object { ($_.Type[1] -replace '^arn:%', 'arn:aws') -replace '[%#*]', 'example1' })
    }
    $scopedMethodCases = @($catalog.methods | ForEach-Object {
            $method = $_
            @{ Name = $method.name; Statements = @($method.actions | ForEach-Object { [ordered]@{ Effect = 'Allow'; Action = $_; Resource = (Get-NeededArn $_ $method) } }); Actions = @($method.actions) }
        })

    $trustCases = @(
        @{ Name = 'lambda only'; Principal = @{ Service = 'lambda.amazonaws.com' }; Condition = $null; Kind = $null; Severity = $null }
        @{ Name = 'lambda in upper case'; Principal = @{ Service = 'LAMBDA.amazonaws.com' }; Condition = $null; Kind = $null; Severity = $null }
        @{ Name = 'another service'; Principal = @{ Service = 'ec2.amazonaws.com' }; Condition = $null; Kind = 'OtherService'; Severity = 'Medium' }
        @{ Name = 'another service pinned by SourceAccount'; Principal = @{ Service = 'events.amazonaws.com' }; Condition = @{ StringEquals = @{ 'aws:SourceAccount' = '111111111111' } }; Kind = 'OtherService'; Severity = 'Low' }
        @{ Name = 'a cross-account root'; Principal = @{ AWS = 'arn:aws:iam::222222222222:root' }; Condition = $null; Kind = 'CrossAccount'; Severity = 'High' }
        @{ Name = 'a cross-account role with a condition'; Principal = @{ AWS = 'arn:aws:iam::222222222222:role/ci' }; Condition = @{ StringEquals = @{ 'sts:ExternalId' = 'x' } }; Kind = 'CrossAccount'; Severity = 'Medium' }
        @{ Name = 'a role of the owner account'; Principal = @{ AWS = 'arn:aws:iam::111111111111:role/dev' }; Condition = $null; Kind = 'AccountPrincipal'; Severity = 'Medium' }
        @{ Name = 'anyone'; Principal = '*'; Condition = $null; Kind = 'AnyPrincipal'; Severity = 'Critical' }
        @{ Name = 'AWS "*"'; Principal = @{ AWS = '*' }; Condition = $null; Kind = 'AnyPrincipal'; Severity = 'Critical' }
        @{ Name = 'anyone with an organization condition'; Principal = '*'; Condition = @{ StringEquals = @{ 'aws:PrincipalOrgID' = 'o-abc123' } }; Kind = 'AnyPrincipal'; Severity = 'High' }
        @{ Name = 'a federated provider'; Principal = @{ Federated = 'cognito-identity.amazonaws.com' }; Condition = $null; Kind = 'Federated'; Severity = 'High' }
    )
}

BeforeAll {
    . (Join-Path $PSScriptRoot 'helpers/Module.ps1')
    Import-LambdaSecUnderTest

    function New-PolicyJson {
        param([object[]] $Statements)
        @{ Version = '2012-10-17'; Statement = @($Statements) } | ConvertTo-Json -Depth 10 -Compress
    }

    function New-Allow {
        param([object] $Action, [object] $Resource = '*', [hashtable] $Condition, [string] $Sid)
        $statement = [ordered]@{ Effect = 'Allow'; Action = $Action; Resource = $Resource }
        if ($Condition) { $statement.Condition = $Condition }
        if ($Sid) { $statement.Sid = $Sid }
        $statement
    }

    function Get-EscalationName {
        param([Parameter(Mandatory)] $Report)
        @($Report.PrivilegeEscalation | ForEach-Object Name)
    }
}

Describe 'Test-LambdaRolePolicy' {
    Context 'When every action of an escalation method is allowed on every resource' {
        It 'Should report <Name>' -ForEach $methodCases {
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow $Actions -Sid 'grant')) -PolicyName 'app-inline'
            $path = @($report.PrivilegeEscalation | Where-Object Name -EQ $Name)
            $path.Count | Should -Be 1
            $path[0].Actions | Should -Be $Actions
            $path[0].IsConditional | Should -BeFalse
            @($path[0].Evidence | ForEach-Object Action | Sort-Object -Unique) | Should -Be @($Actions | Sort-Object -Unique)
            $path[0].Evidence[0].PolicyName | Should -BeExactly 'app-inline'
            $path[0].Evidence[0].StatementId | Should -BeExactly 'grant'
            $report.Severity | Should -Be 'Critical'
            $report.RiskCategories.PrivilegeEscalation | Should -Contain $Actions[0]
        }

        It 'Should report <Name> when the actions come from separate policies' -ForEach ($methodCases | Where-Object { $_.Actions.Count -gt 1 }) {
            $policies = @($Actions | ForEach-Object { New-PolicyJson (New-Allow $_) })
            Get-EscalationName (Test-LambdaRolePolicy -Policy $policies) | Should -Contain $Name
        }
    }

    Context 'When each action of an escalation method is allowed only on resources of the types it needs' {
        It 'Should report <Name>' -ForEach $scopedMethodCases {
            Get-EscalationName (Test-LambdaRolePolicy -Policy (New-PolicyJson $Statements)) | Should -Contain $Name
        }

        It 'Should not report <Name> when its actions are allowed only on an unrelated bucket' -ForEach $scopedMethodCases {
            Get-EscalationName (Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow $Actions -Resource 'arn:aws:s3:::unrelated-bucket/*'))) | Should -Not -Contain $Name
        }
    }

    Context 'When one required action is missing' {
        It 'Should not report <Name> without <Dropped>' -ForEach $missingActionCases {
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow $Kept))
            Get-EscalationName $report | Should -Not -Contain $Name
        }

        It 'Should not report <Name> when its only action is absent' -ForEach $singleActionMethods {
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow 's3:GetObject'))
            Get-EscalationName $report | Should -Not -Contain $Name
        }
    }

    Context 'When the role is admin' {
        It 'Should report IsAdmin for <Case>' -ForEach @(
            @{ Case = 'Action *'; Statement = @{ Effect = 'Allow'; Action = '*'; Resource = '*' } }
            @{ Case = 'Action *:*'; Statement = @{ Effect = 'Allow'; Action = '*:*'; Resource = '*' } }
            @{ Case = 'NotAction of a billing service only'; Statement = @{ Effect = 'Allow'; NotAction = 'aws-portal:*'; Resource = '*' } }
            @{ Case = 'NotAction of a service that does not exist'; Statement = @{ Effect = 'Allow'; NotAction = 'nosuchservice:*'; Resource = '*' } }
            @{ Case = 'lower-case element names'; Statement = @{ effect = 'allow'; action = '*'; resource = '*' } }
        ) {
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson $Statement)
            $report.IsAdmin | Should -BeTrue
            $report.Severity | Should -Be 'Critical'
            $report.ServiceWildcards | Should -Contain 'iam'
            $report.ServiceWildcards | Should -Contain 's3'
            $report.Summary | Should -Match 'admin'
        }

        It 'Should not report IsAdmin for <Case>' -ForEach @(
            @{ Case = 'NotAction iam:*'; Statements = @(@{ Effect = 'Allow'; NotAction = 'iam:*'; Resource = '*' }) }
            @{ Case = 'Action * on one bucket'; Statements = @(@{ Effect = 'Allow'; Action = '*'; Resource = 'arn:aws:s3:::b/*' }) }
            @{ Case = 'Action * under a condition'; Statements = @(@{ Effect = 'Allow'; Action = '*'; Resource = '*'; Condition = @{ Bool = @{ 'aws:MultiFactorAuthPresent' = 'true' } } }) }
            @{ Case = 'Action * with iam denied'; Statements = @(@{ Effect = 'Allow'; Action = '*'; Resource = '*' }, @{ Effect = 'Deny'; Action = 'iam:*'; Resource = '*' }) }
            @{ Case = 'every core service by name'; Statements = @(@{ Effect = 'Allow'; Action = @('iam:*', 'sts:*', 'lambda:*', 's3:*', 'ec2:*'); Resource = '*' }) }
        ) {
            (Test-LambdaRolePolicy -Policy (New-PolicyJson $Statements)).IsAdmin | Should -BeFalse
        }

        It 'Should keep the escalations a NotAction iam:* policy still allows' {
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson @{ Effect = 'Allow'; NotAction = 'iam:*'; Resource = '*' })
            $names = Get-EscalationName $report
            $names | Should -Contain 'UpdateLambdaFunctionCode'
            $names | Should -Not -Contain 'PutRolePolicy'
            $names | Should -Not -Contain 'PassRoleToNewLambdaThenInvoke'
        }
    }

    Context 'When actions are written with wildcards' {
        It 'Should expand iam:Put* to the Put escalation methods only' {
            $names = Get-EscalationName (Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow 'iam:Put*')))
            $names | Sort-Object | Should -Be @('PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy')
        }

        It 'Should expand *Policy* across services' {
            $names = Get-EscalationName (Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow '*Policy*')))
            $names | Sort-Object | Should -Be @('AttachGroupPolicy', 'AttachRolePolicy', 'AttachUserPolicy', 'CreatePolicyVersion', 'PutGroupPolicy', 'PutRolePolicy', 'PutUserPolicy', 'SetDefaultPolicyVersion', 'UpdateAssumeRolePolicy')
        }

        It 'Should match actions case-insensitively and with ?' {
            $names = Get-EscalationName (Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow @('IAM:passrole', 'lambda:createfunction', 'lambda:InvokeFunctio?'))))
            $names | Should -Contain 'PassRoleToNewLambdaThenInvoke'
        }
    }

    Context 'When a permissions boundary applies' {
        It 'Should remove a grant the boundary does not allow' {
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow 'iam:*')) -PermissionsBoundary (New-PolicyJson (New-Allow 's3:*'))
            $report.PrivilegeEscalation | Should -BeNullOrEmpty
            $report.ServiceWildcards | Should -BeNullOrEmpty
            $report.HasPermissionsBoundary | Should -BeTrue
            $report.Severity | Should -Be 'Informational'
        }

        It 'Should keep only what both allow' {
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow '*')) -PermissionsBoundary (New-PolicyJson (New-Allow @('iam:PutRolePolicy', 's3:*')))
            $report.IsAdmin | Should -BeFalse
            Get-EscalationName $report | Should -Be @('PutRolePolicy')
            $report.ServiceWildcards | Should -Be @('s3')
        }

        It 'Should let a boundary NotAction remove a service' {
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow '*')) -PermissionsBoundary (New-PolicyJson @{ Effect = 'Allow'; NotAction = @('iam:*', 'lambda:*'); Resource = '*' })
            Get-EscalationName $report | Should -Not -Contain 'PutRolePolicy'
            Get-EscalationName $report | Should -Not -Contain 'UpdateLambdaFunctionCode'
            Get-EscalationName $report | Should -Contain 'UpdateGlueDevEndpoint'
        }

        It 'Should apply a Deny written in the boundary' {
            $boundary = New-PolicyJson @((New-Allow '*'), @{ Effect = 'Deny'; Action = 'iam:*'; Resource = '*' })
            Get-EscalationName (Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow 'iam:*')) -PermissionsBoundary $boundary) | Should -BeNullOrEmpty
        }
    }

    Context 'When an explicit Deny applies' {
        It 'Should remove a grant denied on every resource' {
            $policy = New-PolicyJson @((New-Allow 'iam:PutRolePolicy'), @{ Effect = 'Deny'; Action = 'iam:Put*'; Resource = '*' })
            Get-EscalationName (Test-LambdaRolePolicy -Policy $policy) | Should -BeNullOrEmpty
        }

        It 'Should remove a grant denied by another policy of the role' {
            $deny = New-PolicyJson @{ Effect = 'Deny'; Action = 'lambda:UpdateFunctionCode'; Resource = 'arn:aws:lambda:*:*:function:*' }
            Get-EscalationName (Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow 'lambda:UpdateFunctionCode')), $deny) | Should -BeNullOrEmpty
        }

        It 'Should keep a grant denied on one role only' {
            $policy = New-PolicyJson @((New-Allow 'iam:PutRolePolicy'), @{ Effect = 'Deny'; Action = 'iam:PutRolePolicy'; Resource = 'arn:aws:iam::111111111111:role/admin' })
            Get-EscalationName (Test-LambdaRolePolicy -Policy $policy) | Should -Be @('PutRolePolicy')
        }

        It 'Should keep a grant whose Deny has a condition' {
            $policy = New-PolicyJson @((New-Allow 'iam:PutRolePolicy'), @{ Effect = 'Deny'; Action = 'iam:*'; Resource = '*'; Condition = @{ Bool = @{ 'aws:MultiFactorAuthPresent' = 'false' } } })
            Get-EscalationName (Test-LambdaRolePolicy -Policy $policy) | Should -Be @('PutRolePolicy')
        }

        It 'Should apply a Deny with NotAction' {
            $policy = New-PolicyJson @((New-Allow '*'), @{ Effect = 'Deny'; NotAction = 's3:*'; Resource = '*' })
            $report = Test-LambdaRolePolicy -Policy $policy
            $report.PrivilegeEscalation | Should -BeNullOrEmpty
            $report.ServiceWildcards | Should -Be @('s3')
        }
    }

    Context 'When a grant has a condition' {
        It 'Should report the escalation as conditional and rate it High' {
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow 'iam:PutRolePolicy' -Condition @{ StringEquals = @{ 'aws:RequestedRegion' = 'us-east-1' } }))
            $report.PrivilegeEscalation[0].Name | Should -BeExactly 'PutRolePolicy'
            $report.PrivilegeEscalation[0].IsConditional | Should -BeTrue
            $report.PrivilegeEscalation[0].Evidence[0].IsConditional | Should -BeTrue
            $report.Severity | Should -Be 'High'
        }

        It 'Should prefer an unconditional grant of the same action' {
            $policy = New-PolicyJson @((New-Allow 'iam:PutRolePolicy' -Condition @{ Bool = @{ 'aws:SecureTransport' = 'true' } }), (New-Allow 'iam:PutRolePolicy' -Sid 'plain'))
            $path = (Test-LambdaRolePolicy -Policy $policy).PrivilegeEscalation[0]
            $path.IsConditional | Should -BeFalse
            $path.Evidence.StatementId | Should -Be @('plain')
        }

        It 'Should not count a conditional service wildcard' {
            (Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow 's3:*' -Condition @{ Bool = @{ 'aws:SecureTransport' = 'true' } }))).ServiceWildcards | Should -BeNullOrEmpty
        }
    }

    Context 'When grants are scoped to resources' {
        It 'Should count <Method> for <Action> on <Resource>: <Expected>' -ForEach @(
            @{ Action = 'iam:PutRolePolicy'; Resource = 'arn:aws:iam::111111111111:role/app'; Method = 'PutRolePolicy'; Expected = $true }
            @{ Action = 'iam:PutRolePolicy'; Resource = 'arn:aws:iam::111111111111:role/*'; Method = 'PutRolePolicy'; Expected = $true }
            @{ Action = 'iam:PutRolePolicy'; Resource = 'arn:aws:iam::111111111111:user/bob'; Method = 'PutRolePolicy'; Expected = $false }
            @{ Action = 'iam:PutRolePolicy'; Resource = 'arn:aws:s3:::bucket'; Method = 'PutRolePolicy'; Expected = $false }
            @{ Action = 'iam:CreateAccessKey'; Resource = 'arn:aws:iam::111111111111:user/${aws:username}'; Method = 'CreateAccessKey'; Expected = $true }
            @{ Action = 'iam:CreatePolicyVersion'; Resource = 'arn:aws:iam::111111111111:policy/app-*'; Method = 'CreatePolicyVersion'; Expected = $true }
            @{ Action = 'lambda:UpdateFunctionCode'; Resource = 'arn:aws:lambda:us-east-1:111111111111:function:orders'; Method = 'UpdateLambdaFunctionCode'; Expected = $true }
            @{ Action = 'lambda:UpdateFunctionCode'; Resource = 'arn:aws:dynamodb:us-east-1:111111111111:table/t'; Method = 'UpdateLambdaFunctionCode'; Expected = $false }
            @{ Action = 'glue:UpdateDevEndpoint'; Resource = 'arn:aws:glue:us-east-1:111111111111:devEndpoint/e'; Method = 'UpdateGlueDevEndpoint'; Expected = $true }
            @{ Action = '*'; Resource = 'arn:aws:iam::111111111111:role/app'; Method = 'PutRolePolicy'; Expected = $true }
            @{ Action = '*'; Resource = 'arn:aws:iam::111111111111:role/app'; Method = 'CreateAccessKey'; Expected = $false }
            @{ Action = '*'; Resource = 'arn:aws:iam::111111111111:role/app'; Method = 'UpdateLambdaFunctionCode'; Expected = $false }
            @{ Action = '*'; Resource = 'arn:aws:s3:::data-bucket'; Method = 'PutRolePolicy'; Expected = $false }
            @{ Action = 'iam:*'; Resource = 'arn:aws:iam::*:user/${aws:username}'; Method = 'CreateAccessKey'; Expected = $true }
            @{ Action = 'iam:*'; Resource = 'arn:aws:iam::*:user/${aws:username}'; Method = 'PutRolePolicy'; Expected = $false }
            @{ Action = 'iam:*'; Resource = 'arn:aws:iam::*:user/${aws:username}'; Method = 'CreatePolicyVersion'; Expected = $false }
            @{ Action = 'lambda:*'; Resource = 'arn:aws:lambda:us-east-1:111111111111:function:orders'; Method = 'UpdateLambdaFunctionCode'; Expected = $true }
            @{ Action = 'lambda:*'; Resource = 'arn:aws:lambda:us-east-1:111111111111:function:orders'; Method = 'PassRoleToNewLambdaThenInvoke'; Expected = $false }
            @{ Action = @('iam:PassRole', 'lambda:CreateFunction', 'lambda:InvokeFunction'); Resource = 'arn:aws:s3:::b/*'; Method = 'PassRoleToNewLambdaThenInvoke'; Expected = $false }
            @{ Action = '*'; Resource = @('arn:aws:iam::111111111111:role/*', 'arn:aws:ec2:*:*:*'); Method = 'PassRoleToNewEC2Instance'; Expected = $true }
            @{ Action = '*'; Resource = @('arn:aws:iam::111111111111:role/*', 'arn:aws:ec2:*:*:instance/*'); Method = 'PassRoleToNewEC2Instance'; Expected = $false }
            @{ Action = '*'; Resource = 'arn:aws:glue:us-east-1:111111111111:*'; Method = 'PassRoleToNewGlueDevEndpoint'; Expected = $false }
        ) {
            $names = Get-EscalationName (Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow $Action -Resource $Resource)))
            ($names -contains $Method) | Should -Be $Expected
        }

        It 'Should require Resource * for an action without resource-level permissions' {
            $scoped = New-PolicyJson @((New-Allow @('iam:PassRole', 'lambda:CreateFunction')), (New-Allow 'lambda:CreateEventSourceMapping' -Resource 'arn:aws:lambda:us-east-1:111111111111:event-source-mapping:x'))
            Get-EscalationName (Test-LambdaRolePolicy -Policy $scoped) | Should -Not -Contain 'PassRoleToNewLambdaThenEventSourceMapping'
        }

        It 'Should count PassRole on one role with a NotResource that leaves roles' {
            $policy = New-PolicyJson @((New-Allow 'ec2:RunInstances'), @{ Effect = 'Allow'; Action = 'iam:PassRole'; NotResource = 'arn:aws:iam::111111111111:role/admin' })
            Get-EscalationName (Test-LambdaRolePolicy -Policy $policy) | Should -Contain 'PassRoleToNewEC2Instance'
        }

        It 'Should not count a NotResource that excludes every role' {
            $policy = New-PolicyJson @((New-Allow 'ec2:RunInstances'), @{ Effect = 'Allow'; Action = 'iam:PassRole'; NotResource = 'arn:*:iam::*:role/*' })
            Get-EscalationName (Test-LambdaRolePolicy -Policy $policy) | Should -Not -Contain 'PassRoleToNewEC2Instance'
        }

        It 'Should show the granted resource in the evidence' {
            $evidence = (Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow 'iam:PutRolePolicy' -Resource 'arn:aws:iam::111111111111:role/app'))).PrivilegeEscalation[0].Evidence[0]
            $evidence.Resource | Should -BeExactly 'arn:aws:iam::111111111111:role/app'
        }
    }

    Context 'When Action * or a service wildcard is scoped to resources' {
        It 'Should find no escalation and no foreign service wildcard for Action * on one S3 prefix' {
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow '*' -Resource 'arn:aws:s3:::data-bucket/*'))
            $report.IsAdmin | Should -BeFalse
            $report.PrivilegeEscalation | Should -BeNullOrEmpty
            @($report.ServiceWildcards) | Should -Be @('s3')
            $report.RiskCategories.PrivilegeEscalation | Should -BeNullOrEmpty
            $report.Severity | Should -Be 'Medium'
        }

        It 'Should name the resource type a Resource * grant reaches in the evidence' {
            $path = (Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow '*'))).PrivilegeEscalation | Where-Object Name -EQ 'PutRolePolicy'
            $path.Evidence[0].Resource | Should -BeExactly 'arn:*:iam::*:role/*'
        }

        It 'Should name the scoped resource that made Action * count in the evidence' {
            $path = (Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow '*' -Resource 'arn:aws:iam::111111111111:role/app'))).PrivilegeEscalation | Where-Object Name -EQ 'PutRolePolicy'
            $path.Evidence[0].Resource | Should -BeExactly 'arn:aws:iam::111111111111:role/app'
        }

        It 'Should not count an object grant as a bucket policy change' {
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow 's3:*' -Resource 'arn:aws:s3:::data-bucket/*')), (New-PolicyJson (New-Allow 's3:PutBucketPolicy' -Resource 'arn:aws:s3:::data-bucket/*'))
            $report.RiskCategories.ResourceExposure | Should -BeNullOrEmpty
            $report.RiskCategories.InfrastructureModification | Should -BeNullOrEmpty
        }
    }

    Context 'When whole services are granted' {
        It 'Should list <Action> on <Resource> as <Expected>' -ForEach @(
            @{ Action = 's3:*'; Resource = 'arn:aws:s3:::b'; Expected = @('s3') }
            @{ Action = @('s3:*', 'dynamodb:*'); Resource = @('arn:aws:s3:::b', 'arn:aws:dynamodb:us-east-1:111111111111:table/t'); Expected = @('dynamodb', 's3') }
            @{ Action = 'S3:*'; Resource = 'arn:aws:s3:::b'; Expected = @('s3') }
            @{ Action = 'myfutureservice:*'; Resource = 'arn:aws:s3:::b'; Expected = @('myfutureservice') }
            @{ Action = 's3:Get*'; Resource = 'arn:aws:s3:::b'; Expected = @() }
            @{ Action = 'logs:*'; Resource = 'arn:aws:logs:us-east-1:111111111111:log-group:/aws/lambda/orders:*'; Expected = @('logs') }
            @{ Action = 'logs:*'; Resource = 'arn:aws:s3:::b'; Expected = @() }
            @{ Action = 'dynamodb:*'; Resource = 'arn:aws:s3:::b'; Expected = @() }
            @{ Action = '*'; Resource = 'arn:aws:s3:::data-bucket/*'; Expected = @('s3') }
            @{ Action = '*'; Resource = 'arn:aws:lambda:us-east-1:111111111111:function:orders'; Expected = @('backup', 'lambda') }
            @{ Action = 'iam:*'; Resource = 'arn:aws:iam::111111111111:user/${aws:username}'; Expected = @('iam') }
        ) {
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow $Action -Resource $Resource))
            @($report.ServiceWildcards) | Should -Be $Expected
        }

        It 'Should list every service for *' {
            $wildcards = (Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow '*'))).ServiceWildcards
            foreach ($service in 'iam', 'sts', 'lambda', 's3', 'ec2', 'dynamodb', 'sqs', 'sns', 'kms', 'secretsmanager', 'ssm', 'cloudformation', 'glue', 'datapipeline', 'logs', 'events', 'apigateway', 'elasticloadbalancing', 'wafv2', 'organizations') {
                $wildcards | Should -Contain $service
            }
        }

        It 'Should rate <Action> on <Resource> as <Severity>' -ForEach @(
            @{ Action = 's3:*'; Resource = 'arn:aws:s3:::b'; Severity = 'Medium' }
            @{ Action = 'dynamodb:*'; Resource = 'arn:aws:dynamodb:us-east-1:111111111111:table/t'; Severity = 'Medium' }
            @{ Action = 'kms:*'; Resource = 'arn:aws:kms:us-east-1:111111111111:key/k'; Severity = 'High' }
            @{ Action = 'kms:*'; Resource = 'arn:aws:s3:::b'; Severity = 'Informational' }
        ) {
            (Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow $Action -Resource $Resource))).Severity | Should -Be $Severity
        }
    }

    Context 'When actions fall in risk categories' {
        It 'Should put <Action> on <Resource> in <Category>: <Expected>' -ForEach @(
            @{ Action = 's3:GetObject'; Resource = '*'; Category = 'DataExfiltration'; Expected = $true }
            @{ Action = 's3:GetObject'; Resource = 'arn:aws:s3:::b/*'; Category = 'DataExfiltration'; Expected = $false }
            @{ Action = 'secretsmanager:GetSecretValue'; Resource = '*'; Category = 'DataExfiltration'; Expected = $true }
            @{ Action = 'sts:AssumeRole'; Resource = '*'; Category = 'CredentialsExposure'; Expected = $true }
            @{ Action = 'ecr:GetAuthorizationToken'; Resource = '*'; Category = 'CredentialsExposure'; Expected = $true }
            @{ Action = 's3:PutBucketPolicy'; Resource = '*'; Category = 'ResourceExposure'; Expected = $true }
            @{ Action = 'lambda:AddPermission'; Resource = '*'; Category = 'ResourceExposure'; Expected = $true }
            @{ Action = 'dynamodb:PutItem'; Resource = '*'; Category = 'InfrastructureModification'; Expected = $true }
            @{ Action = 'dynamodb:GetItem'; Resource = '*'; Category = 'InfrastructureModification'; Expected = $false }
        ) {
            $categories = (Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow $Action -Resource $Resource))).RiskCategories
            ($categories.$Category -contains $Action) | Should -Be $Expected
        }

        It 'Should rate the basic execution role Low' {
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow @('logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents')))
            $report.Severity | Should -Be 'Low'
            $report.RiskCategories.InfrastructureModification | Should -Be @('logs:CreateLogGroup', 'logs:CreateLogStream', 'logs:PutLogEvents')
        }

        It 'Should find nothing for read-only scoped grants' {
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow 'dynamodb:GetItem' -Resource 'arn:aws:dynamodb:us-east-1:111111111111:table/t'))
            $report.Severity | Should -Be 'Informational'
            $report.Summary | Should -BeExactly 'No risky privileges found.'
        }
    }

    Context 'When a statement names actions of every service (Action *, *:Get*, NotAction)' {
        It 'Should list the evidence in policy order with <Case>' -ForEach @(
            @{ Case = 'Action * first'; Statements = @(@{ Sid = 'all'; Effect = 'Allow'; Action = '*'; Resource = 'arn:aws:iam::111111111111:role/app' }, @{ Sid = 'one'; Effect = 'Allow'; Action = 'iam:PutRolePolicy'; Resource = 'arn:aws:iam::111111111111:role/app' }); Expected = @('all', 'one') }
            @{ Case = 'Action * last'; Statements = @(@{ Sid = 'one'; Effect = 'Allow'; Action = 'iam:PutRolePolicy'; Resource = 'arn:aws:iam::111111111111:role/app' }, @{ Sid = 'all'; Effect = 'Allow'; Action = '*'; Resource = 'arn:aws:iam::111111111111:role/app' }); Expected = @('one', 'all') }
            @{ Case = 'NotAction between two grants'; Statements = @(@{ Sid = 'one'; Effect = 'Allow'; Action = 'iam:Put*'; Resource = 'arn:aws:iam::111111111111:role/*' }, @{ Sid = 'not'; Effect = 'Allow'; NotAction = 's3:*'; Resource = '*' }, @{ Sid = 'two'; Effect = 'Allow'; Action = 'iam:PutRolePolicy'; Resource = 'arn:aws:iam::111111111111:role/app' }); Expected = @('one', 'not', 'two') }
        ) {
            $path = (Test-LambdaRolePolicy -Policy (New-PolicyJson $Statements)).PrivilegeEscalation | Where-Object Name -EQ 'PutRolePolicy'
            @($path.Evidence | ForEach-Object StatementId) | Should -Be $Expected
        }

        It 'Should judge <Case> by the resources it names' -ForEach @(
            @{ Case = 'NotAction iam:* on Lambda functions'; Statements = @(@{ Effect = 'Allow'; NotAction = 'iam:*'; Resource = 'arn:aws:lambda:us-east-1:111111111111:function:*' }); Wildcards = @('backup', 'lambda'); Escalation = @('UpdateLambdaFunctionCode') }
            @{ Case = '*:Get* on S3 objects'; Statements = @(@{ Effect = 'Allow'; Action = '*:Get*'; Resource = 'arn:aws:s3:::data/*' }); Wildcards = @(); Escalation = @() }
            @{ Case = 'a Deny of Action * on roles'; Statements = @(@{ Effect = 'Allow'; Action = @('iam:*', 's3:*'); Resource = '*' }, @{ Effect = 'Deny'; Action = '*'; Resource = 'arn:aws:iam::*:role/*' }); Wildcards = @('iam', 's3'); Escalation = @('CreatePolicyVersion', 'SetDefaultPolicyVersion', 'AttachUserPolicy', 'AttachGroupPolicy', 'PutUserPolicy', 'PutGroupPolicy', 'AddUserToGroup', 'CreateAccessKey', 'CreateLoginProfile', 'UpdateLoginProfile') }
            @{ Case = 'a Deny with NotAction on roles'; Statements = @(@{ Effect = 'Allow'; Action = '*'; Resource = 'arn:aws:iam::111111111111:role/app' }, @{ Effect = 'Deny'; NotAction = 'iam:PassRole'; Resource = 'arn:aws:iam::111111111111:role/*' }); Wildcards = @(); Escalation = @() }
        ) {
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson $Statements)
            $report.IsAdmin | Should -BeFalse
            @($report.ServiceWildcards) | Should -Be $Wildcards
            Get-EscalationName $report | Should -Be $Escalation
        }
    }

    Context 'When resource patterns are pathological' {
        BeforeAll {
            $stars = 'arn:aws:s3:::' + ('a*' * 400) + 'b'
        }

        It 'Should decide <Case>' -ForEach @(
            @{ Case = 'a*a*...b against a literal too short'; Method = 'Overlaps'; A = 'stars'; B = 'arn:aws:s3:::' + ('a' * 300) + 'b'; Expected = $false }
            @{ Case = 'a*a*...b against a long literal'; Method = 'Overlaps'; A = 'stars'; B = 'arn:aws:s3:::' + ('a' * 2000) + 'b'; Expected = $true }
            @{ Case = 'a*b covering a*a*...b'; Method = 'Covers'; A = 'arn:aws:s3:::a*b'; B = 'stars'; Expected = $true }
            @{ Case = 'a*a*...b not covering a*b'; Method = 'Covers'; A = 'stars'; B = 'arn:aws:s3:::a*b'; Expected = $false }
            @{ Case = 'a?a?...* against ?a?a...b'; Method = 'Overlaps'; A = 'arn:aws:s3:::' + ('a?' * 1000) + '*'; B = 'arn:aws:s3:::' + ('?a' * 1000) + 'b'; Expected = $true }
            @{ Case = 'a?a?...c against *a*a...*'; Method = 'Overlaps'; A = 'arn:aws:s3:::' + ('a?' * 1000) + 'c'; B = 'arn:aws:s3:::' + ('*a' * 1000) + '*'; Expected = $true }
            @{ Case = 'different literal endings'; Method = 'Overlaps'; A = 'stars'; B = 'arn:aws:s3:::' + ('a*' * 400) + 'c'; Expected = $false }
        ) {
            $first = if ($A -eq 'stars') { $stars } else { $A }
            $second = if ($B -eq 'stars') { $stars } else { $B }
            [LambdaSec.Analysis.Privileges.ResourcePattern]::$Method($first, $second) | Should -Be $Expected
        }

        It 'Should find the escalation a pathological role pattern allows, kept by a long literal Deny and removed by a Deny on every role' {
            $role = 'arn:aws:iam::111111111111:role/' + ('a*' * 300) + 'b'
            $allow = @{ Sid = 'odd'; Effect = 'Allow'; Action = 'iam:PutRolePolicy'; Resource = $role }
            $kept = Test-LambdaRolePolicy -Policy (New-PolicyJson @($allow, @{ Effect = 'Deny'; Action = 'iam:*'; Resource = 'arn:aws:iam::111111111111:role/' + ('a' * 1900) + 'b' }))
            Get-EscalationName $kept | Should -Be @('PutRolePolicy')
            $kept.PrivilegeEscalation[0].Evidence[0].StatementId | Should -BeExactly 'odd'
            Get-EscalationName (Test-LambdaRolePolicy -Policy (New-PolicyJson @($allow, @{ Effect = 'Deny'; Action = 'iam:*'; Resource = 'arn:aws:iam::*:role/*' }))) | Should -BeNullOrEmpty
        }
    }

    Context 'When the policy is very large' {
        It 'Should analyse 16,000 statements and still find the one escalation among them' {
            $builder = [System.Text.StringBuilder]::new()
            $null = $builder.Append('{"Version":"2012-10-17","Statement":[')
            for ($i = 0; $i -lt 16000; $i++) {
                $null = $builder.Append("{""Effect"":""Allow"",""Action"":[""dynamodb:GetItem"",""s3:Get*""],""Resource"":[""arn:aws:dynamodb:us-east-1:111111111111:table/t$i"",""arn:aws:s3:::bucket-$i/*""]},")
            }
            $null = $builder.Append('{"Sid":"planted","Effect":"Allow","Action":"iam:PutRolePolicy","Resource":"arn:aws:iam::111111111111:role/app"}]}')
            $report = Test-LambdaRolePolicy -Policy $builder.ToString()
            $report.IsAdmin | Should -BeFalse
            Get-EscalationName $report | Should -Be @('PutRolePolicy')
            $report.PrivilegeEscalation[0].Evidence[0].StatementId | Should -BeExactly 'planted'
        }
    }

    Context 'When a trust policy is given' {
        It 'Should judge a trust to <Name>' -ForEach $trustCases {
            $statement = [ordered]@{ Effect = 'Allow'; Principal = $Principal; Action = 'sts:AssumeRole' }
            if ($Condition) { $statement.Condition = $Condition }
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow 'dynamodb:GetItem' -Resource 'arn:aws:dynamodb:us-east-1:111111111111:table/t')) -TrustPolicy (New-PolicyJson $statement) -OwnerAccountId '111111111111'
            if ($null -eq $Kind) {
                $report.TrustIssues | Should -BeNullOrEmpty
            }
            else {
                $report.TrustIssues.Count | Should -Be 1
                $report.TrustIssues[0].Kind | Should -Be $Kind
                $report.TrustIssues[0].Severity | Should -Be $Severity
                $report.Severity | Should -Be $Severity
            }
        }

        It 'Should flag a missing source condition only for other services' {
            $trust = New-PolicyJson @{ Effect = 'Allow'; Principal = @{ Service = @('lambda.amazonaws.com', 'sns.amazonaws.com') }; Action = 'sts:AssumeRole' }
            $issues = (Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow 's3:GetObject' -Resource 'arn:aws:s3:::b/*')) -TrustPolicy $trust).TrustIssues
            $issues.Count | Should -Be 1
            $issues[0].Principal | Should -BeExactly 'sns.amazonaws.com'
            $issues[0].MissingSourceCondition | Should -BeTrue
        }

        It 'Should call an AWS principal AccountPrincipal without -OwnerAccountId' {
            $trust = New-PolicyJson @{ Effect = 'Allow'; Principal = @{ AWS = '222222222222' }; Action = 'sts:AssumeRole' }
            (Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow 's3:GetObject' -Resource 'arn:aws:s3:::b/*')) -TrustPolicy $trust).TrustIssues[0].Kind | Should -Be 'AccountPrincipal'
        }
    }

    Context 'When a document is malformed' {
        It 'Should write PolicyParseError naming <Case> and analyse the rest' -ForEach @(
            @{ Case = 'invalid JSON'; Bad = '{"Statement": [' }
            @{ Case = 'an empty string'; Bad = '' }
            @{ Case = 'a JSON array'; Bad = '[1,2]' }
            @{ Case = 'a document without Statement'; Bad = '{"Version":"2012-10-17"}' }
            @{ Case = 'a document whose second Statement key is empty'; Bad = '{"Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}],"Statement":[]}' }
            @{ Case = 'a lone surrogate outside the statements'; Bad = '{"Version":"\ud800","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }
            @{ Case = 'a lone surrogate in a key outside the statements'; Bad = '{"\ud800":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}' }
        ) {
            $good = New-PolicyJson (New-Allow 'iam:PutRolePolicy')
            $report = Test-LambdaRolePolicy -Policy $Bad, $good -PolicyName 'broken', 'fine' -ErrorVariable err -ErrorAction SilentlyContinue
            $err.Count | Should -Be 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.PolicyParseError,LambdaSec.Cmdlets.TestLambdaRolePolicyCommand'
            $err[0].CategoryInfo.Category | Should -Be 'InvalidData'
            $err[0].Exception.Message | Should -Match 'broken'
            $report.UnreadablePolicies | Should -Be @('broken')
            $report.PolicyNames | Should -Be @('fine')
            Get-EscalationName $report | Should -Be @('PutRolePolicy')
        }

        It 'Should leave out a bad statement and keep the others of its document' {
            $policy = New-PolicyJson @(@{ Sid = 'bad'; Effect = 'Permit'; Action = '*'; Resource = '*' }, (New-Allow 'iam:PutUserPolicy'))
            $report = Test-LambdaRolePolicy -Policy $policy -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.PolicyParseError,LambdaSec.Cmdlets.TestLambdaRolePolicyCommand'
            $err[0].Exception.Message | Should -Match "Statement bad of Policy1"
            $report.IsAdmin | Should -BeFalse
            Get-EscalationName $report | Should -Be @('PutUserPolicy')
        }

        It 'Should leave out a statement <Case> and keep the others of its document' -ForEach @(
            @{ Case = 'with a lone surrogate'; Bad = '{"Sid":"\ud800","Effect":"Allow","Action":"*","Resource":"*"}'; Message = '*malformed*' }
            @{ Case = 'with a lone surrogate in a key'; Bad = '{"Sid":"bad","\ud800":1,"Effect":"Allow","Action":"*","Resource":"*"}'; Message = '*malformed*' }
            @{ Case = 'with Effect twice'; Bad = '{"Sid":"bad","Effect":"Deny","Effect":"Allow","Action":"*","Resource":"*"}'; Message = '*malformed*' }
            # Values past 2,048 characters (PolicyParser.MaxValueLength) are never compared: the message names the element and the limit.
            @{ Case = 'with a 1 MB Resource'; Bad = (@{ Sid = 'bad'; Effect = 'Allow'; Action = '*'; Resource = 'arn:aws:s3:::' + ('a' * 1MB) } | ConvertTo-Json -Compress); Message = '*Statement bad of Policy1*Resource*2,048*' }
            @{ Case = 'with 100,000 wildcards in its Resource'; Bad = (@{ Sid = 'bad'; Effect = 'Allow'; Action = '*'; Resource = ('*?' * 50000) } | ConvertTo-Json -Compress); Message = '*Statement bad of Policy1*Resource*2,048*' }
            @{ Case = 'with 100,000 wildcards in its NotResource'; Bad = (@{ Sid = 'bad'; Effect = 'Deny'; Action = 'iam:PutUserPolicy'; NotResource = ('?*' * 50000) } | ConvertTo-Json -Compress); Message = '*Statement bad of Policy1*NotResource*2,048*' }
            @{ Case = 'with 100,000 wildcards in its Action'; Bad = (@{ Sid = 'bad'; Effect = 'Allow'; Action = ('*?' * 50000); Resource = '*' } | ConvertTo-Json -Compress); Message = '*Statement bad of Policy1*Action*2,048*' }
        ) {
            $policy = '{"Version":"2012-10-17","Statement":[' + $Bad + ',' + (New-Allow 'iam:PutUserPolicy' | ConvertTo-Json -Compress -Depth 5) + ']}'
            $report = Test-LambdaRolePolicy -Policy $policy -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -HaveCount 1
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.PolicyParseError,LambdaSec.Cmdlets.TestLambdaRolePolicyCommand'
            $err[0].Exception.Message | Should -BeLike $Message
            $report.IsAdmin | Should -BeFalse
            Get-EscalationName $report | Should -Be @('PutUserPolicy')
        }

        It 'Should read a Resource of exactly 2,048 characters' {
            $arn = 'arn:aws:iam::111111111111:user/' + ('u' * (2048 - 'arn:aws:iam::111111111111:user/'.Length))
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson @{ Effect = 'Allow'; Action = 'iam:PutUserPolicy'; Resource = $arn }) -ErrorVariable err -ErrorAction SilentlyContinue
            $err | Should -BeNullOrEmpty
            Get-EscalationName $report | Should -Be @('PutUserPolicy')
        }

        It 'Should let an unreadable boundary allow nothing' {
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow '*')) -PermissionsBoundary 'not json' -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.PolicyParseError,LambdaSec.Cmdlets.TestLambdaRolePolicyCommand'
            $report.IsAdmin | Should -BeFalse
            $report.PrivilegeEscalation | Should -BeNullOrEmpty
        }

        It 'Should still analyse the policies when the trust policy is malformed' {
            $report = Test-LambdaRolePolicy -Policy (New-PolicyJson (New-Allow 'iam:PutRolePolicy')) -TrustPolicy '{' -ErrorVariable err -ErrorAction SilentlyContinue
            $err[0].FullyQualifiedErrorId | Should -BeExactly 'LambdaSec.PolicyParseError,LambdaSec.Cmdlets.TestLambdaRolePolicyCommand'
            $err[0].TargetObject | Should -BeExactly 'TrustPolicy'
            Get-EscalationName $report | Should -Be @('PutRolePolicy')
        }
    }

    Context 'When input comes from the pipeline' {
        It 'Should bind policies, names and the trust policy by property name' {
            $role = [pscustomobject]@{
                RoleName                 = 'orders-role'
                Policy                   = @((New-PolicyJson (New-Allow 'iam:AttachRolePolicy')))
                PolicyName               = @('attach')
                AssumeRolePolicyDocument = New-PolicyJson @{ Effect = 'Allow'; Principal = @{ Service = 'lambda.amazonaws.com' }; Action = 'sts:AssumeRole' }
            }
            $report = $role | Test-LambdaRolePolicy
            $report.RoleName | Should -BeExactly 'orders-role'
            $report.PrivilegeEscalation[0].Evidence[0].PolicyName | Should -BeExactly 'attach'
            $report.TrustIssues | Should -BeNullOrEmpty
        }
    }
}
