using System;

namespace LambdaSec.Cmdlets;

/// <summary>The environment variables Start-LambdaSecEmulator -SetEnvironment sets, and their removal by Stop-LambdaSecEmulator.</summary>
internal static class EmulatorEnvironment
{
    public const string DemoAccount = "111111111111";

    public static void Point(string endpointUrl)
    {
        Environment.SetEnvironmentVariable("AWS_ENDPOINT_URL", endpointUrl);
        Environment.SetEnvironmentVariable("AWS_ACCESS_KEY_ID", DemoAccount);
        Environment.SetEnvironmentVariable("AWS_SECRET_ACCESS_KEY", "emulator");
        Environment.SetEnvironmentVariable("AWS_REGION", "us-east-1");
    }

    /// <summary>Clears the variables only when they still point at this emulator, so a real configuration set since is kept.</summary>
    public static void Clear(string endpointUrl)
    {
        if (!string.Equals(Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL"), endpointUrl, StringComparison.Ordinal))
        {
            return;
        }

        foreach (var name in new[] { "AWS_ENDPOINT_URL", "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_REGION" })
        {
            Environment.SetEnvironmentVariable(name, null);
        }
    }
}
