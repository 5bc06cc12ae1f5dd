using System.Collections.Generic;
using System.Linq;
using System.Threading;
using System.Threading.Tasks;
using LambdaSec.Aws.Shapes;

namespace LambdaSec.Aws.Clients;

/// <summary>The Lambda control-plane operations LambdaSec uses (botocore lambda/2015-03-31).</summary>
public sealed class LambdaApi
{
    private static readonly AwsService Service = AwsServices.Lambda;
    private static readonly Dictionary<string, string> Qualifier = new() { ["Qualifier"] = "Qualifier" };
    private static readonly Dictionary<string, string> Paging = new() { ["Marker"] = "Marker", ["MaxItems"] = "MaxItems" };

    public static readonly AwsOperation ListFunctions = List("ListFunctions", "/2015-03-31/functions/", "Functions", new() { ["Marker"] = "Marker", ["MaxItems"] = "MaxItems", ["FunctionVersion"] = "FunctionVersion" });
    public static readonly AwsOperation GetFunction = Get("GetFunction", "/2015-03-31/functions/{FunctionName}");
    public static readonly AwsOperation GetFunctionConfiguration = Get("GetFunctionConfiguration", "/2015-03-31/functions/{FunctionName}/configuration");
    public static readonly AwsOperation GetPolicy = Get("GetPolicy", "/2015-03-31/functions/{FunctionName}/policy");
    public static readonly AwsOperation AddPermission = new(Service, "AddPermission") { HttpMethod = "POST", RequestUri = "/2015-03-31/functions/{FunctionName}/policy", QueryBindings = Qualifier };
    public static readonly AwsOperation RemovePermission = new(Service, "RemovePermission") { HttpMethod = "DELETE", RequestUri = "/2015-03-31/functions/{FunctionName}/policy/{StatementId}", QueryBindings = new Dictionary<string, string> { ["Qualifier"] = "Qualifier", ["RevisionId"] = "RevisionId" } };
    public static readonly AwsOperation ListFunctionUrlConfigs = List("ListFunctionUrlConfigs", "/2021-10-31/functions/{FunctionName}/urls", "FunctionUrlConfigs", Paging);
    public static readonly AwsOperation GetFunctionUrlConfig = Get("GetFunctionUrlConfig", "/2021-10-31/functions/{FunctionName}/url");
    public static readonly AwsOperation UpdateFunctionUrlConfig = new(Service, "UpdateFunctionUrlConfig") { HttpMethod = "PUT", RequestUri = "/2021-10-31/functions/{FunctionName}/url", QueryBindings = Qualifier };
    public static readonly AwsOperation GetFunctionConcurrency = Get("GetFunctionConcurrency", "/2019-09-30/functions/{FunctionName}/concurrency");
    public static readonly AwsOperation GetAccountSettings = Get("GetAccountSettings", "/2016-08-19/account-settings/");
    public static readonly AwsOperation ListAliases = List("ListAliases", "/2015-03-31/functions/{FunctionName}/aliases", "Aliases", Paging);
    public static readonly AwsOperation ListVersionsByFunction = List("ListVersionsByFunction", "/2015-03-31/functions/{FunctionName}/versions", "Versions", Paging);
    public static readonly AwsOperation GetLayerVersionByArn = new(Service, "GetLayerVersionByArn") { HttpMethod = "GET", RequestUri = "/2018-10-31/layers?find=LayerVersion", QueryBindings = new Dictionary<string, string> { ["Arn"] = "Arn" } };
    public static readonly AwsOperation GetLayerVersionPolicy = new(Service, "GetLayerVersionPolicy") { HttpMethod = "GET", RequestUri = "/2018-10-31/layers/{LayerName}/versions/{VersionNumber}/policy" };
    public static readonly AwsOperation GetFunctionEventInvokeConfig = Get("GetFunctionEventInvokeConfig", "/2019-09-25/functions/{FunctionName}/event-invoke-config");
    public static readonly AwsOperation GetFunctionCodeSigningConfig = new(Service, "GetFunctionCodeSigningConfig") { HttpMethod = "GET", RequestUri = "/2020-06-30/functions/{FunctionName}/code-signing-config" };
    public static readonly AwsOperation GetCodeSigningConfig = new(Service, "GetCodeSigningConfig") { HttpMethod = "GET", RequestUri = "/2020-04-22/code-signing-configs/{CodeSigningConfigArn}" };
    public static readonly AwsOperation ListTags = new(Service, "ListTags") { HttpMethod = "GET", RequestUri = "/2017-03-31/tags/{Resource}" };
    public static readonly AwsOperation ListEventSourceMappings = List("ListEventSourceMappings", "/2015-03-31/event-source-mappings/", "EventSourceMappings", new() { ["Marker"] = "Marker", ["MaxItems"] = "MaxItems", ["FunctionName"] = "FunctionName", ["EventSourceArn"] = "EventSourceArn" });

    private readonly AwsSession _session;

    public LambdaApi(AwsSession session) => _session = session;

    public Task<IReadOnlyList<LambdaFunctionConfiguration>> ListFunctionsAsync(int? pageSize = null, CancellationToken cancellationToken = default) =>
        ListFunctionsAsync(pageSize, null, cancellationToken);

    /// <summary>
    /// Every function of the region. <paramref name="inspect"/>, when given, sees each configuration as AWS answered it
    /// (environment variable values included) before it is mapped to the typed shape, which keeps variable names only.
    /// </summary>
    public async Task<IReadOnlyList<LambdaFunctionConfiguration>> ListFunctionsAsync(int? pageSize, System.Action<AwsNode>? inspect, CancellationToken cancellationToken) =>
        (await _session.ListAllAsync(ListFunctions, AwsInput.Of(), pageSize, cancellationToken).ConfigureAwait(false))
            .Select(node =>
            {
                inspect?.Invoke(node);
                return LambdaFunctionConfiguration.From(node);
            })
            .ToList();

    /// <summary>GetFunction's whole answer (Configuration, Code, Tags, Concurrency); map Configuration with <see cref="LambdaFunctionConfiguration.From"/>.</summary>
    public Task<AwsNode> GetFunctionAsync(string functionName, string? qualifier = null, CancellationToken cancellationToken = default) =>
        _session.SendAsync(GetFunction, AwsInput.Of("FunctionName", functionName, "Qualifier", qualifier), cancellationToken);

    public async Task<LambdaFunctionConfiguration> GetFunctionConfigurationAsync(string functionName, string? qualifier = null, CancellationToken cancellationToken = default) =>
        LambdaFunctionConfiguration.From(await _session.SendAsync(GetFunctionConfiguration, AwsInput.Of("FunctionName", functionName, "Qualifier", qualifier), cancellationToken).ConfigureAwait(false));

    /// <summary>The resource policy; AWS answers ResourceNotFoundException (LambdaSec.ResourceNotFound) when the function has none.</summary>
    public async Task<LambdaFunctionPolicy> GetPolicyAsync(string functionName, string? qualifier = null, CancellationToken cancellationToken = default) =>
        LambdaFunctionPolicy.From(await _session.SendAsync(GetPolicy, AwsInput.Of("FunctionName", functionName, "Qualifier", qualifier), cancellationToken).ConfigureAwait(false));

    /// <summary>
    /// The resource policy, or null where AWS answers ResourceNotFoundException: the function (or alias) has no policy,
    /// or is gone. Without an exception, as most functions have no policy (docs/scale.md).
    /// </summary>
    public async Task<LambdaFunctionPolicy?> GetPolicyOrNullAsync(string functionName, string? qualifier = null, CancellationToken cancellationToken = default) =>
        await _session.SendOrNotFoundAsync(GetPolicy, AwsInput.Of("FunctionName", functionName, "Qualifier", qualifier), cancellationToken).ConfigureAwait(false) is { } node
            ? LambdaFunctionPolicy.From(node)
            : null;

    /// <summary>Adds a statement; <paramref name="permission"/> holds AddPermission's body members (StatementId, Action, Principal, SourceArn...). Returns the statement JSON.</summary>
    public async Task<string?> AddPermissionAsync(string functionName, IReadOnlyDictionary<string, object?> permission, string? qualifier = null, CancellationToken cancellationToken = default)
    {
        var input = permission.ToDictionary(p => p.Key, p => p.Value);
        input["FunctionName"] = functionName;
        input["Qualifier"] = qualifier;
        return (await _session.SendAsync(AddPermission, input, cancellationToken).ConfigureAwait(false)).GetString("Statement");
    }

    /// <summary>Removes a statement; with <paramref name="revisionId"/> a concurrent change fails with LambdaSec.PreconditionFailed instead of being overwritten.</summary>
    public Task RemovePermissionAsync(string functionName, string statementId, string? revisionId, string? qualifier = null, CancellationToken cancellationToken = default) =>
        _session.SendAsync(RemovePermission, AwsInput.Of("FunctionName", functionName, "StatementId", statementId, "RevisionId", revisionId, "Qualifier", qualifier), cancellationToken);

    public async Task<IReadOnlyList<LambdaFunctionUrlConfig>> ListFunctionUrlConfigsAsync(string functionName, CancellationToken cancellationToken = default) =>
        (await _session.ListAllAsync(ListFunctionUrlConfigs, AwsInput.Of("FunctionName", functionName), null, cancellationToken).ConfigureAwait(false)).Select(LambdaFunctionUrlConfig.From).ToList();

    public async Task<LambdaFunctionUrlConfig> GetFunctionUrlConfigAsync(string functionName, string? qualifier = null, CancellationToken cancellationToken = default) =>
        LambdaFunctionUrlConfig.From(await _session.SendAsync(GetFunctionUrlConfig, AwsInput.Of("FunctionName", functionName, "Qualifier", qualifier), cancellationToken).ConfigureAwait(false));

    /// <summary>Changes a function URL; <paramref name="changes"/> holds UpdateFunctionUrlConfig's body members (AuthType, Cors, InvokeMode).</summary>
    public async Task<LambdaFunctionUrlConfig> UpdateFunctionUrlConfigAsync(string functionName, IReadOnlyDictionary<string, object?> changes, string? qualifier = null, CancellationToken cancellationToken = default)
    {
        var input = changes.ToDictionary(p => p.Key, p => p.Value);
        input["FunctionName"] = functionName;
        input["Qualifier"] = qualifier;
        return LambdaFunctionUrlConfig.From(await _session.SendAsync(UpdateFunctionUrlConfig, input, cancellationToken).ConfigureAwait(false));
    }

    /// <summary>Reserved concurrency, or null when the function has none (it then shares the account's unreserved pool).</summary>
    public async Task<int?> GetFunctionConcurrencyAsync(string functionName, CancellationToken cancellationToken = default) =>
        (await _session.SendAsync(GetFunctionConcurrency, AwsInput.Of("FunctionName", functionName), cancellationToken).ConfigureAwait(false)).GetInt("ReservedConcurrentExecutions");

    /// <summary>AccountLimit (ConcurrentExecutions, UnreservedConcurrentExecutions...) and AccountUsage.</summary>
    public Task<AwsNode> GetAccountSettingsAsync(CancellationToken cancellationToken = default) =>
        _session.SendAsync(GetAccountSettings, AwsInput.Of(), cancellationToken);

    public Task<IReadOnlyList<AwsNode>> ListAliasesAsync(string functionName, CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(ListAliases, AwsInput.Of("FunctionName", functionName), null, cancellationToken);

    public async Task<IReadOnlyList<LambdaFunctionConfiguration>> ListVersionsByFunctionAsync(string functionName, CancellationToken cancellationToken = default) =>
        (await _session.ListAllAsync(ListVersionsByFunction, AwsInput.Of("FunctionName", functionName), null, cancellationToken).ConfigureAwait(false)).Select(LambdaFunctionConfiguration.From).ToList();

    public Task<IReadOnlyList<AwsNode>> ListEventSourceMappingsAsync(string? functionName = null, CancellationToken cancellationToken = default) =>
        _session.ListAllAsync(ListEventSourceMappings, AwsInput.Of("FunctionName", functionName), null, cancellationToken);

    /// <summary>A layer version by its ARN: Content.Location is a presigned URL of its zip (valid for 10 minutes).</summary>
    public Task<AwsNode> GetLayerVersionByArnAsync(string layerVersionArn, CancellationToken cancellationToken = default) =>
        _session.SendAsync(GetLayerVersionByArn, AwsInput.Of("Arn", layerVersionArn), cancellationToken);

    /// <summary>A layer version's resource policy JSON; ResourceNotFoundException (LambdaSec.ResourceNotFound) when it has none.</summary>
    public async Task<string?> GetLayerVersionPolicyAsync(string layerName, long versionNumber, CancellationToken cancellationToken = default) =>
        (await _session.SendAsync(GetLayerVersionPolicy, AwsInput.Of("LayerName", layerName, "VersionNumber", versionNumber), cancellationToken).ConfigureAwait(false)).GetString("Policy");

    /// <summary>Asynchronous invocation settings (DestinationConfig, MaximumRetryAttempts); ResourceNotFoundException when never configured.</summary>
    public Task<AwsNode> GetFunctionEventInvokeConfigAsync(string functionName, string? qualifier = null, CancellationToken cancellationToken = default) =>
        _session.SendAsync(GetFunctionEventInvokeConfig, AwsInput.Of("FunctionName", functionName, "Qualifier", qualifier), cancellationToken);

    /// <summary>The function's code signing config ARN, or null when it has none.</summary>
    public async Task<string?> GetFunctionCodeSigningConfigAsync(string functionName, CancellationToken cancellationToken = default)
    {
        var arn = (await _session.SendAsync(GetFunctionCodeSigningConfig, AwsInput.Of("FunctionName", functionName), cancellationToken).ConfigureAwait(false)).GetString("CodeSigningConfigArn");
        return string.IsNullOrEmpty(arn) ? null : arn;
    }

    /// <summary>
    /// What a code signing config does with a package whose signature fails validation: its
    /// CodeSigningPolicies.UntrustedArtifactOnDeployment, "Warn" or "Enforce" (botocore lambda/2015-03-31 CodeSigningPolicy;
    /// Warn is the default when the config leaves it out).
    /// </summary>
    public async Task<string> GetCodeSigningPolicyAsync(string codeSigningConfigArn, CancellationToken cancellationToken = default)
    {
        var config = (await _session.SendAsync(GetCodeSigningConfig, AwsInput.Of("CodeSigningConfigArn", codeSigningConfigArn), cancellationToken).ConfigureAwait(false)).Get("CodeSigningConfig");
        return config?.Get("CodeSigningPolicies")?.GetString("UntrustedArtifactOnDeployment") is { Length: > 0 } policy ? policy : "Warn";
    }

    /// <summary>The function's tags (ListTags on its unqualified ARN: tags belong to the function, not to versions or aliases).</summary>
    public async Task<IReadOnlyDictionary<string, string>> ListTagsAsync(string functionArn, CancellationToken cancellationToken = default)
    {
        var tags = (await _session.SendAsync(ListTags, AwsInput.Of("Resource", functionArn), cancellationToken).ConfigureAwait(false)).Get("Tags");
        return tags?.MemberNames().ToDictionary(k => k, k => tags.GetString(k) ?? string.Empty, System.StringComparer.Ordinal) ?? new Dictionary<string, string>();
    }

    private static AwsOperation Get(string name, string uri) =>
        new(Service, name) { HttpMethod = "GET", RequestUri = uri, QueryBindings = Qualifier };

    private static AwsOperation List(string name, string uri, string resultKey, Dictionary<string, string> query) =>
        new(Service, name) { HttpMethod = "GET", RequestUri = uri, QueryBindings = query, InputToken = "Marker", OutputToken = "NextMarker", LimitKey = "MaxItems", ResultKey = resultKey };
}
