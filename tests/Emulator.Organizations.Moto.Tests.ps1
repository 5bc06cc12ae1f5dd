# Differential fidelity test of the emulator's Organizations tree and service control policies: the same boto3
# script runs against LambdaSec.Emulator and against moto_server, and the answers of the operations
# Test-LambdaSecGuardrail uses are compared field by field. Generated ids (o-, r-, ou-, p-, created accounts) are
# replaced by placeholders numbered in order of first appearance, so "the same id" still has to be the same.
#
# Compared: CreateOrganizationalUnit, ListRoots (Id, Arn, Name), ListOrganizationalUnitsForParent (also paged with
# MaxResults 1), MoveAccount, ListAccountsForParent (an OU, the root: accounts as ListAccounts describes them), ListParents (account, OU under OU, OU under root), CreatePolicy, AttachPolicy,
# ListPolicies (Filter SERVICE_CONTROL_POLICY, with the AWS managed FullAWSAccess), DescribePolicy (created and
# FullAWSAccess), ListTargetsForPolicy (FullAWSAccess attached to root, every OU and account), ListPoliciesForTarget,
# and the error codes PolicyNotFoundException (DescribePolicy, ListTargetsForPolicy) and ParentNotFoundException.
# Not compared (moto differs from AWS): the ARN of FullAWSAccess (AWS arn:aws:organizations::aws:policy/
# service_control_policy/p-FullAWSAccess, moto one in the organization), the management account's name, whitespace in
# policy content (compared as parsed JSON), Root.PolicyTypes (moto leaves it empty until EnablePolicyType; scenarios
# in the emulator start with SCPs enabled), ListParents of an unknown child (moto AccountNotFoundException, AWS
# ChildNotFoundException), duplicate AttachPolicy (moto accepts it, AWS DuplicatePolicyAttachmentException),
# ListRoots from a member account (moto answers, AWS and the emulator deny).
Set-StrictMode -Version Latest
$ErrorActionPreference = 'Stop'

BeforeDiscovery {
    $script:SkipReason = if (-not (Get-Command moto_server -ErrorAction SilentlyContinue)) { 'moto_server is not installed (pip install "moto[server]")' }
    if ($script:SkipReason) { Write-Warning "Emulator.Organizations.Moto.Tests skipped: $($script:SkipReason)." }
    $script:Steps = @(
        'ListRoots', 'CreateOU.Workloads', 'CreateOU.Prod', 'ListOUs.Root', 'ListOUs.Workloads', 'ListOUs.Root.Page1',
        'MoveAccount', 'ListAccountsForParent.Prod', 'ListAccountsForParent.Root', 'ListParents.Account', 'ListParents.Prod', 'ListParents.Workloads', 'CreatePolicy', 'AttachPolicy.Workloads',
        'AttachPolicy.Account', 'ListPolicies', 'DescribePolicy.Created', 'DescribePolicy.FullAWSAccess', 'ListTargets.Created',
        'ListTargets.FullAWSAccess', 'ListPoliciesForTarget.Account', 'DescribePolicy.Missing', 'ListTargets.Missing', 'ListOUs.MissingParent'
    ) | ForEach-Object { @{ Step = $_ } }
}

Describe 'LambdaSec.Emulator Organizations compared with moto' -Skip:([bool]$script:SkipReason) {
    BeforeAll {
        . (Join-Path $PSScriptRoot 'helpers/Emulator.ps1')
        . (Join-Path $PSScriptRoot 'helpers/Moto.ps1')
        # One step per operation; each answer is flattened to path=value pairs after ids are replaced.
        $script:Script = @'
import boto3, json, os, re, sys
# Only the keys below: a profile or config file left in the environment (even an empty AWS_PROFILE) breaks boto3.
for key in [k for k in os.environ if k.startswith('AWS_')]: del os.environ[key]
c = boto3.client('organizations', endpoint_url=sys.argv[1], region_name='us-east-1', aws_access_key_id='123456789012', aws_secret_access_key='x')
out, ids = {}, {}
def placeholder(m):
    key = m.group(0)
    if key not in ids:
        ids[key] = '%s<%d>' % (m.group(1), sum(1 for k in ids if k.startswith(m.group(1))) + 1)
    return ids[key]
def norm(value):
    text = json.dumps(value, default=str)
    text = re.sub(r'\b(o-|r-|ou-|p-)(?!FullAWSAccess)[a-z0-9]+(?:-[a-z0-9]{8,32})?\b', placeholder, text)
    for account, name in created.items():
        text = text.replace(account, name)
    return json.loads(text)
def known_differences(value):
    # moto gives FullAWSAccess an ARN in the organization (AWS: arn:aws:organizations::aws:policy/...), describes the
    # management account its own way (name "master", its email, how it joined: whatever its owner did) and spaces
    # policy JSON differently; JoinedTimestamp is a generated date.
    if isinstance(value, dict):
        if value.get('Id') == 'p-FullAWSAccess': value.pop('Arn', None)
        if value.get('TargetId') == '123456789012': value.pop('Name', None)
        if value.get('Id') == '123456789012':
            for key in ('Name', 'Email', 'JoinedMethod'): value.pop(key, None)
        value.pop('JoinedTimestamp', None)
        if isinstance(value.get('Content'), str): value['Content'] = json.loads(value['Content'])
        for v in value.values(): known_differences(v)
    elif isinstance(value, list):
        for v in value: known_differences(v)
    return value
def flat(value, prefix, into):
    if isinstance(value, dict):
        for k, v in value.items(): flat(v, prefix + '.' + k, into)
    elif isinstance(value, list):
        into[prefix + '.Count'] = len(value)
        for i, v in enumerate(value): flat(v, '%s[%d]' % (prefix, i), into)
    else:
        into[prefix] = value
    return into
def step(name, fn, **kw):
    try:
        r = fn(**kw); r.pop('ResponseMetadata', None)
    except c.exceptions.ClientError as e:
        r = {'Error': e.response['Error']['Code']}
    out[name] = flat(known_differences(norm(r or {'Empty': True})), '', {})
    return r
created = {}
c.create_organization(FeatureSet='ALL')
root = c.list_roots()['Roots'][0]['Id']
account = c.create_account(AccountName='app', Email='app@example.com')['CreateAccountStatus']['AccountId']
created[account] = 'ACCOUNT<app>'
r = step('ListRoots', c.list_roots)
out['ListRoots'] = {k: v for k, v in out['ListRoots'].items() if '.PolicyTypes' not in k}
workloads = step('CreateOU.Workloads', c.create_organizational_unit, ParentId=root, Name='Workloads')['OrganizationalUnit']['Id']
prod = step('CreateOU.Prod', c.create_organizational_unit, ParentId=workloads, Name='Prod')['OrganizationalUnit']['Id']
c.create_organizational_unit(ParentId=root, Name='Sandbox')
step('ListOUs.Root', c.list_organizational_units_for_parent, ParentId=root)
step('ListOUs.Workloads', c.list_organizational_units_for_parent, ParentId=workloads)
page = step('ListOUs.Root.Page1', c.list_organizational_units_for_parent, ParentId=root, MaxResults=1)
out['ListOUs.Root.Page1'] = {k: v for k, v in out['ListOUs.Root.Page1'].items() if k != '.NextToken'}
out['ListOUs.Root.Page1']['HasNextToken'] = 'NextToken' in page
step('MoveAccount', c.move_account, AccountId=account, SourceParentId=root, DestinationParentId=prod)
step('ListAccountsForParent.Prod', c.list_accounts_for_parent, ParentId=prod)
step('ListAccountsForParent.Root', c.list_accounts_for_parent, ParentId=root)
step('ListParents.Account', c.list_parents, ChildId=account)
step('ListParents.Prod', c.list_parents, ChildId=prod)
step('ListParents.Workloads', c.list_parents, ChildId=workloads)
content = json.dumps({'Version': '2012-10-17', 'Statement': [{'Sid': 'NoPublic', 'Effect': 'Deny', 'Action': 'lambda:AddPermission', 'Resource': '*', 'Condition': {'StringEquals': {'lambda:Principal': '*'}}}]})
policy = step('CreatePolicy', c.create_policy, Content=content, Description='deny public lambda', Name='lambda-guardrail', Type='SERVICE_CONTROL_POLICY')['Policy']['PolicySummary']['Id']
step('AttachPolicy.Workloads', c.attach_policy, PolicyId=policy, TargetId=workloads)
step('AttachPolicy.Account', c.attach_policy, PolicyId=policy, TargetId=account)
step('ListPolicies', c.list_policies, Filter='SERVICE_CONTROL_POLICY')
step('DescribePolicy.Created', c.describe_policy, PolicyId=policy)
step('DescribePolicy.FullAWSAccess', c.describe_policy, PolicyId='p-FullAWSAccess')
step('ListTargets.Created', c.list_targets_for_policy, PolicyId=policy)
step('ListTargets.FullAWSAccess', c.list_targets_for_policy, PolicyId='p-FullAWSAccess')
step('ListPoliciesForTarget.Account', c.list_policies_for_target, TargetId=account, Filter='SERVICE_CONTROL_POLICY')
step('DescribePolicy.Missing', c.describe_policy, PolicyId='p-00000000')
step('ListTargets.Missing', c.list_targets_for_policy, PolicyId='p-00000000')
step('ListOUs.MissingParent', c.list_organizational_units_for_parent, ParentId=root.replace('r-', 'ou-') + '-00000000')
print(json.dumps(out))
'@
        function script:Invoke-Steps([string] $Url) {
            $output = $script:Script | & python3 - $Url 2>&1
            if ($LASTEXITCODE -ne 0) { throw "The boto3 steps failed against ${Url}: $($output -join [Environment]::NewLine)" }
            ($output | Select-Object -Last 1) | ConvertFrom-Json -AsHashtable
        }
        $script:moto = Start-TestMoto
        $script:emulator = Start-TestEmulator
        $script:Answers = @{ moto = Invoke-Steps $moto.Url; emulator = Invoke-Steps $emulator.EndpointUrl }
    }

    AfterAll {
        Stop-TestEmulator $emulator
        Stop-TestMoto $moto
    }

    It 'Should answer <Step> like moto, field by field' -ForEach $Steps {
        $ours = $Answers.emulator[$Step]
        $theirs = $Answers.moto[$Step]
        $theirs | Should -Not -BeNullOrEmpty -Because 'moto answered the step'
        $differences = @(($ours.Keys + $theirs.Keys | Sort-Object -Unique) | Where-Object { "$($ours[$_])" -cne "$($theirs[$_])" } |
                ForEach-Object { "$_ emulator='$($ours[$_])' moto='$($theirs[$_])'" })
        $differences | Should -BeNullOrEmpty
    }

    It 'Should attach FullAWSAccess to the root, every OU and every account, as AWS does' {
        $targets = $Answers.emulator['ListTargets.FullAWSAccess']
        $targets['.Targets.Count'] | Should -Be 6
        $targets['.Targets[0].Type'] | Should -Be 'ROOT'
    }
}
