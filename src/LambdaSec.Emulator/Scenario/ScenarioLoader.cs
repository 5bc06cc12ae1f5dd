using System.Text.Json.Nodes;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Scenario;

public static class ScenarioLoader
{
    public static JsonObject LoadFile(StateStore store, ServiceRegistry registry, string path) => Load(store, registry, File.ReadAllText(path));

    public static JsonObject Load(StateStore store, ServiceRegistry registry, string json) => new();
}
