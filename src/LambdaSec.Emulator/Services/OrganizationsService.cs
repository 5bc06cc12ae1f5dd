using System.Text.Json.Nodes;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Services;

/// <summary>AWS Organizations (awsJson1_1): the organization of a scenario, or one created with
/// CreateOrganization/CreateAccount. Only the management account may list accounts.</summary>
public sealed class OrganizationsService : JsonRpcService
{
    public OrganizationsService() : base("organizations")
    {
        Map("CreateOrganization", CreateOrganization);
        Map("DescribeOrganization", r => new JsonObject { ["Organization"] = OrganizationJson(Org(r)) });
        Map("CreateAccount", CreateAccount);
        Map("DescribeCreateAccountStatus", DescribeCreateAccountStatus);
        Map("ListAccounts", ListAccounts);
        Map("DescribeAccount", DescribeAccount);
        Map("ListRoots", ListRoots);
    }

    public override AwsException Throttled(int retryAfterSeconds) =>
        WithRetryAfter(new AwsException("TooManyRequestsException", "AWS Organizations can't complete your request because another request is already in progress or too many requests were sent. Try again later.").With("Type", "Throttling"), retryAfterSeconds);

    public override AwsException InternalError() =>
        new("ServiceException", "AWS Organizations can't complete your request because of an internal service error. Try again later.", 500, false);

    private static Organization Org(AwsRequest r)
    {
        var org = r.State.Organization;
        if (org is null || org.Accounts.All(a => a["Id"]!.GetValue<string>() != r.AccountId))
            throw new AwsException("AWSOrganizationsNotInUseException", "Your account is not a member of an organization.");
        return org;
    }

    private static Organization Management(AwsRequest r)
    {
        var org = Org(r);
        if (org.MasterAccountId != r.AccountId)
            throw new AwsException("AccessDeniedException", "You don't have permissions to access this resource.");
        return org;
    }

    private static JsonObject OrganizationJson(Organization org) => new()
    {
        ["Id"] = org.Id,
        ["Arn"] = $"arn:aws:organizations::{org.MasterAccountId}:organization/{org.Id}",
        ["FeatureSet"] = org.FeatureSet,
        ["MasterAccountArn"] = $"arn:aws:organizations::{org.MasterAccountId}:account/{org.Id}/{org.MasterAccountId}",
        ["MasterAccountId"] = org.MasterAccountId,
        ["MasterAccountEmail"] = org.Accounts[0]["Email"]?.DeepClone(),
        ["AvailablePolicyTypes"] = new JsonArray(new JsonObject { ["Type"] = "SERVICE_CONTROL_POLICY", ["Status"] = "ENABLED" }),
    };

    /// <summary>Creates the organization (used by the API and by scenarios).</summary>
    public static Organization Create(EmulatorState state, string masterAccountId, string? email, string? name, string featureSet = "ALL", string? id = null)
    {
        var org = new Organization { Id = id ?? "o-" + Ids.Short(10), MasterAccountId = masterAccountId, FeatureSet = featureSet };
        state.Organization = org;
        AddAccount(state, org, masterAccountId, name ?? "management", email ?? $"management@{masterAccountId}.example.com", "INVITED");
        return org;
    }

    /// <summary>Adds a member account; like AWS, a created account gets OrganizationAccountAccessRole.</summary>
    public static JsonObject AddAccount(EmulatorState state, Organization org, string accountId, string name, string email, string joinedMethod)
    {
        var account = new JsonObject
        {
            ["Id"] = accountId,
            ["Arn"] = $"arn:aws:organizations::{org.MasterAccountId}:account/{org.Id}/{accountId}",
            ["Email"] = email,
            ["Name"] = name,
            ["Status"] = "ACTIVE",
            ["State"] = "ACTIVE",
            ["JoinedMethod"] = joinedMethod,
            ["JoinedTimestamp"] = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0,
        };
        org.Accounts.Add(account);
        var acct = state.Account(accountId);
        acct.Name = name;
        acct.Email = email;
        if (accountId != org.MasterAccountId && !acct.Roles.ContainsKey("OrganizationAccountAccessRole"))
        {
            var role = new IamRole
            {
                Name = "OrganizationAccountAccessRole",
                Arn = $"arn:aws:iam::{accountId}:role/OrganizationAccountAccessRole",
                RoleId = Ids.IamId("AROA"),
                AssumeRolePolicyDocument = $$"""{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Principal":{"AWS":"arn:aws:iam::{{org.MasterAccountId}}:root"},"Action":"sts:AssumeRole"}]}""",
            };
            role.AttachedPolicyArns.Add("arn:aws:iam::aws:policy/AdministratorAccess");
            acct.Roles[role.Name] = role;
        }
        return account;
    }

    private JsonNode? CreateOrganization(AwsRequest r)
    {
        if (r.State.Organization is { } existing && existing.Accounts.Any(a => a["Id"]!.GetValue<string>() == r.AccountId))
            throw new AwsException("AlreadyInOrganizationException", "The AWS account is already a member of an organization.");
        var org = Create(r.State, r.AccountId, null, null, r.Str("FeatureSet") ?? "ALL");
        return new JsonObject { ["Organization"] = OrganizationJson(org) };
    }

    private JsonNode? CreateAccount(AwsRequest r)
    {
        var org = Management(r);
        var name = r.ReqStr("AccountName", "ConstraintViolationException");
        var email = r.ReqStr("Email", "ConstraintViolationException");
        string id;
        do id = Random.Shared.NextInt64(100000000000, 999999999999).ToString(System.Globalization.CultureInfo.InvariantCulture);
        while (r.State.Accounts.ContainsKey(id));
        AddAccount(r.State, org, id, name, email, "CREATED");
        var now = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() / 1000.0;
        var status = new JsonObject
        {
            ["Id"] = "car-" + Ids.Short(32),
            ["AccountName"] = name,
            ["State"] = "SUCCEEDED",
            ["RequestedTimestamp"] = now,
            ["CompletedTimestamp"] = now,
            ["AccountId"] = id,
        };
        org.CreateAccountStatuses[status["Id"]!.GetValue<string>()] = status;
        return new JsonObject { ["CreateAccountStatus"] = status.DeepClone() };
    }

    private JsonNode? DescribeCreateAccountStatus(AwsRequest r)
    {
        var org = Management(r);
        var id = r.ReqStr("CreateAccountRequestId", "ConstraintViolationException");
        return org.CreateAccountStatuses.TryGetValue(id, out var s)
            ? new JsonObject { ["CreateAccountStatus"] = s.DeepClone() }
            : throw new AwsException("CreateAccountStatusNotFoundException", "We can't find a create account request with the CreateAccountRequestId that you specified.");
    }

    private JsonNode? ListAccounts(AwsRequest r)
    {
        var org = Management(r);
        var max = r.Int("MaxResults") ?? 20;
        if (max is < 1 or > 20) throw new AwsException("InvalidInputException", "You provided a value that does not match the required pattern.").With("Reason", "INVALID_INPUT");
        return JsonPaging.Page(new JsonObject(), "Accounts", org.Accounts.Cast<JsonNode>().ToList(), JsonPaging.Start(r.Str("NextToken"), "InvalidInputException"), max);
    }

    private JsonNode? DescribeAccount(AwsRequest r)
    {
        var org = Management(r);
        var id = r.ReqStr("AccountId", "InvalidInputException");
        var account = org.Accounts.FirstOrDefault(a => a["Id"]!.GetValue<string>() == id)
            ?? throw new AwsException("AccountNotFoundException", "You specified an account that doesn't exist.");
        return new JsonObject { ["Account"] = account.DeepClone() };
    }

    private JsonNode? ListRoots(AwsRequest r)
    {
        var org = Org(r);
        return new JsonObject
        {
            ["Roots"] = new JsonArray(new JsonObject
            {
                ["Id"] = org.RootId,
                ["Arn"] = $"arn:aws:organizations::{org.MasterAccountId}:root/{org.Id}/{org.RootId}",
                ["Name"] = "Root",
                ["PolicyTypes"] = new JsonArray(new JsonObject { ["Type"] = "SERVICE_CONTROL_POLICY", ["Status"] = "ENABLED" }),
            }),
        };
    }
}
