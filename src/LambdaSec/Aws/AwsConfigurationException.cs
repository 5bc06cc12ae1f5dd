using System;

namespace LambdaSec.Aws;

/// <summary>Credentials or region could not be resolved, or a given profile does not exist; ErrorId says which.</summary>
public sealed class AwsConfigurationException : Exception
{
    public AwsConfigurationException(string message, string errorId, Exception? innerException = null)
        : base(message, innerException) => ErrorId = errorId;

    public string ErrorId { get; }
}
