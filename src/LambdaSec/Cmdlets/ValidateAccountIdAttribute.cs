using System.Management.Automation;
using LambdaSec.Analysis.Policy;

namespace LambdaSec.Cmdlets;

/// <summary>Rejects anything but a 12-digit AWS account id, with a message that says what is expected.</summary>
public sealed class ValidateAccountIdAttribute : ValidateEnumeratedArgumentsAttribute
{
    protected override void ValidateElement(object element)
    {
        var text = element?.ToString();
        if (!AwsIdentifiers.IsAccountId(text))
        {
            throw new ValidationMetadataException($"'{text}' is not an AWS account id. Pass exactly 12 digits, e.g. 111111111111.");
        }
    }
}
