using System.Text.Json.Nodes;

namespace LambdaSec.Emulator.State;

/// <summary>All state of one account in one region.</summary>
public sealed class RegionState(string accountId, string region)
{
    public string AccountId { get; } = accountId;
    public string Region { get; } = region;
    public SortedDictionary<string, LambdaFunction> Functions { get; } = new(StringComparer.Ordinal);
    public List<JsonObject> EventSourceMappings { get; } = [];
    public List<CloudTrailEvent> Events { get; } = [];
    // API Gateway REST APIs: id -> api; resources, stages and deployments live inside RestApi.
    public SortedDictionary<string, RestApi> RestApis { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, HttpApi> HttpApis { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, JsonObject> LoadBalancers { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, JsonObject> TargetGroups { get; } = new(StringComparer.Ordinal);
    /// <summary>Target group ARN -> registered target ids.</summary>
    public Dictionary<string, List<string>> Targets { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, JsonObject> Listeners { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, WebAcl> WebAcls { get; } = new(StringComparer.Ordinal);
    /// <summary>Resource ARN (ALB or API Gateway stage) -> web ACL ARN.</summary>
    public Dictionary<string, string> WebAclAssociations { get; } = new(StringComparer.Ordinal);
    /// <summary>Layer name -> version number -> layer version.</summary>
    public SortedDictionary<string, SortedDictionary<long, LayerVersion>> Layers { get; } = new(StringComparer.Ordinal);
    /// <summary>Code signing configs (botocore CodeSigningConfig shape) by ARN.</summary>
    public SortedDictionary<string, JsonObject> CodeSigningConfigs { get; } = new(StringComparer.Ordinal);
    /// <summary>Trails whose home region this is, by name.</summary>
    public SortedDictionary<string, Trail> Trails { get; } = new(StringComparer.Ordinal);
    /// <summary>EC2 subnets by id (ec2 wire member names: subnetId, vpcId, availabilityZone...).</summary>
    public SortedDictionary<string, JsonObject> Subnets { get; } = new(StringComparer.Ordinal);
    /// <summary>CloudWatch Logs log groups by name (ordinal order, as DescribeLogGroups lists them).</summary>
    public SortedDictionary<string, JsonObject> LogGroups { get; } = new(StringComparer.Ordinal);
    /// <summary>Security Hub findings by ProductArn + "|" + Id (BatchImportFindings upserts them).</summary>
    public SortedDictionary<string, JsonObject> SecurityHubFindings { get; } = new(StringComparer.Ordinal);
    /// <summary>Amazon Inspector scan statuses by resourceState member (ec2, ecr, lambda, lambdaCode, codeRepository); absent is DISABLED.</summary>
    public SortedDictionary<string, string> InspectorStatus { get; } = new(StringComparer.Ordinal);
    /// <summary>Amazon Inspector findings (ListFindings' wire members), in the order ListFindings pages them; scenarios seed them ("inspectorFindings").</summary>
    public List<JsonObject> InspectorFindings { get; } = [];
    /// <summary>The region's GuardDuty detector (GetDetector's wire members plus detectorId), or null: GuardDuty allows one per account and region.</summary>
    public JsonObject? GuardDutyDetector { get; set; }
}

public sealed class RestApi
{
    public required JsonObject Api { get; init; }
    public SortedDictionary<string, JsonObject> Resources { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, JsonObject> Deployments { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, JsonObject> Stages { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, JsonObject> Authorizers { get; } = new(StringComparer.Ordinal);
}

public sealed class HttpApi
{
    public required JsonObject Api { get; init; }
    public SortedDictionary<string, JsonObject> Routes { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, JsonObject> Integrations { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, JsonObject> Stages { get; } = new(StringComparer.Ordinal);
    public SortedDictionary<string, JsonObject> Authorizers { get; } = new(StringComparer.Ordinal);
}

/// <summary>Global (IAM) state of one account plus its regions.</summary>
public sealed class AccountState(string accountId)
{
    public string AccountId { get; } = accountId;
    public string? Name { get; set; }
    public string? Email { get; set; }
    public SortedDictionary<string, IamRole> Roles { get; } = new(StringComparer.OrdinalIgnoreCase);
    public SortedDictionary<string, IamUser> Users { get; } = new(StringComparer.OrdinalIgnoreCase);
    public SortedDictionary<string, IamGroup> Groups { get; } = new(StringComparer.OrdinalIgnoreCase);
    /// <summary>Customer managed policies by ARN.</summary>
    public SortedDictionary<string, ManagedPolicy> Policies { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, RegionState> Regions { get; } = new(StringComparer.Ordinal);
    public Dictionary<string, JsonObject> LastAccessedJobs { get; } = new(StringComparer.Ordinal);
}

public sealed class Organization
{
    public required string Id { get; init; }
    public required string MasterAccountId { get; init; }
    public string RootId { get; init; } = "r-" + Ids.Alnum(4);
    public string FeatureSet { get; init; } = "ALL";
    /// <summary>Member accounts in join order (the master first).</summary>
    public List<JsonObject> Accounts { get; } = [];
    /// <summary>CreateAccount request id -> CreateAccountStatus.</summary>
    public Dictionary<string, JsonObject> CreateAccountStatuses { get; } = new(StringComparer.Ordinal);
    /// <summary>OUs in creation order (Id, Arn, Name).</summary>
    public List<JsonObject> OrganizationalUnits { get; } = [];
    /// <summary>Account or OU id -> the id of its parent (the root or an OU).</summary>
    public Dictionary<string, string> Parents { get; } = new(StringComparer.Ordinal);
    /// <summary>Policies in creation order: PolicySummary and Content, as DescribePolicy answers.</summary>
    public List<JsonObject> Policies { get; } = [];
    /// <summary>Policy id -> the root, OU and account ids it is attached to, in attachment order.</summary>
    public Dictionary<string, List<string>> PolicyTargets { get; } = new(StringComparer.Ordinal);
}

/// <summary>The whole emulated AWS: accounts, organization and issued temporary credentials.</summary>
public sealed class EmulatorState
{
    public SortedDictionary<string, AccountState> Accounts { get; } = new(StringComparer.Ordinal);
    public Organization? Organization { get; set; }
    /// <summary>Temporary access key id -> (account, assumed-role ARN, role ARN, session).</summary>
    public Dictionary<string, TemporaryCredential> TemporaryCredentials { get; } = new(StringComparer.Ordinal);

    public AccountState Account(string accountId)
    {
        if (!Accounts.TryGetValue(accountId, out var a)) Accounts[accountId] = a = new AccountState(accountId);
        return a;
    }

    public RegionState Region(string accountId, string region)
    {
        var a = Account(accountId);
        if (!a.Regions.TryGetValue(region, out var r)) a.Regions[region] = r = new RegionState(accountId, region);
        return r;
    }
}

public sealed record TemporaryCredential(string AccountId, string AssumedRoleArn, string RoleArn, string RoleId, string SessionName);

/// <summary>Holds the current state; every operation runs under <see cref="Gate"/> so state is thread-safe.</summary>
public sealed class StateStore
{
    public object Gate { get; } = new();
    public EmulatorState Current { get; private set; } = new();

    public void Reset()
    {
        lock (Gate) Current = new EmulatorState();
    }
}
