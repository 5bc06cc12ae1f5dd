using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Scenario;

public static class EstateGenerator
{
    public static void Generate(StateStore store, ServiceRegistry registry, string spec) { }
}
