using System.Collections.Generic;

namespace LambdaSec.Aws;

/// <summary>
/// One API operation described as data, as botocore's service-2.json describes it: HTTP method and
/// URI template (rest-json; <c>{Member}</c> binds a path segment), which input members go to the
/// query string, which output member holds the items, and the pagination tokens
/// (botocore's paginators-1.json). Protocols and the pager read this; no operation has its own HTTP code.
/// </summary>
public sealed class AwsOperation
{
    public AwsOperation(AwsService service, string name)
    {
        Service = service;
        Name = name;
    }

    public AwsService Service { get; }

    public string Name { get; }

    public string HttpMethod { get; init; } = "POST";

    /// <summary>rest-json request URI with {Member} path bindings, optionally with a fixed query ("/path?x").</summary>
    public string RequestUri { get; init; } = "/";

    /// <summary>rest-json input members bound to the query string: member name to query parameter name.</summary>
    public IReadOnlyDictionary<string, string> QueryBindings { get; init; } = new Dictionary<string, string>();

    /// <summary>Input member that carries the pagination token (Marker, NextToken, position).</summary>
    public string? InputToken { get; init; }

    /// <summary>Output member that carries the next token (NextMarker, NextToken, position, Marker).</summary>
    public string? OutputToken { get; init; }

    /// <summary>Output member that says more pages follow (IAM's IsTruncated); when null a token alone says so.</summary>
    public string? MoreResults { get; init; }

    /// <summary>Input member for the page size (MaxItems, MaxResults, limit, PageSize).</summary>
    public string? LimitKey { get; init; }

    /// <summary>Output member that holds the items of a list operation.</summary>
    public string? ResultKey { get; init; }

    /// <summary>
    /// The rate-limit class: operations that share one documented quota share one class
    /// (Lambda's GetPolicy and GetFunction have their own; the rest of its control plane shares one).
    /// </summary>
    public string RateClass { get; init; } = "default";

    public bool IsPaginated => InputToken is not null;

    // Kept once: the access layer keys its counters and learned failures by it on every call.
    private string? _display;

    public override string ToString() => _display ??= Service.SigningName + ":" + Name;
}
