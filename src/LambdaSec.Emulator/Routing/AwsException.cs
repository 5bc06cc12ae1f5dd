namespace LambdaSec.Emulator.Routing;

/// <summary>An AWS error answer: code, message and HTTP status as the real service sends them.</summary>
public sealed class AwsException : Exception
{
    public AwsException(string code, string message, int status = 400, bool senderFault = true)
        : base(message)
    {
        Code = code;
        Status = status;
        SenderFault = senderFault;
    }

    public string Code { get; }
    public int Status { get; }
    public bool SenderFault { get; }
    /// <summary>Extra top-level fields of a JSON error body (e.g. Lambda's "Reason").</summary>
    public Dictionary<string, string> Fields { get; } = new();
    public Dictionary<string, string> Headers { get; } = new();

    public AwsException With(string field, string value)
    {
        Fields[field] = value;
        return this;
    }
}
