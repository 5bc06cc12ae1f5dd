using System.Linq;
using System.Management.Automation;
using LambdaSec.Model;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Stops LambdaSec emulators started in this session.</para>
/// <para type="description">Stop-LambdaSecEmulator stops the emulator piped in (or named by -ProcessId), or every emulator this session started when none is given, and removes the AWS_* environment variables that Start-LambdaSecEmulator -SetEnvironment set, if they still point at it. The emulator keeps its estate in memory only: stopping it discards the estate.</para>
/// </summary>
/// <example>
/// <code>Stop-LambdaSecEmulator</code>
/// <para>Stops every emulator started in this session.</para>
/// </example>
/// <example>
/// <code>$emulator | Stop-LambdaSecEmulator -WhatIf</code>
/// <para>Shows which emulator would be stopped.</para>
/// </example>
[Cmdlet(VerbsLifecycle.Stop, "LambdaSecEmulator", SupportsShouldProcess = true)]
[OutputType(typeof(EmulatorInstance))]
public sealed class StopLambdaSecEmulatorCommand : PSCmdlet
{
    /// <summary>
    /// <para type="description">The emulator to stop (the object Start-LambdaSecEmulator returned).</para>
    /// </summary>
    [Parameter(ValueFromPipeline = true)]
    public EmulatorInstance? InputObject { get; set; }

    /// <summary>
    /// <para type="description">The process id of the emulator to stop.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public int? ProcessId { get; set; }

    /// <summary>
    /// <para type="description">Emit the stopped emulator objects.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    private bool _any;

    protected override void ProcessRecord()
    {
        if (InputObject is null && ProcessId is null)
        {
            return;
        }

        _any = true;
        StopOne(ProcessId ?? InputObject!.ProcessId);
    }

    protected override void EndProcessing()
    {
        if (!_any)
        {
            foreach (var id in EmulatorHost.RunningIds().ToList())
            {
                StopOne(id);
            }
        }
    }

    private void StopOne(int processId)
    {
        if (!ShouldProcess($"emulator process {processId}", "Stop"))
        {
            return;
        }

        if (EmulatorHost.Stop(processId) is not { } stopped)
        {
            WriteError(new ErrorRecord(new ItemNotFoundException($"No emulator with process id {processId} was started in this session; Start-LambdaSecEmulator returns the ones it starts."), ErrorIds.EmulatorNotFound, ErrorCategory.ObjectNotFound, processId));
            return;
        }

        EmulatorEnvironment.Clear(stopped.EndpointUrl);
        if (PassThru)
        {
            WriteObject(stopped);
        }
    }
}
