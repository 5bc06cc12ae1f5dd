using System.Collections.Generic;
using System.Management.Automation;
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
public sealed class SetLambdaFunctionUrlAuthCommand : LambdaSecFunctionChangeCmdlet
{
    private readonly List<FunctionTarget> _targets = [];

    /// <summary>
    /// <para type="description">The AuthType to set: AWS_IAM (callers need IAM credentials) or NONE (anyone the resource policy allows).</para>
    /// </summary>
    [Parameter(Mandatory = true)]
    [ValidateSet("AWS_IAM", "NONE")]
    public string AuthType { get; set; } = "AWS_IAM";

    protected override void ProcessRecord()
    {
        if (InputObject is { } exposure)
        {
            if (exposure.FunctionUrl is not { } url || url.AuthType == AuthType)
            {
                WriteVerbose($"{Describe(exposure.FunctionName, exposure.Qualifier, exposure.Region)} has no function URL with another AuthType than {AuthType}; skipped.");
                return;
            }

            Add(TargetOf(exposure), $" (now {url.AuthType}, {url.Url})");
            return;
        }

        Add(NamedTarget(), string.Empty);
    }

    protected override void EndProcessing()
    {
        using var backup = OpenBackup(BackupPath);
        RunPerRegion(_targets, t => t.Region, t => t.AccountId, t => t.Key, (session, targets, bridge, token) =>
            new FunctionUrlAuthChanger(session, backup, bridge).ChangeAsync(targets, AuthType, token));
    }

    private void Add(FunctionTarget target, string now)
    {
        if (ShouldProcess("Function URL of " + Describe(target.FunctionName, target.Qualifier, target.Region), $"Set AuthType to {AuthType}{now}"))
        {
            _targets.Add(target);
        }
    }
}
