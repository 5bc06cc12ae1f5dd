using System.Text.RegularExpressions;

namespace LambdaSec.Emulator.Routing;

/// <summary>
/// Finds the target service of a request the way LocalStack does: the SigV4 credential scope
/// (Authorization header or X-Amz-Credential query parameter), then X-Amz-Target, then the path
/// and the query-protocol Version.
/// </summary>
public static partial class ServiceRouter
{
    public sealed record Route(string Service, string Region, string AccessKeyId);

    [GeneratedRegex(@"Credential=([^/,\s]+)/\d{8}/([^/]+)/([^/]+)/aws4_request", RegexOptions.CultureInvariant)]
    private static partial Regex CredentialScope();

    private static readonly Dictionary<string, string> TargetPrefixes = new(StringComparer.Ordinal)
    {
        ["com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101"] = "cloudtrail",
        ["AWSOrganizationsV20161128"] = "organizations",
        ["AWSWAF_20190729"] = "wafv2",
        ["Logs_20140328"] = "logs",
    };

    private static readonly Dictionary<string, string> QueryVersions = new(StringComparer.Ordinal)
    {
        ["2010-05-08"] = "iam",
        ["2011-06-15"] = "sts",
        ["2015-12-01"] = "elasticloadbalancing",
        ["2016-11-15"] = "ec2",
    };

    public static Route Resolve(HttpRequest request, IReadOnlyDictionary<string, string> form)
    {
        string? service = null, region = null, akid = null;
        var auth = request.Headers.Authorization.ToString();
        var m = CredentialScope().Match(auth);
        if (!m.Success && request.Query.TryGetValue("X-Amz-Credential", out var qc))
            m = CredentialScope().Match("Credential=" + qc.ToString());
        if (m.Success)
        {
            akid = m.Groups[1].Value;
            region = m.Groups[2].Value;
            service = m.Groups[3].Value;
        }

        var target = request.Headers["X-Amz-Target"].ToString();
        var path = request.Path.Value ?? "/";
        if (target.Length > 0)
        {
            var prefix = target.Split('.')[0];
            var dot = target.LastIndexOf('.');
            if (dot > 0 && TargetPrefixes.TryGetValue(target[..dot], out var byTarget)) service = byTarget;
            else if (TargetPrefixes.TryGetValue(prefix, out byTarget)) service = byTarget;
        }
        else if (service is null || service == "apigateway")
        {
            if (path.StartsWith("/v2/", StringComparison.Ordinal)) service = "apigatewayv2";
            else if (path.StartsWith("/restapis", StringComparison.Ordinal)) service = "apigateway";
            else if (Regex.IsMatch(path, @"^/20\d\d-\d\d-\d\d/")) service ??= "lambda";
        }
        if (service is null && form.TryGetValue("Version", out var version)) QueryVersions.TryGetValue(version, out service);

        return new Route(service ?? "", string.IsNullOrEmpty(region) ? "us-east-1" : region, akid ?? "");
    }
}
