using LambdaSec.Emulator.Protocols;
using System.Text.Json.Nodes;

namespace LambdaSec.Emulator.State;

public sealed class LambdaFunction
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    /// <summary>FunctionConfiguration as the API returns it for $LATEST.</summary>
    public required JsonObject Config { get; set; }
    public Dictionary<string, string> Tags { get; set; } = new();
    /// <summary>Container image of an Image-packaged function (null for Zip).</summary>
    public string? ImageUri { get; set; }
    /// <summary>The uploaded deployment package (CreateFunction Code.ZipFile), served at GetFunction's Code.Location.</summary>
    public byte[]? ZipFile { get; set; }
    /// <summary>Published versions ("1", "2"...), each a configuration snapshot.</summary>
    public SortedDictionary<int, JsonObject> Versions { get; } = new();
    public SortedDictionary<string, JsonObject> Aliases { get; } = new(StringComparer.Ordinal);
    /// <summary>Resource policies keyed by qualifier ("" = unqualified/$LATEST).</summary>
    public Dictionary<string, ResourcePolicy> Policies { get; } = new(StringComparer.Ordinal);
    /// <summary>Function URL configs keyed by qualifier ("" = unqualified).</summary>
    public SortedDictionary<string, JsonObject> Urls { get; } = new(StringComparer.Ordinal);
    public int? ReservedConcurrency { get; set; }
    public int NextVersion { get; set; } = 1;
    /// <summary>Asynchronous invocation settings (PutFunctionEventInvokeConfig), null when never configured.</summary>
    public JsonObject? EventInvokeConfig { get; set; }
    /// <summary>The code signing config attached with PutFunctionCodeSigningConfig, or null.</summary>
    public string? CodeSigningConfigArn { get; set; }
}

/// <summary>A layer version: the PublishLayerVersion answer and its resource policy (AddLayerVersionPermission).</summary>
public sealed class LayerVersion
{
    public required JsonObject Info { get; init; }
    /// <summary>The uploaded layer content (PublishLayerVersion Content.ZipFile), served at Content.Location.</summary>
    public byte[]? ZipFile { get; init; }
    public ResourcePolicy Policy { get; } = new();
}

/// <summary>A trail (CreateTrail) with its selectors (PutEventSelectors), kept in its home region.</summary>
public sealed class Trail
{
    public required JsonObject Info { get; init; }
    public JsonArray? EventSelectors { get; set; }
    public JsonArray? AdvancedEventSelectors { get; set; }
}

public sealed class ResourcePolicy
{
    public List<JsonObject> Statements { get; } = [];
    public string RevisionId { get; set; } = Guid.NewGuid().ToString();

    public string ToJson() => new JsonObject
    {
        ["Version"] = "2012-10-17",
        ["Id"] = "default",
        ["Statement"] = new JsonArray(Statements.Select(s => (JsonNode)s.DeepClone()).ToArray()),
    }.ToJsonString(JsonOut.Options);
}

public sealed class IamRole
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public required string RoleId { get; init; }
    public string Path { get; init; } = "/";
    public required string AssumeRolePolicyDocument { get; set; }
    public string? Description { get; set; }
    public int MaxSessionDuration { get; set; } = 3600;
    public DateTimeOffset CreateDate { get; init; } = DateTimeOffset.UtcNow;
    public SortedDictionary<string, string> InlinePolicies { get; } = new(StringComparer.Ordinal);
    public List<string> AttachedPolicyArns { get; } = [];
    public string? PermissionsBoundaryArn { get; set; }
    public Dictionary<string, string> Tags { get; } = new();
    /// <summary>Service namespace -> last authenticated time (service last accessed data).</summary>
    public Dictionary<string, DateTimeOffset> LastAccessed { get; } = new(StringComparer.Ordinal);
}

/// <summary>What IAM users and groups share: inline policies and attached managed policies.</summary>
public abstract class IamIdentity
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public required string Id { get; init; }
    public string Path { get; init; } = "/";
    public DateTimeOffset CreateDate { get; init; } = DateTimeOffset.UtcNow;
    public SortedDictionary<string, string> InlinePolicies { get; } = new(StringComparer.Ordinal);
    public List<string> AttachedPolicyArns { get; } = [];
}

public sealed class IamUser : IamIdentity
{
    public string? PermissionsBoundaryArn { get; set; }
    /// <summary>Names of the groups the user is in.</summary>
    public List<string> Groups { get; } = [];
}

public sealed class IamGroup : IamIdentity;

public sealed class ManagedPolicy
{
    public required string Name { get; init; }
    public required string Arn { get; init; }
    public required string PolicyId { get; init; }
    public string Path { get; init; } = "/";
    public string? Description { get; init; }
    public DateTimeOffset CreateDate { get; init; } = DateTimeOffset.UtcNow;
    public DateTimeOffset UpdateDate { get; set; } = DateTimeOffset.UtcNow;
    public string DefaultVersionId { get; set; } = "v1";
    public List<PolicyVersion> Versions { get; } = [];
    public int NextVersion { get; set; } = 2;
    public bool IsAwsManaged => Arn.StartsWith("arn:aws:iam::aws:", StringComparison.Ordinal);
    public PolicyVersion Default => Versions.First(v => v.VersionId == DefaultVersionId);
}

public sealed record PolicyVersion(string VersionId, string Document, DateTimeOffset CreateDate);

public sealed class CloudTrailEvent
{
    public required string EventId { get; init; }
    public required string EventName { get; init; }
    public required string EventSource { get; init; }
    public required DateTimeOffset EventTime { get; init; }
    public string? Username { get; init; }
    public string? AccessKeyId { get; init; }
    public bool ReadOnly { get; init; }
    public List<(string Type, string Name)> Resources { get; init; } = [];
    /// <summary>The full CloudTrail record (the CloudTrailEvent JSON string of LookupEvents).</summary>
    public required JsonObject Record { get; init; }
}

public sealed class WebAcl
{
    public required string Name { get; init; }
    public required string Id { get; init; }
    public required string Arn { get; init; }
    public required string Scope { get; init; }
    public required JsonObject Definition { get; init; }
    public string LockToken { get; set; } = Guid.NewGuid().ToString();
}
