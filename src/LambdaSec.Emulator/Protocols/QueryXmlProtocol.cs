using System.Xml.Linq;
using LambdaSec.Emulator.Routing;

namespace LambdaSec.Emulator.Protocols;

/// <summary>
/// awsQuery (IAM, STS, ELBv2): form-encoded input, XML output wrapped in
/// &lt;{Op}Response&gt;&lt;{Op}Result&gt;, errors as &lt;ErrorResponse&gt;&lt;Error&gt;. With <paramref name="ec2"/>, botocore's ec2
/// protocol: the members sit in &lt;{Op}Response&gt; itself after &lt;requestId&gt;, errors are &lt;Response&gt;&lt;Errors&gt;&lt;Error&gt; with &lt;RequestID&gt;.
/// </summary>
public sealed class QueryXmlProtocol(string xmlNamespace, bool ec2 = false) : IProtocol
{
    private readonly XNamespace ns = xmlNamespace;

    public async Task WriteResultAsync(HttpContext http, string requestId, string operation, ApiResult result)
    {
        var response = new XElement(ns + operation + "Response");
        if (ec2) response.Add(new XElement(ns + "requestId", requestId));
        var inner = ec2 ? response : new XElement(ns + operation + "Result");
        if (result.Body is XElement body)
        {
            foreach (var child in body.Elements()) inner.Add(Qualify(child));
        }
        if (!ec2)
        {
            response.Add(inner);
            response.Add(new XElement(ns + "ResponseMetadata", new XElement(ns + "RequestId", requestId)));
        }
        http.Response.StatusCode = result.Status;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        http.Response.ContentType = "text/xml";
        await http.Response.WriteAsync(new XDocument(new XDeclaration("1.0", "utf-8", null), response).ToString(SaveOptions.DisableFormatting));
    }

    public async Task WriteErrorAsync(HttpContext http, string requestId, AwsException error)
    {
        var doc = ec2
            ? new XElement("Response", new XElement("Errors", new XElement("Error", new XElement("Code", error.Code), new XElement("Message", error.Message))), new XElement("RequestID", requestId))
            : new XElement(ns + "ErrorResponse",
            new XElement(ns + "Error",
                new XElement(ns + "Type", error.SenderFault ? "Sender" : "Receiver"),
                new XElement(ns + "Code", error.Code),
                new XElement(ns + "Message", error.Message)),
            new XElement(ns + "RequestId", requestId));
        http.Response.StatusCode = error.Status;
        http.Response.Headers["x-amzn-RequestId"] = requestId;
        foreach (var (k, v) in error.Headers) http.Response.Headers[k] = v;
        http.Response.ContentType = "text/xml";
        await http.Response.WriteAsync(doc.ToString(SaveOptions.DisableFormatting));
    }

    private XElement Qualify(XElement e)
    {
        var copy = new XElement(ns + e.Name.LocalName);
        foreach (var n in e.Nodes()) copy.Add(n is XElement c ? Qualify(c) : n);
        return copy;
    }
}
