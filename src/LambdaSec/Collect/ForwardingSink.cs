using LambdaSec.Aws;

namespace LambdaSec.Collect;

/// <summary>A sink that handles results itself and passes errors, problems, notes and progress on to another sink.</summary>
public abstract class ForwardingSink : ICollectorSink
{
    protected ForwardingSink(ICollectorSink inner) => Inner = inner;

    protected ICollectorSink Inner { get; }

    public abstract void Result(object item);

    public void Error(string target, AwsServiceException exception) => Inner.Error(target, exception);

    public void Problem(string target, string errorId, string message) => Inner.Problem(target, errorId, message);

    public void Note(string message) => Inner.Note(message);

    public void Progress(string activity, string status, int done, int total) => Inner.Progress(activity, status, done, total);
}
