Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

# deploy/lambdasec-shards.template.json: the CloudFormation template that fans Invoke-LambdaSecAudit -Shard out over ECS
# Fargate tasks with a Step Functions Map state (docs/scale.md). cfn-lint validates the resources and the state machine
# definition against the CloudFormation and Amazon States Language schemas it ships.
BeforeAll {
    $script:templatePath = Join-Path $PSScriptRoot '../deploy/lambdasec-shards.template.json'
    $script:template = Get-Content $templatePath -Raw | ConvertFrom-Json
    $script:definition = $template.Resources.StateMachine.Properties.Definition
}

Describe 'The Step Functions shard template' {
    Context 'When cfn-lint checks it' {
        It 'Should report no error or warning' {
            if (-not (Get-Command cfn-lint -ErrorAction SilentlyContinue)) { Set-ItResult -Skipped -Because 'cfn-lint is not installed (Debian/pip package cfn-lint)'; return }
            $output = & cfn-lint --format parseable $templatePath 2>&1
            ($output -join [Environment]::NewLine) | Should -BeNullOrEmpty
            $LASTEXITCODE | Should -Be 0
        }
    }

    Context 'When the state machine runs' {
        It 'Should make the shard list 1..n from the ShardCount parameter and run one task per shard' {
            $definition.States.Shards.Parameters.'shards.$'.'Fn::Sub' | Should -BeExactly 'States.ArrayRange(1, ${ShardCount}, 1)'
            $definition.States.AuditShards.Type | Should -Be 'Map'
            $definition.States.AuditShards.ItemsPath | Should -Be '$.shards'
        }

        It 'Should give each task -Shard i/n and write its findings as JSON, then merge them with Export-LambdaSecReport -InputPath' {
            $task = $definition.States.AuditShards.ItemProcessor.States.AuditShard
            $task.Resource | Should -Be 'arn:aws:states:::ecs:runTask.sync'
            $container = $task.Parameters.Overrides.ContainerOverrides[0]
            ($container.Environment | Where-Object Name -eq 'LAMBDASEC_SHARD').'Value.$'.'Fn::Sub' | Should -BeExactly "States.Format('{}/`${ShardCount}', `$.shard)"
            $container.Command[-1] | Should -Match '-Shard \$env:LAMBDASEC_SHARD \| Export-LambdaSecReport -Path \S+ -Format Json'
            $definition.States.MergeReports.Parameters.Overrides.ContainerOverrides[0].Command[-1] | Should -Match 'Export-LambdaSecReport -InputPath /tmp/shards/shard-\*\.json'
        }
    }
}
