using System;
using System.Management.Automation;
using LambdaSec.Collect;

namespace LambdaSec.Cmdlets;

/// <summary>Rejects anything but "i/n" with 1 &lt;= i &lt;= n, with a message that says what is expected.</summary>
public sealed class ValidateShardAttribute : ValidateArgumentsAttribute
{
    protected override void Validate(object arguments, EngineIntrinsics engineIntrinsics)
    {
        try
        {
            AuditShard.Parse(arguments?.ToString() ?? string.Empty);
        }
        catch (FormatException ex)
        {
            throw new ValidationMetadataException(ex.Message);
        }
    }
}
