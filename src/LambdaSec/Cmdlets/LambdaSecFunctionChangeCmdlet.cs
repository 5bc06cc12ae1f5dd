using System.Management.Automation;
using LambdaSec.Analysis.Runtimes;
using LambdaSec.Model;
using LambdaSec.Remediation;

namespace LambdaSec.Cmdlets;

/// <summary>
/// The input and output of the cmdlets that change functions (Remove-LambdaPublicPermission, Set-LambdaFunctionUrlAuth):
/// Get-LambdaExposure objects or functions by name, a backup file, and -PassThru.
/// </summary>
public abstract class LambdaSecFunctionChangeCmdlet : LambdaSecRemediationCmdlet
{
    protected const string InputObjectSet = nameof(InputObject);
    protected const string ByNameSet = nameof(FunctionName);

    /// <summary>
    /// <para type="description">Functions as Get-LambdaExposure emits them, with what was read about them (statements and their RevisionId, function URL).</para>
    /// </summary>
    [Parameter(Mandatory = true, ValueFromPipeline = true, ParameterSetName = InputObjectSet)]
    public LambdaExposure? InputObject { get; set; }

    /// <summary>
    /// <para type="description">The function's name or ARN; what is needed is read from AWS. Binds by property name (AWS.Tools FunctionConfiguration objects, Get-LambdaExposure statements).</para>
    /// </summary>
    [Parameter(Mandatory = true, Position = 0, ValueFromPipelineByPropertyName = true, ParameterSetName = ByNameSet)]
    [Alias("FunctionArn")]
    public string FunctionName { get; set; } = string.Empty;

    /// <summary>
    /// <para type="description">The alias or version to change (default: the unqualified function).</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true, ParameterSetName = ByNameSet)]
    public string? Qualifier { get; set; }

    /// <summary>
    /// <para type="description">The region of the functions named (default: the region of the shell, environment or profile; an ARN names its own). Objects from Get-LambdaExposure carry their own region.</para>
    /// </summary>
    [Parameter(ValueFromPipelineByPropertyName = true)]
    public string? Region { get; set; }

    /// <summary>
    /// <para type="description">The JSON-lines file what is changed is backed up to first (appended; created if needed). Default: a new file per run in the user's LambdaSec data folder. Restore-LambdaPermission -BackupPath undoes the changes.</para>
    /// </summary>
    [Parameter]
    public string? BackupPath { get; set; }

    /// <summary>
    /// <para type="description">Emit a record of each change, with the backup path; pipe the records to Restore-LambdaPermission to undo.</para>
    /// </summary>
    [Parameter]
    public SwitchParameter PassThru { get; set; }

    internal override void WriteCollected(object item)
    {
        if (PassThru)
        {
            WriteObject(item);
        }
    }

    /// <summary>The function of a Get-LambdaExposure object, in its own account and region.</summary>
    protected static FunctionTarget TargetOf(LambdaExposure exposure) =>
        new(exposure.FunctionName, exposure.FunctionArn, exposure.Qualifier) { AccountId = exposure.AccountId, Region = exposure.Region };

    /// <summary>The function -FunctionName names; an ARN gives its account and region.</summary>
    protected FunctionTarget NamedTarget()
    {
        var arn = LambdaFunctionArn.TryParse(FunctionName);
        return new FunctionTarget(arn?.FunctionName ?? FunctionName, arn?.Arn, Qualifier) { AccountId = arn?.AccountId, Region = arn?.Region ?? Region };
    }
}
