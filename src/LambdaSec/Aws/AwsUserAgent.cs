using System;
using System.Net.Http;
using System.Runtime.InteropServices;
using LambdaSec.Model;

namespace LambdaSec.Aws;

/// <summary>
/// The User-Agent of every request: <c>LambdaSec/0.1.0 PowerShell/7.6.9 md/PSEdition#Core os/linux#6.8.0 lang/dotnet#10.0.0</c>.
/// It is added after signing and never signed, as the AWS SDKs do (botocore's SIGNED_HEADERS_BLACKLIST holds
/// user-agent), so proxies that rewrite it do not break the signature.
/// </summary>
public static class AwsUserAgent
{
    private static readonly string ModuleVersion = typeof(AwsUserAgent).Assembly.GetName().Version is { } v ? $"{v.Major}.{v.Minor}.{v.Build}" : "0.0.0";

    /// <summary>The value sent; PowerShell's edition and version are added once a cmdlet knows them (<see cref="SetHost"/>).</summary>
    public static string Value { get; private set; } = Build(null, null);

    /// <summary>Records the PowerShell that hosts the module ($PSVersionTable.PSEdition and PSVersion).</summary>
    public static void SetHost(string? edition, string? version) => Value = Build(edition, version);

    /// <summary>The header value for a host; tokens are product/version pairs with no spaces inside a token.</summary>
    public static string Build(string? edition, string? version)
    {
        var host = version is null ? string.Empty : $" PowerShell/{Token(version)}";
        var hostEdition = edition is null ? string.Empty : $" md/PSEdition#{Token(edition)}";
        return $"{LambdaSecUserAgent.Product}/{ModuleVersion}{host}{hostEdition} os/{OsName()}#{Environment.OSVersion.Version} lang/dotnet#{Environment.Version}";
    }

    /// <summary>Adds the User-Agent to a request that is already signed.</summary>
    public static void Apply(HttpRequestMessage message) => message.Headers.TryAddWithoutValidation("User-Agent", Value);

    private static string OsName() =>
        RuntimeInformation.IsOSPlatform(OSPlatform.Windows) ? "windows"
        : RuntimeInformation.IsOSPlatform(OSPlatform.OSX) ? "macos"
        : RuntimeInformation.IsOSPlatform(OSPlatform.Linux) ? "linux"
        : "other";

    private static string Token(string text) => text.Replace(' ', '_').Replace('/', '_');
}
