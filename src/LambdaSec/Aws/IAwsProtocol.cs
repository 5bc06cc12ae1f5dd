using System;
using System.Collections.Generic;

namespace LambdaSec.Aws;

/// <summary>One AWS wire protocol: how an operation's input becomes an HTTP request, and how answers and errors read.</summary>
public interface IAwsProtocol
{
    AwsWireRequest BuildRequest(AwsOperation operation, IReadOnlyDictionary<string, object?> input, Uri endpoint);

    AwsNode ReadResult(AwsOperation operation, byte[] body);

    AwsErrorInfo ReadError(int statusCode, Func<string, string?> header, byte[] body);
}
