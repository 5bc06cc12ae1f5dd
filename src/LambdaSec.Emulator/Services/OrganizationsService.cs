using System.Text.Json;
using System.Text.Json.Nodes;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;

namespace LambdaSec.Emulator.Services;

/// <summary>AWS Organizations (awsJson1_1): the organization of a scenario, or one created with
/// CreateOrganization/CreateAccount; its OU tree and service control policies with their targets.
/// Only the management account may list accounts, the tree and the policies.</summary>
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
        Map("CreateOrganizationalUnit", CreateOrganizationalUnit);
        Map("ListOrganizationalUnitsForParent", ListOrganizationalUnitsForParent);
        Map("ListParents", ListParents);
        Map("ListAccountsForParent", ListAccountsForParent);
        Map("MoveAccount", MoveAccount);
        Map("CreatePolicy", CreatePolicy);
        Map("DescribePolicy", r => new JsonObject { ["Policy"] = FindPolicy(Management(r), r.ReqStr("PolicyId", "InvalidInputException")).DeepClone() });
        Map("AttachPolicy", AttachPolicy);
        Map("ListPolicies", ListPolicies);
        Map("ListTargetsForPolicy", ListTargetsForPolicy);
        Map("ListPoliciesForTarget", ListPoliciesForTarget);
    }

    /// <summary>The AWS managed SCP that Organizations attaches to the root, every OU and every account.</summary>
    public const string FullAccessPolicyId = "p-FullAWSAccess";

    private const string ScpType = "SERVICE_CONTROL_POLICY";

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
        var org = new Organization { Id = id ?? "o-" + Ids.Alnum(10), MasterAccountId = masterAccountId, FeatureSet = featureSet };
        state.Organization = org;
        AddPolicy(org, "FullAWSAccess", "Allows access to every operation", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}""", FullAccessPolicyId);
        Attach(org, FullAccessPolicyId, org.RootId);
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
        org.Parents[accountId] = org.RootId;
        Attach(org, FullAccessPolicyId, accountId);
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
            ["Id"] = "car-" + Ids.Alnum(32),
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

    private JsonNode? ListAccounts(AwsRequest r) => Page(r, "Accounts", Management(r).Accounts);

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
        var org = Management(r);
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
    /// <summary>Creates an OU under a root or OU; like AWS, it gets FullAWSAccess.</summary>
    public static JsonObject AddOrganizationalUnit(Organization org, string parentId, string name)
    {
        RequireParent(org, parentId);
        if (org.OrganizationalUnits.Any(o => org.Parents[o["Id"]!.GetValue<string>()] == parentId && o["Name"]!.GetValue<string>() == name))
            throw new AwsException("DuplicateOrganizationalUnitException", "An OU with the same name already exists.");
        var id = $"ou-{org.RootId[2..]}-{Ids.Alnum(8)}";
        var ou = new JsonObject { ["Id"] = id, ["Arn"] = $"arn:aws:organizations::{org.MasterAccountId}:ou/{org.Id}/{id}", ["Name"] = name };
        org.OrganizationalUnits.Add(ou);
        org.Parents[id] = parentId;
        Attach(org, FullAccessPolicyId, id);
        return ou;
    }

    /// <summary>Moves an account under another root or OU (MoveAccount's effect; used by scenarios).</summary>
    public static void Place(Organization org, string accountId, string parentId)
    {
        if (!org.Parents.ContainsKey(accountId)) throw new AwsException("AccountNotFoundException", "You specified an account that doesn't exist.");
        if (parentId != org.RootId && org.OrganizationalUnits.All(o => o["Id"]!.GetValue<string>() != parentId))
            throw new AwsException("DestinationParentNotFoundException", "We can't find the destination container (a root or OU) with the ParentId that you specified.");
        org.Parents[accountId] = parentId;
    }

    /// <summary>Creates a service control policy; its content must be an IAM-style JSON document.</summary>
    public static JsonObject AddPolicy(Organization org, string name, string? description, string content, string? id = null)
    {
        if (org.Policies.Any(p => p["PolicySummary"]!["Name"]!.GetValue<string>() == name))
            throw new AwsException("DuplicatePolicyException", "A policy with the same name already exists.");
        try
        {
            if (JsonNode.Parse(content) is not JsonObject { } document || document["Statement"] is null) throw new JsonException();
        }
        catch (JsonException)
        {
            throw new AwsException("MalformedPolicyDocumentException", "The provided policy document doesn't meet the requirements of the specified policy type.");
        }
        id ??= "p-" + Ids.Alnum(8);
        var managed = id == FullAccessPolicyId;
        var policy = new JsonObject
        {
            ["PolicySummary"] = new JsonObject
            {
                ["Id"] = id,
                ["Arn"] = managed ? $"arn:aws:organizations::aws:policy/service_control_policy/{id}" : $"arn:aws:organizations::{org.MasterAccountId}:policy/{org.Id}/service_control_policy/{id}",
                ["Name"] = name,
                ["Description"] = description ?? "",
                ["Type"] = ScpType,
                ["AwsManaged"] = managed,
            },
            ["Content"] = content,
        };
        org.Policies.Add(policy);
        org.PolicyTargets[id] = [];
        return policy;
    }

    /// <summary>Attaches a policy to a root, OU or account.</summary>
    public static void Attach(Organization org, string policyId, string targetId)
    {
        FindPolicy(org, policyId);
        if (TargetOf(org, targetId) is null)
            throw new AwsException("TargetNotFoundException", "We can't find a root, OU, account, or policy with the TargetId that you specified.");
        var targets = org.PolicyTargets[policyId];
        if (targets.Contains(targetId))
            throw new AwsException("DuplicatePolicyAttachmentException", "The selected policy is already attached to the specified target.");
        targets.Add(targetId);
    }

    private static void RequireParent(Organization org, string parentId)
    {
        if (parentId != org.RootId && org.OrganizationalUnits.All(o => o["Id"]!.GetValue<string>() != parentId))
            throw new AwsException("ParentNotFoundException", "We can't find a root or OU with the ParentId that you specified.");
    }

    private static JsonObject FindPolicy(Organization org, string policyId) =>
        org.Policies.FirstOrDefault(p => p["PolicySummary"]!["Id"]!.GetValue<string>() == policyId)
        ?? throw new AwsException("PolicyNotFoundException", "We can't find a policy with the PolicyId that you specified.");

    /// <summary>A root, OU or account as ListTargetsForPolicy describes it, or null when there is none with that id.</summary>
    private static JsonObject? TargetOf(Organization org, string targetId)
    {
        if (targetId == org.RootId)
            return new JsonObject { ["TargetId"] = targetId, ["Arn"] = $"arn:aws:organizations::{org.MasterAccountId}:root/{org.Id}/{org.RootId}", ["Name"] = "Root", ["Type"] = "ROOT" };
        var node = org.OrganizationalUnits.FirstOrDefault(o => o["Id"]!.GetValue<string>() == targetId);
        var type = "ORGANIZATIONAL_UNIT";
        if (node is null)
        {
            node = org.Accounts.FirstOrDefault(a => a["Id"]!.GetValue<string>() == targetId);
            type = "ACCOUNT";
        }
        return node is null ? null : new JsonObject { ["TargetId"] = targetId, ["Arn"] = node["Arn"]!.DeepClone(), ["Name"] = node["Name"]!.DeepClone(), ["Type"] = type };
    }

    /// <summary>MaxResults (1..20, default 20) and the start index of a list operation.</summary>
    private static (int Start, int Max) Paging(AwsRequest r)
    {
        var max = r.Number("MaxResults") ?? 20;
        if (max is < 1 or > 20) throw new AwsException("InvalidInputException", "You provided a value that does not match the required pattern.").With("Reason", "INVALID_INPUT");
        return (JsonPaging.Start(r.Str("NextToken"), "InvalidInputException"), max);
    }

    private static JsonNode Page(AwsRequest r, string listName, IEnumerable<JsonNode> all)
    {
        var (start, max) = Paging(r);
        return JsonPaging.Page(new JsonObject(), listName, all.ToList(), start, max);
    }

    private static string ScpFilter(AwsRequest r)
    {
        var filter = r.ReqStr("Filter", "InvalidInputException");
        if (filter != ScpType)
            throw new AwsException("InvalidInputException", "You specified a policy type that is not supported by this emulator; it holds only SERVICE_CONTROL_POLICY.").With("Reason", "INVALID_ENUM");
        return filter;
    }

    private JsonNode? CreateOrganizationalUnit(AwsRequest r)
    {
        var org = Management(r);
        var ou = AddOrganizationalUnit(org, r.ReqStr("ParentId", "InvalidInputException"), r.ReqStr("Name", "InvalidInputException"));
        return new JsonObject { ["OrganizationalUnit"] = ou.DeepClone() };
    }

    private JsonNode? ListOrganizationalUnitsForParent(AwsRequest r)
    {
        var org = Management(r);
        var parentId = r.ReqStr("ParentId", "InvalidInputException");
        RequireParent(org, parentId);
        return Page(r, "OrganizationalUnits", org.OrganizationalUnits.Where(o => org.Parents[o["Id"]!.GetValue<string>()] == parentId));
    }

    private JsonNode? ListAccountsForParent(AwsRequest r)
    {
        var org = Management(r);
        var parentId = r.ReqStr("ParentId", "InvalidInputException");
        RequireParent(org, parentId);
        return Page(r, "Accounts", org.Accounts.Where(a => org.Parents[a["Id"]!.GetValue<string>()] == parentId));
    }

    private JsonNode? ListParents(AwsRequest r)
    {
        var org = Management(r);
        var childId = r.ReqStr("ChildId", "InvalidInputException");
        if (!org.Parents.TryGetValue(childId, out var parentId))
            throw new AwsException("ChildNotFoundException", "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.");
        return Page(r, "Parents", [new JsonObject { ["Id"] = parentId, ["Type"] = parentId == org.RootId ? "ROOT" : "ORGANIZATIONAL_UNIT" }]);
    }

    private JsonNode? MoveAccount(AwsRequest r)
    {
        var org = Management(r);
        var accountId = r.ReqStr("AccountId", "InvalidInputException");
        var source = r.ReqStr("SourceParentId", "InvalidInputException");
        if (org.Parents.TryGetValue(accountId, out var current) && current != source)
            throw new AwsException("SourceParentNotFoundException", "We can't find a source root or OU with the ParentId that you specified.");
        Place(org, accountId, r.ReqStr("DestinationParentId", "InvalidInputException"));
        return new JsonObject();
    }

    private JsonNode? CreatePolicy(AwsRequest r)
    {
        var org = Management(r);
        if (r.ReqStr("Type", "InvalidInputException") != ScpType)
            throw new AwsException("InvalidInputException", "You specified a policy type that is not supported by this emulator; it holds only SERVICE_CONTROL_POLICY.").With("Reason", "INVALID_ENUM");
        var policy = AddPolicy(org, r.ReqStr("Name", "InvalidInputException"), r.ReqStr("Description", "InvalidInputException"), r.ReqStr("Content", "InvalidInputException"));
        return new JsonObject { ["Policy"] = policy.DeepClone() };
    }

    private JsonNode? AttachPolicy(AwsRequest r)
    {
        Attach(Management(r), r.ReqStr("PolicyId", "InvalidInputException"), r.ReqStr("TargetId", "InvalidInputException"));
        return new JsonObject();
    }

    private JsonNode? ListPolicies(AwsRequest r)
    {
        var org = Management(r);
        ScpFilter(r);
        return Page(r, "Policies", org.Policies.Select(p => p["PolicySummary"]!));
    }

    private JsonNode? ListTargetsForPolicy(AwsRequest r)
    {
        var org = Management(r);
        var id = r.ReqStr("PolicyId", "InvalidInputException");
        FindPolicy(org, id);
        return Page(r, "Targets", org.PolicyTargets[id].Select(t => (JsonNode)TargetOf(org, t)!));
    }

    private JsonNode? ListPoliciesForTarget(AwsRequest r)
    {
        var org = Management(r);
        var targetId = r.ReqStr("TargetId", "InvalidInputException");
        ScpFilter(r);
        if (TargetOf(org, targetId) is null)
            throw new AwsException("TargetNotFoundException", "We can't find a root, OU, account, or policy with the TargetId that you specified.");
        return Page(r, "Policies", org.Policies.Where(p => org.PolicyTargets[p["PolicySummary"]!["Id"]!.GetValue<string>()].Contains(targetId)).Select(p => p["PolicySummary"]!));
    }
}
