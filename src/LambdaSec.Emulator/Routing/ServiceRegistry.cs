using System.Text.Json.Nodes;
using LambdaSec.Emulator.Services;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Routing;

/// <summary>The emulated services by routing name, and in-process invocation for scenario loading.</summary>
public sealed class ServiceRegistry
{
    private readonly Dictionary<string, AwsService> services;

    public ServiceRegistry()
    {
        AwsService[] all =
        [
            new LambdaService(), new IamService(), new StsService(), new CloudTrailService(),
            new OrganizationsService(), new ApiGatewayService(), new ApiGatewayV2Service(),
            new ElbV2Service(), new WafV2Service(), new SecurityHubService(), new LogsService(), new Ec2Service(), new Inspector2Service(), new GuardDutyService(),
        ];
        services = all.ToDictionary(s => s.Name, StringComparer.Ordinal);
    }

    public IEnumerable<AwsService> All => services.Values;

    public AwsService? Find(string name) => services.GetValueOrDefault(name);

    /// <summary>
    /// Runs one operation in-process (no HTTP, no throttling, no CloudTrail record) with the
    /// same handler code the wire uses. Returns the JSON or XML body; throws AwsException.
    /// The caller must hold the state gate.
    /// </summary>
    public object? Invoke(EmulatorState state, string serviceName, string accountId, string region,
        string method, string path, JsonObject? json = null, Dictionary<string, string>? form = null, string? query = null, string? target = null)
    {
        var service = services[serviceName];
        var http = new DefaultHttpContext();
        http.Request.Method = method;
        http.Request.Path = path;
        if (query is not null) http.Request.QueryString = new QueryString(query);
        if (target is not null) http.Request.Headers["X-Amz-Target"] = "Emulator." + target;
        var request = new AwsRequest
        {
            Http = http,
            Service = serviceName,
            Region = region,
            Caller = CallerIdentity.ForAccount(accountId, accountId),
            State = state,
            Json = json ?? new JsonObject(),
            Form = form ?? new Dictionary<string, string>(StringComparer.Ordinal),
            RecordTrail = false,
        };
        var handler = service.Resolve(request);
        return handler(request).Body;
    }

}
