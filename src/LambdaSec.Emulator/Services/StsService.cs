using LambdaSec.Emulator.Protocols;
using System.Xml.Linq;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;
using static LambdaSec.Emulator.Protocols.Xml;

namespace LambdaSec.Emulator.Services;

/// <summary>STS (awsQuery, 2011-06-15): GetCallerIdentity and AssumeRole with an access-key table
/// that maps the temporary credentials back to the role's account.</summary>
public sealed class StsService : QueryService
{
    public StsService() : base("sts", new QueryXmlProtocol("https://sts.amazonaws.com/doc/2011-06-15/"))
    {
        Map("GetCallerIdentity", r => Result(E("Arn", r.Caller.Arn), E("UserId", r.Caller.UserId), E("Account", r.AccountId)));
        Map("AssumeRole", AssumeRole);
    }

    private static readonly System.Text.RegularExpressions.Regex RoleArn =
        new(@"^arn:aws[a-zA-Z-]*:iam::(\d{12}):role/(?:.*/)?([\w+=,.@-]+)$", System.Text.RegularExpressions.RegexOptions.CultureInvariant);

    private XElement? AssumeRole(AwsRequest r)
    {
        var roleArn = r.ReqP("RoleArn");
        var session = r.ReqP("RoleSessionName");
        var m = RoleArn.Match(roleArn);
        if (!m.Success)
            throw new AwsException("ValidationError", $"1 validation error detected: Value '{roleArn}' at 'roleArn' failed to satisfy constraint: Member must satisfy regular expression pattern: [\\u0009\\u000A\\u000D\\u0020-\\u007E\\u0085\\u00A0-\\uD7FF\\uE000-\\uFFFD\\u10000-\\u10FFFF]+");
        if (session.Length is < 2 or > 64)
            throw new AwsException("ValidationError", $"1 validation error detected: Value '{session}' at 'roleSessionName' failed to satisfy constraint: Member must have length greater than or equal to 2");
        var account = m.Groups[1].Value;
        var roleName = m.Groups[2].Value;
        if (!r.State.Account(account).Roles.TryGetValue(roleName, out var role))
            throw new AwsException("AccessDenied", $"User: {r.Caller.Arn} is not authorized to perform: sts:AssumeRole on resource: {roleArn}", 403);
        var duration = r.IntP("DurationSeconds") ?? 3600;
        var key = Ids.AccessKey();
        var assumedArn = $"arn:aws:sts::{account}:assumed-role/{role.Name}/{session}";
        r.State.TemporaryCredentials[key] = new TemporaryCredential(account, assumedArn, role.Arn, role.RoleId, session);
        return Result(
            S("Credentials",
                E("AccessKeyId", key),
                E("SecretAccessKey", Ids.Secret()),
                E("SessionToken", "FwoGZXIvYXdzE" + Ids.Secret() + Ids.Secret()),
                E("Expiration", DateTimeOffset.UtcNow.AddSeconds(duration))),
            S("AssumedRoleUser", E("AssumedRoleId", $"{role.RoleId}:{session}"), E("Arn", assumedArn)));
    }
}
