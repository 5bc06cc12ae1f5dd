using System;
using System.Collections.Generic;
using System.IO;
using System.Management.Automation;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Starts the LambdaSec emulator: a loopback AWS (Lambda, IAM, STS, API Gateway, ELBv2, WAFv2, CloudTrail, Organizations) to try LambdaSec without an AWS account.</para>
/// <para type="description">Start-LambdaSecEmulator runs the emulator shipped in the module's Emulator folder (it needs the .NET runtime: 'dotnet') on 127.0.0.1 and returns where it listens. -Scenario loads an estate: 'demo' (three accounts of one organization, two regions, every exposure level, end-of-life runtimes, risky roles, an API and a load balancer without WAF) or the path of a scenario file; -Generate builds a large estate. Account ids are the access key ids: with access key 111111111111 (any secret) you are in account 111111111111. -SetEnvironment points this PowerShell session at the emulator (AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID, AWS_SECRET_ACCESS_KEY, AWS_REGION), so every LambdaSec cmdlet and the AWS CLI use it; Stop-LambdaSecEmulator undoes that.</para>
/// </summary>
/// <example>
/// <code>$emulator = Start-LambdaSecEmulator -Scenario demo -SetEnvironment; Invoke-LambdaSecAudit -Region us-east-1 | Format-Table; Stop-LambdaSecEmulator</code>
/// <para>Starts the demo estate, audits it as account 111111111111 and stops the emulator.</para>
/// </example>
/// <example>
/// <code>$emulator = Start-LambdaSecEmulator -Generate 'functions=2000,regions=2,accounts=1,seed=7'; Get-LambdaExposure -EndpointUrl $emulator.EndpointUrl -AccessKey 123456789012 -SecretKey x -Region us-east-1 -Summary</code>
/// <para>Generates a large estate and counts its functions by exposure level.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Start, "LambdaSecEmulator", SupportsShouldProcess = true)]
[OutputType(typeof(EmulatorInstance))]
public sealed class StartLambdaSecEmulatorCommand : PSCmdlet
{
    /// <summary>
    /// <para type="description">The estate to load: 'demo' (shipped with the module) or the path of a scenario file (see the emulator's README for the format).</para>
    /// </summary>
    [Parameter(Position = 0)]
    public string? Scenario { get; set; }

    /// <summary>
    /// <para type="description">Generate a large estate, e.g. 'functions=10000,regions=4,accounts=3,seed=1'.</para>
    /// </summary>
    [Parameter]
    public string? Generate { get; set; }

    /// <summary>
    /// <para type="description">The port on 127.0.0.1 (default 0: any free port).</para>
    /// </summary>
    [Parameter]
    [ValidateRange(0, 65535)]
    public int Port { get; set; }

    /// <summary>
    /// <para type="description">API rate limits: 'aws' (AWS's documented control-plane quotas, with the real throttling errors), 'off', or the path of a rate-limit file. Default 'aws'.</para>
    /// </summary>
    [Parameter]
    public string RateLimits { get; set; } = "aws";

    /// <summary>
    /// <para type="description">Point this session at the emulator: sets AWS_ENDPOINT_URL, AWS_ACCESS_KEY_ID (111111111111), AWS_SECRET_ACCESS_KEY and AWS_REGION (us-east-1).</para>
    /// </summary>
    [Parameter]
    public SwitchParameter SetEnvironment { get; set; }

    protected override void EndProcessing()
    {
        var moduleBase = MyInvocation.MyCommand.Module?.ModuleBase ?? Path.GetDirectoryName(typeof(StartLambdaSecEmulatorCommand).Assembly.Location)!;
        var dll = EmulatorHost.DllPath(moduleBase);
        if (!File.Exists(dll))
        {
            ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"The emulator is not in this module ({dll}). Build the module with 'dotnet pwsh ./build.ps1 -Task Build' from the LambdaSec repository."), ErrorIds.EmulatorNotFound, ErrorCategory.ObjectNotFound, dll));
        }

        var arguments = new List<string> { "--port", Port.ToString(System.Globalization.CultureInfo.InvariantCulture), "--rate-limits", RateLimitsArgument() };
        var estate = ScenarioPath(moduleBase);
        if (estate is not null)
        {
            arguments.AddRange(["--scenario", estate]);
        }

        if (Generate is not null)
        {
            arguments.AddRange(["--generate", Generate]);
        }

        if (!ShouldProcess($"127.0.0.1:{Port}", "Start the LambdaSec emulator"))
        {
            return;
        }

        EmulatorInstance instance;
        try
        {
            instance = EmulatorHost.Start(dll, arguments, estate ?? Generate, TimeSpan.FromSeconds(60));
        }
        catch (Exception ex) when (ex is InvalidOperationException or System.ComponentModel.Win32Exception)
        {
            ThrowTerminatingError(new ErrorRecord(ex, ErrorIds.EmulatorStartFailed, ErrorCategory.OpenError, dll));
            return;
        }

        if (SetEnvironment)
        {
            EmulatorEnvironment.Point(instance.EndpointUrl);
        }

        WriteObject(instance);
    }

    private string RateLimitsArgument() =>
        RateLimits is "aws" or "off" ? RateLimits : GetUnresolvedProviderPathFromPSPath(RateLimits);

    private string? ScenarioPath(string moduleBase)
    {
        if (Scenario is null)
        {
            return null;
        }

        var path = EmulatorHost.BundledScenario(moduleBase, Scenario) ?? GetUnresolvedProviderPathFromPSPath(Scenario);
        if (!File.Exists(path))
        {
            ThrowTerminatingError(new ErrorRecord(new FileNotFoundException($"The scenario '{Scenario}' is neither a scenario shipped with the module (demo) nor an existing file."), ErrorIds.EmulatorNotFound, ErrorCategory.ObjectNotFound, Scenario));
        }

        return path;
    }
}
