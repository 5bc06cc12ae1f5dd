using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using LambdaSec.Emulator.Routing;

namespace LambdaSec.Emulator.Services;

/// <summary>
/// AddPermission input validation and the statement JSON real Lambda writes for it:
/// Principal {"Service":..} / {"AWS":"arn:aws:iam::acct:root"} / "*", conditions
/// ArnLike AWS:SourceArn, StringEquals AWS:SourceAccount, aws:PrincipalOrgID,
/// lambda:FunctionUrlAuthType, lambda:EventSourceToken.
/// </summary>
public static partial class LambdaPermissions
{
    [GeneratedRegex(@"^(lambda:[*]|lambda:[a-zA-Z]+|[*])$")]
    private static partial Regex ActionPattern();

    [GeneratedRegex(@"^arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)$")]
    private static partial Regex SourceArnPattern();

    [GeneratedRegex(@"^o-[a-z0-9]{10,32}$")]
    private static partial Regex OrgIdPattern();

    [GeneratedRegex(@"^([a-zA-Z0-9-_.]+)$")]
    private static partial Regex SidPattern();

    [GeneratedRegex(@"^arn:aws[a-zA-Z-]*:iam::\d{12}:(root|(role|user|assumed-role)/.+)$")]
    private static partial Regex IamArnPattern();

    [GeneratedRegex(@"^[a-z0-9][a-z0-9.-]*\.(amazonaws\.com|amazon\.com|aws\.internal)$")]
    private static partial Regex ServicePrincipalPattern();

    private static AwsException Invalid(string message) => new("InvalidParameterValueException", message);

    private static AwsException Validation(string value, string member, string constraint) =>
        new("ValidationException", $"1 validation error detected: Value '{value}' at '{member}' failed to satisfy constraint: {constraint}");

    public static JsonObject BuildStatement(JsonObject input, string resourceArn)
    {
        var sid = input["StatementId"]?.GetValue<string>() ?? throw Validation("null", "statementId", "Member must not be null");
        var action = input["Action"]?.GetValue<string>() ?? throw Validation("null", "action", "Member must not be null");
        var principal = input["Principal"]?.GetValue<string>() ?? throw Validation("null", "principal", "Member must not be null");
        string? Opt(string n) => input[n]?.GetValue<string>();
        var sourceArn = Opt("SourceArn");
        var sourceAccount = Opt("SourceAccount");
        var orgId = Opt("PrincipalOrgID");
        var urlAuthType = Opt("FunctionUrlAuthType");
        var eventSourceToken = Opt("EventSourceToken");
        var viaUrl = input["InvokedViaFunctionUrl"] is JsonValue b && b.TryGetValue<bool>(out var bv) && bv;

        if (sid.Length > 100 || !SidPattern().IsMatch(sid))
            throw Validation(sid, "statementId", "Member must satisfy regular expression pattern: ([a-zA-Z0-9-_.]+)");
        if (!ActionPattern().IsMatch(action))
            throw Validation(action, "action", "Member must satisfy regular expression pattern: (lambda:[*]|lambda:[a-zA-Z]+|[*])");
        if (sourceArn is not null && !SourceArnPattern().IsMatch(sourceArn))
            throw Validation(sourceArn, "sourceArn", @"Member must satisfy regular expression pattern: arn:(aws[a-zA-Z0-9-]*):([a-zA-Z0-9\-])+:([a-z]{2}(-gov)?-[a-z]+-\d{1})?:(\d{12})?:(.*)");
        if (sourceAccount is not null && !CallerIdentity.IsAccountId(sourceAccount))
            throw Validation(sourceAccount, "sourceAccount", @"Member must satisfy regular expression pattern: \d{12}");
        if (orgId is not null && !OrgIdPattern().IsMatch(orgId))
            throw Validation(orgId, "principalOrgID", "Member must satisfy regular expression pattern: ^o-[a-z0-9]{10,32}$");
        if (urlAuthType is not null && urlAuthType is not ("NONE" or "AWS_IAM"))
            throw Validation(urlAuthType, "functionUrlAuthType", "Member must satisfy enum value set: [NONE, AWS_IAM]");
        if (urlAuthType is not null && !action.Equals("lambda:InvokeFunctionUrl", StringComparison.OrdinalIgnoreCase))
            throw Invalid("The FunctionUrlAuthType parameter is only supported for the lambda:InvokeFunctionUrl action.");

        JsonNode principalNode;
        if (principal == "*") principalNode = "*";
        else if (CallerIdentity.IsAccountId(principal)) principalNode = new JsonObject { ["AWS"] = $"arn:aws:iam::{principal}:root" };
        else if (IamArnPattern().IsMatch(principal)) principalNode = new JsonObject { ["AWS"] = principal };
        else if (ServicePrincipalPattern().IsMatch(principal)) principalNode = new JsonObject { ["Service"] = principal };
        else throw Invalid("The provided principal was invalid. Please check the principal and try again.");

        if (orgId is not null && principalNode is JsonObject po && po.ContainsKey("Service"))
            throw Invalid("PrincipalOrgID is not supported for service principals.");

        var stringEquals = new JsonObject();
        if (sourceAccount is not null) stringEquals["AWS:SourceAccount"] = sourceAccount;
        if (orgId is not null) stringEquals["aws:PrincipalOrgID"] = orgId;
        if (urlAuthType is not null) stringEquals["lambda:FunctionUrlAuthType"] = urlAuthType;
        if (eventSourceToken is not null) stringEquals["lambda:EventSourceToken"] = eventSourceToken;
        var condition = new JsonObject();
        if (stringEquals.Count > 0) condition["StringEquals"] = stringEquals;
        if (sourceArn is not null) condition["ArnLike"] = new JsonObject { ["AWS:SourceArn"] = sourceArn };
        if (viaUrl) condition["Bool"] = new JsonObject { ["lambda:InvokedViaFunctionUrl"] = "true" };

        var statement = new JsonObject
        {
            ["Sid"] = sid,
            ["Effect"] = "Allow",
            ["Principal"] = principalNode,
            ["Action"] = action,
            ["Resource"] = resourceArn,
        };
        if (condition.Count > 0) statement["Condition"] = condition;
        return statement;
    }
}
