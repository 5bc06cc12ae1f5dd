namespace LambdaSec.Analysis.Templates;

/// <summary>
/// A template value after intrinsic functions were resolved as far as is certain. <see cref="Text"/> may be
/// partly known (unknown pieces as &lt;Name&gt;, e.g. "arn:aws:s3:::&lt;Bucket&gt;"); <see cref="IsCertain"/> says
/// whether all of it is. <see cref="Expression"/> is how the template writes it, for evidence.
/// </summary>
public sealed record ResolvedValue(string? Text, bool IsCertain, string Expression, string? Note = null)
{
    public bool IsSet => Text is not null || !IsCertain;
}
