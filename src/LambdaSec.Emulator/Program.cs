using LambdaSec.Emulator;
using LambdaSec.Emulator.Faults;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.Scenario;
using LambdaSec.Emulator.State;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

EmulatorOptions options;
try
{
    options = EmulatorOptions.Parse(args);
}
catch (ArgumentException ex)
{
    Console.Error.WriteLine(ex.Message);
    return 2;
}

var store = new StateStore();
var limiter = new RateLimiter();
var faults = new FaultInjector { LatencyMs = options.LatencyMs };
var stats = new EmulatorStats();
var registry = new ServiceRegistry();

try
{
    limiter.Configure(options.RateLimits);
    if (options.Faults is not null) faults.AddFromJson(options.Faults);
    if (options.ScenarioPath is not null) ScenarioLoader.LoadFile(store, registry, options.ScenarioPath);
    if (options.Generate is not null) EstateGenerator.Generate(store, registry, options.Generate);
}
catch (Exception ex) when (ex is IOException or ArgumentException or System.Text.Json.JsonException or InvalidOperationException)
{
    Console.Error.WriteLine($"LambdaSec.Emulator: {ex.Message}");
    return 2;
}

var builder = WebApplication.CreateSlimBuilder();
builder.Logging.ClearProviders();
builder.WebHost.ConfigureKestrel(k =>
{
    k.Listen(System.Net.IPAddress.Loopback, options.Port);
    k.Limits.MaxRequestBodySize = 100 * 1024 * 1024;
});
var app = builder.Build();
var dispatcher = new Dispatcher(store, limiter, faults, stats, registry) { RecordReadEvents = options.TrailReads };
app.Run(dispatcher.HandleAsync);

await app.StartAsync();
var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First();
var port = new Uri(address).Port;
Console.Out.WriteLine($"LambdaSec.Emulator listening on http://127.0.0.1:{port}");
Console.Out.Flush();
await app.WaitForShutdownAsync();
return 0;
