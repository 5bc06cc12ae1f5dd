namespace LambdaSec.Aws;

/// <summary>How many HTTP calls one operation made, and how many of them were throttled, retried or failed.</summary>
public sealed class ApiCallCount
{
    public ApiCallCount(string operation, long calls, long throttled, long retried, long failed)
    {
        Operation = operation;
        Calls = calls;
        Throttled = throttled;
        Retried = retried;
        Failed = failed;
    }

    /// <summary>service:Operation, e.g. lambda:ListFunctions.</summary>
    public string Operation { get; }

    /// <summary>Every HTTP attempt, retries included: what AWS bills against the quota.</summary>
    public long Calls { get; }

    public long Throttled { get; }

    public long Retried { get; }

    /// <summary>Calls that ended in an error after retries.</summary>
    public long Failed { get; }
}
