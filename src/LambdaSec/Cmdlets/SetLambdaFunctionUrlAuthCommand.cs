using System.Collections.Generic;
using System.Management.Automation;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Model;
using LambdaSec.Remediation;

namespace LambdaSec.Cmdlets;

/// <summary>
/// <para type="synopsis">Sets the AuthType of Lambda function URLs (AWS_IAM closes a public URL), with a backup of the previous setting.</para>
/// <para type="description">Set-LambdaFunctionUrlAuth takes the output of Get-LambdaExposure (functions without a URL, or whose URL already has the AuthType, are skipped) or functions by name, and changes their function URL's AuthType with UpdateFunctionUrlConfig. With AWS_IAM, callers need IAM credentials that a policy allows, so the URL is no longer open to the internet. The previous AuthType is appended to the same JSON-lines backup as Remove-LambdaPublicPermission writes (kind FunctionUrl) and flushed to disk before the change; Restore-LambdaPermission -BackupPath sets it back. A URL that already has the AuthType is left alone, so running it again changes nothing.</para>
/// </summary>
/// <example>
/// <code>Get-LambdaExposure -Region us-east-1 | Where-Object { $_.FunctionUrl.IsPubliclyReachable } | Set-LambdaFunctionUrlAuth -AuthType AWS_IAM -WhatIf</code>
/// <para>Shows which publicly reachable function URLs would be switched to IAM authentication.</para>
/// </example>
/// <example>
/// <code>Set-LambdaFunctionUrlAuth -FunctionName orders -Qualifier live -AuthType AWS_IAM -BackupPath ./url-backup.jsonl -PassThru -Confirm:$false</code>
/// <para>Switches the URL of the live alias of orders to AWS_IAM and emits the change with the previous AuthType.</para>
/// </example>
[Cmdlet(VerbsCommon.Set, "LambdaFunctionUrlAuth", SupportsShouldProcess = true, ConfirmImpact = ConfirmImpact.High, DefaultParameterSetName = InputObjectSet)]
[OutputType(typeof(LambdaFunctionUrlAuthChange))]
public sealed class SetLambdaFunctionUrlAuthCommand : LambdaSecRemediationCmdlet
{
    private const string InputObjectSet = nameof(InputObject);
    private const string ByNameSet = nameof(FunctionName);

    private readonly List<FunctionTarget> _targets = [];

    /// <summary>
    /// <para type="description">Functions as Get-LambdaExposure emits them; those without a function URL, or whose URL already has -AuthType, are skipped.</para>
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public LambdaExposure? InputObject { get; set; }

    /// <summary>
    /// <para type="description">The function's name or ARN. Binds by property name (AWS.Tools FunctionConfiguration and FunctionUrlConfig objects).</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ByNameSet)]
    [Alias("FunctionArn")]
    public string FunctionName { get; set; } = string.Empty;

    /// <summary>
    /// <para type="description">The alias whose URL to change (default: the unqualified function's URL).</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByNameSet)]
    public string? Qualifier { get; set; }

    /// <summary>
    /// <para type="description">The region of the functions named (default: the region of the shell, environment or profile; an ARN names its own). Objects from Get-LambdaExposure carry their own region.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Region { get; set; }

    /// <summary>
    /// <para type="description">The AuthType to set: AWS_IAM (callers need IAM credentials) or NONE (anyone the resource policy allows).</para>
    /// </summary>
    [Parameter(Mandatory = true)]
    [ValidateSet("AWS_IAM", "NONE")]
    public string AuthType { get; set; } = "AWS_IAM";

    /// <summary>
    /// <para type="description">The JSON-lines file the previous settings are appended to (created if needed). Default: a new file per run in the user's LambdaSec data folder.</para>
    /// </summary>
    [Parameter]
    public string? BackupPath { get; set; }

    /// <summary>
    /// <para type="description">Emit a record of each changed URL (previous and new AuthType, backup path).</para>
    /// </summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    protected override void ProcessRecord()
    {
        if (InputObject is { } exposure)
        {
            if (exposure.FunctionUrl is not { } url || url.AuthType == AuthType)
            {
                WriteVerbose($"{Describe(exposure.FunctionName, exposure.Qualifier, exposure.Region)} has no function URL with another AuthType than {AuthType}; skipped.");
                return;
            }

            Add(new FunctionTarget(exposure.FunctionName, exposure.FunctionArn, exposure.Qualifier) { AccountId = exposure.AccountId, Region = exposure.Region }, $" (now {url.AuthType}, {url.Url})");
            return;
        }

        var arn = LambdaFunctionArn.TryParse(FunctionName);
        Add(new FunctionTarget(arn?.FunctionName ?? FunctionName, arn?.Arn, Qualifier) { AccountId = arn?.AccountId, Region = arn?.Region ?? Region }, string.Empty);
    }

    protected override void EndProcessing()
    {
        using var backup = OpenBackup(BackupPath);
        RunPerRegion(_targets, t => t.Region, t => t.AccountId, t => t.Key, (session, targets, bridge, token) =>
            new FunctionUrlAuthChanger(session, backup, bridge).ChangeAsync(targets, AuthType, token));
    }

    internal override void WriteCollected(object item)
    {
        if (PassThru)
        {
            WriteObject(item);
        }
    }

    private void Add(FunctionTarget target, string now)
    {
        if (ShouldProcess("Function URL of " + Describe(target.FunctionName, target.Qualifier, target.Region), $"Set AuthType to {AuthType}{now}"))
        {
            _targets.Add(target);
        }
    }
}
