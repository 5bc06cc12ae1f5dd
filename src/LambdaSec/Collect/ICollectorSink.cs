using LambdaSec.Aws;

namespace LambdaSec.Collect;

/// <summary>
/// Where collectors put what they find. Collectors run on worker threads; the cmdlet drains the sink on the
/// pipeline thread, because only that thread may write objects, errors and progress.
/// </summary>
public interface ICollectorSink
{
    void Result(object item);

    /// <summary>One resource failed; the run goes on.</summary>
    void Error(string target, AwsServiceException exception);

    /// <summary>A non-AWS problem with one resource (a policy that cannot be read), with its stable error id.</summary>
    void Problem(string target, string errorId, string message);

    /// <summary>Detail for -Verbose.</summary>
    void Note(string message);

    void Progress(string activity, string status, int done, int total);
}
