using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Xml.Linq;
using LambdaSec.Emulator.Protocols;
using LambdaSec.Emulator.Routing;
using LambdaSec.Emulator.State;
using static LambdaSec.Emulator.Protocols.Xml;

namespace LambdaSec.Emulator.Services;

/// <summary>IAM (awsQuery, 2010-05-08): roles, inline and managed policies, boundaries,
/// authorization details and service-last-accessed reports. State is per account, region ignored.</summary>
public sealed class IamService : QueryService
{
    public IamService() : base("iam", new QueryXmlProtocol("https://iam.amazonaws.com/doc/2010-05-08/"))
    {
        Map("CreateRole", CreateRole);
        Map("GetRole", GetRole);
        Map("ListRoles", ListRoles);
        Map("DeleteRole", DeleteRole);
        Map("UpdateAssumeRolePolicy", UpdateAssumeRolePolicy);
        Map("PutRolePolicy", PutRolePolicy);
        Map("GetRolePolicy", GetRolePolicy);
        Map("ListRolePolicies", ListRolePolicies);
        Map("DeleteRolePolicy", DeleteRolePolicy);
        Map("CreatePolicy", CreatePolicy);
        Map("GetPolicy", GetPolicy);
        Map("ListPolicies", ListPolicies);
        Map("CreatePolicyVersion", CreatePolicyVersion);
        Map("GetPolicyVersion", GetPolicyVersion);
        Map("ListPolicyVersions", ListPolicyVersions);
        Map("SetDefaultPolicyVersion", SetDefaultPolicyVersion);
        Map("AttachRolePolicy", AttachRolePolicy);
        Map("DetachRolePolicy", DetachRolePolicy);
        Map("ListAttachedRolePolicies", ListAttachedRolePolicies);
        Map("PutRolePermissionsBoundary", PutRolePermissionsBoundary);
        Map("DeleteRolePermissionsBoundary", DeleteRolePermissionsBoundary);
        Map("CreateUser", r => CreateIdentity(r, "User", r.Account.Users, (name, arn, id, path) => new IamUser { Name = name, Arn = arn, Id = id, Path = path }, "AIDA"));
        Map("CreateGroup", r => CreateIdentity(r, "Group", r.Account.Groups, (name, arn, id, path) => new IamGroup { Name = name, Arn = arn, Id = id, Path = path }, "AGPA"));
        Map("AddUserToGroup", AddUserToGroup);
        Map("PutUserPolicy", r => PutIdentityPolicy(r, Identity(r, "User", r.Account.Users), "PutUserPolicy"));
        Map("PutGroupPolicy", r => PutIdentityPolicy(r, Identity(r, "Group", r.Account.Groups), "PutGroupPolicy"));
        Map("AttachUserPolicy", r => AttachIdentityPolicy(r, Identity(r, "User", r.Account.Users), "AttachUserPolicy", "PoliciesPerUser"));
        Map("AttachGroupPolicy", r => AttachIdentityPolicy(r, Identity(r, "Group", r.Account.Groups), "AttachGroupPolicy", "PoliciesPerGroup"));
        Map("PutUserPermissionsBoundary", PutUserPermissionsBoundary);
        Map("GetAccountAuthorizationDetails", GetAccountAuthorizationDetails);
        Map("GenerateServiceLastAccessedDetails", GenerateServiceLastAccessedDetails);
        Map("GetServiceLastAccessedDetails", GetServiceLastAccessedDetails);
    }

    public override AwsException InternalError() =>
        new("ServiceFailure", "The request processing has failed because of an unknown error, exception or failure.", 500, false);

    private static AwsException NoSuchEntity(string message) => new("NoSuchEntity", message, 404);

    private static IamRole Role(AwsRequest r)
    {
        var name = r.ReqP("RoleName");
        return r.Account.Roles.TryGetValue(name, out var role) ? role : throw NoSuchEntity($"The role with name {name} cannot be found.");
    }

    /// <summary>Customer managed policy of the account, or an AWS managed policy.</summary>
    public static ManagedPolicy FindPolicy(AccountState account, string arn)
    {
        if (account.Policies.TryGetValue(arn, out var p)) return p;
        return AwsManagedPolicies.Find(arn) ?? throw NoSuchEntity($"Policy {arn} does not exist or is not attachable.");
    }

    private static string ValidDocument(string? doc, string member = "policyDocument")
    {
        if (string.IsNullOrWhiteSpace(doc))
            throw new AwsException("ValidationError", $"1 validation error detected: Value null at '{member}' failed to satisfy constraint: Member must not be null");
        try
        {
            var node = JsonNode.Parse(doc) as JsonObject ?? throw new JsonException();
            if (node["Statement"] is null) throw new AwsException("MalformedPolicyDocument", "Syntax errors in policy.");
        }
        catch (JsonException)
        {
            throw new AwsException("MalformedPolicyDocument", "This policy contains invalid Json");
        }
        return doc;
    }

    private static XElement? Boundary(IamRole role) => role.PermissionsBoundaryArn is { } arn
        ? S("PermissionsBoundary", E("PermissionsBoundaryType", "Policy"), E("PermissionsBoundaryArn", arn))
        : null;

    /// <summary>The members every role answer starts with (Role and RoleDetail shapes).</summary>
    private static object?[] RoleIdentity(IamRole role) =>
    [
        E("Path", role.Path),
        E("RoleName", role.Name),
        E("RoleId", role.RoleId),
        E("Arn", role.Arn),
        E("CreateDate", role.CreateDate),
        E("AssumeRolePolicyDocument", PolicyDoc(role.AssumeRolePolicyDocument)),
    ];

    private static XElement RoleXml(IamRole role, string name = "Role") => S(name, [
        .. RoleIdentity(role),
        E("Description", role.Description),
        E("MaxSessionDuration", role.MaxSessionDuration),
        Boundary(role),
        role.Tags.Count > 0 ? List("Tags", role.Tags.Select(t => Member(E("Key", t.Key), E("Value", t.Value)))) : null,
        S("RoleLastUsed")]);

    /// <summary>A managed policy; <paramref name="extra"/> members follow (PolicyVersionList in authorization details).</summary>
    private static XElement PolicyXml(ManagedPolicy p, AccountState account, string name = "Policy", params object?[] extra) => S(name, [
        E("PolicyName", p.Name),
        E("PolicyId", p.PolicyId),
        E("Arn", p.Arn),
        E("Path", p.Path),
        E("DefaultVersionId", p.DefaultVersionId),
        E("AttachmentCount", account.Roles.Values.Count(r => r.AttachedPolicyArns.Contains(p.Arn))),
        E("PermissionsBoundaryUsageCount", account.Roles.Values.Count(r => r.PermissionsBoundaryArn == p.Arn)),
        E("IsAttachable", true),
        E("Description", p.Description),
        E("CreateDate", p.CreateDate),
        E("UpdateDate", p.UpdateDate),
        .. extra]);

    private static XElement VersionXml(PolicyVersion v, ManagedPolicy p, bool withDocument, string name = "PolicyVersion") => S(name,
        withDocument ? E("Document", PolicyDoc(v.Document)) : null,
        E("VersionId", v.VersionId),
        E("IsDefaultVersion", v.VersionId == p.DefaultVersionId),
        E("CreateDate", v.CreateDate));

    private static void Trail(AwsRequest r, string eventName, JsonNode? response = null)
    {
        var parameters = new JsonObject();
        foreach (var (k, v) in r.Form)
            if (k is not ("Action" or "Version")) parameters[char.ToLowerInvariant(k[0]) + k[1..]] = v;
        TrailRecorder.Record(r, "iam.amazonaws.com", eventName, parameters, response, [], region: "us-east-1");
    }

    /// <summary>Marker paging over a list: (page, isTruncated, nextMarker).</summary>
    private static (List<T> Items, XElement[] Tail) Paged<T>(AwsRequest r, IReadOnlyList<T> all, int defaultMax = 100)
    {
        var start = 0;
        if (r.P("Marker") is { Length: > 0 } marker && !int.TryParse(System.Text.Encoding.UTF8.GetString(Convert.FromBase64String(marker)), out start))
            throw new AwsException("ValidationError", "Invalid Marker.");
        var max = r.IntP("MaxItems") ?? defaultMax;
        if (max is < 1 or > 1000)
            throw new AwsException("ValidationError", $"1 validation error detected: Value '{max}' at 'maxItems' failed to satisfy constraint: Member must have value less than or equal to 1000");
        var items = all.Skip(start).Take(max).ToList();
        var next = start + items.Count;
        var truncated = next < all.Count;
        var tail = truncated
            ? new[] { E("IsTruncated", true)!, E("Marker", Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(next.ToString(CultureInfo.InvariantCulture))))! }
            : new[] { E("IsTruncated", false)! };
        return (items, tail);
    }

    // ---- roles --------------------------------------------------------------------------------

    private XElement? CreateRole(AwsRequest r)
    {
        var name = r.ReqP("RoleName");
        var doc = ValidDocument(r.P("AssumeRolePolicyDocument"), "assumeRolePolicyDocument");
        if (r.Account.Roles.ContainsKey(name)) throw new AwsException("EntityAlreadyExists", $"Role with name {name} already exists.", 409);
        var path = r.P("Path") ?? "/";
        var role = new IamRole
        {
            Name = name,
            Arn = $"arn:aws:iam::{r.AccountId}:role{path}{name}",
            RoleId = Ids.IamId("AROA"),
            Path = path,
            AssumeRolePolicyDocument = doc,
            Description = r.P("Description"),
            MaxSessionDuration = r.IntP("MaxSessionDuration") ?? 3600,
            PermissionsBoundaryArn = r.P("PermissionsBoundary"),
        };
        if (role.PermissionsBoundaryArn is { } b) FindPolicy(r.Account, b);
        foreach (var t in r.StructListP("Tags")) role.Tags[t["Key"]] = t.GetValueOrDefault("Value") ?? "";
        r.Account.Roles[name] = role;
        Trail(r, "CreateRole");
        return Result(RoleXml(role));
    }

    private XElement? GetRole(AwsRequest r) => Result(RoleXml(Role(r)));

    private XElement? ListRoles(AwsRequest r)
    {
        var prefix = r.P("PathPrefix") ?? "/";
        var (items, tail) = Paged(r, r.Account.Roles.Values.Where(x => x.Path.StartsWith(prefix, StringComparison.Ordinal)).ToList());
        return Result([List("Roles", items.Select(x => RoleXml(x, "member"))), .. tail]);
    }

    private XElement? DeleteRole(AwsRequest r)
    {
        var role = Role(r);
        if (role.InlinePolicies.Count > 0 || role.AttachedPolicyArns.Count > 0)
            throw new AwsException("DeleteConflict", "Cannot delete entity, must detach all policies first.", 409);
        r.Account.Roles.Remove(role.Name);
        Trail(r, "DeleteRole");
        return null;
    }

    private XElement? UpdateAssumeRolePolicy(AwsRequest r)
    {
        var role = Role(r);
        role.AssumeRolePolicyDocument = ValidDocument(r.P("PolicyDocument"));
        Trail(r, "UpdateAssumeRolePolicy");
        return null;
    }

    private XElement? PutRolePolicy(AwsRequest r)
    {
        var role = Role(r);
        var name = r.ReqP("PolicyName");
        role.InlinePolicies[name] = ValidDocument(r.P("PolicyDocument"));
        Trail(r, "PutRolePolicy");
        return null;
    }

    private XElement? GetRolePolicy(AwsRequest r)
    {
        var role = Role(r);
        var name = r.ReqP("PolicyName");
        if (!role.InlinePolicies.TryGetValue(name, out var doc))
            throw NoSuchEntity($"The role policy with name {name} cannot be found.");
        return Result(E("RoleName", role.Name), E("PolicyName", name), E("PolicyDocument", PolicyDoc(doc)));
    }

    private XElement? ListRolePolicies(AwsRequest r)
    {
        var (items, tail) = Paged(r, Role(r).InlinePolicies.Keys.ToList());
        return Result([List("PolicyNames", items), .. tail]);
    }

    private XElement? DeleteRolePolicy(AwsRequest r)
    {
        var role = Role(r);
        var name = r.ReqP("PolicyName");
        if (!role.InlinePolicies.Remove(name)) throw NoSuchEntity($"The role policy with name {name} cannot be found.");
        Trail(r, "DeleteRolePolicy");
        return null;
    }

    // ---- managed policies ---------------------------------------------------------------------

    private XElement? CreatePolicy(AwsRequest r)
    {
        var name = r.ReqP("PolicyName");
        var doc = ValidDocument(r.P("PolicyDocument"));
        var path = r.P("Path") ?? "/";
        var arn = $"arn:aws:iam::{r.AccountId}:policy{path}{name}";
        if (r.Account.Policies.ContainsKey(arn))
            throw new AwsException("EntityAlreadyExists", $"A policy called {name} already exists. Duplicate names are not allowed.", 409);
        var now = DateTimeOffset.UtcNow;
        var p = new ManagedPolicy { Name = name, Arn = arn, PolicyId = Ids.IamId("ANPA"), Path = path, Description = r.P("Description"), CreateDate = now, UpdateDate = now };
        p.Versions.Add(new PolicyVersion("v1", doc, now));
        r.Account.Policies[arn] = p;
        Trail(r, "CreatePolicy");
        return Result(PolicyXml(p, r.Account));
    }

    private XElement? GetPolicy(AwsRequest r) => Result(PolicyXml(FindPolicy(r.Account, r.ReqP("PolicyArn")), r.Account));

    private XElement? ListPolicies(AwsRequest r)
    {
        var scope = r.P("Scope") ?? "All";
        var onlyAttached = r.P("OnlyAttached") == "true";
        var all = new List<ManagedPolicy>();
        if (scope is "All" or "AWS") all.AddRange(AwsManagedPolicies.Arns.Select(a => AwsManagedPolicies.Find(a)!));
        if (scope is "All" or "Local") all.AddRange(r.Account.Policies.Values);
        if (onlyAttached) all = all.Where(p => r.Account.Roles.Values.Any(x => x.AttachedPolicyArns.Contains(p.Arn))).ToList();
        var (items, tail) = Paged(r, all);
        return Result([List("Policies", items.Select(p => PolicyXml(p, r.Account, "member"))), .. tail]);
    }

    private static ManagedPolicy LocalPolicy(AwsRequest r)
    {
        var arn = r.ReqP("PolicyArn");
        if (r.Account.Policies.TryGetValue(arn, out var p)) return p;
        if (AwsManagedPolicies.Find(arn) is not null)
            throw new AwsException("AccessDenied", $"User: {r.Caller.Arn} is not authorized to perform: iam:CreatePolicyVersion on resource: policy {arn}", 403);
        throw NoSuchEntity($"Policy {arn} was not found.");
    }

    private XElement? CreatePolicyVersion(AwsRequest r)
    {
        var p = LocalPolicy(r);
        var doc = ValidDocument(r.P("PolicyDocument"));
        if (p.Versions.Count >= 5)
            throw new AwsException("LimitExceeded", $"A managed policy can have up to 5 versions. Before you create a new version, you must delete an existing version.", 409);
        var v = new PolicyVersion($"v{p.NextVersion++}", doc, DateTimeOffset.UtcNow);
        p.Versions.Add(v);
        if (r.P("SetAsDefault") == "true") p.DefaultVersionId = v.VersionId;
        p.UpdateDate = v.CreateDate;
        Trail(r, "CreatePolicyVersion");
        return Result(VersionXml(v, p, withDocument: false));
    }

    private XElement? GetPolicyVersion(AwsRequest r)
    {
        var p = FindPolicy(r.Account, r.ReqP("PolicyArn"));
        var id = r.ReqP("VersionId");
        var v = p.Versions.FirstOrDefault(x => x.VersionId == id) ?? throw NoSuchEntity($"Policy {p.Arn} version {id} does not exist or is not attachable.");
        return Result(VersionXml(v, p, withDocument: true));
    }

    private XElement? ListPolicyVersions(AwsRequest r)
    {
        var p = FindPolicy(r.Account, r.ReqP("PolicyArn"));
        var (items, tail) = Paged(r, p.Versions.AsEnumerable().Reverse().ToList());
        return Result([List("Versions", items.Select(v => VersionXml(v, p, false, "member"))), .. tail]);
    }

    private XElement? SetDefaultPolicyVersion(AwsRequest r)
    {
        var p = LocalPolicy(r);
        var id = r.ReqP("VersionId");
        if (p.Versions.All(v => v.VersionId != id)) throw NoSuchEntity($"Policy {p.Arn} version {id} does not exist or is not attachable.");
        p.DefaultVersionId = id;
        Trail(r, "SetDefaultPolicyVersion");
        return null;
    }

    private XElement? AttachRolePolicy(AwsRequest r)
    {
        var role = Role(r);
        var p = FindPolicy(r.Account, r.ReqP("PolicyArn"));
        if (!role.AttachedPolicyArns.Contains(p.Arn))
        {
            if (role.AttachedPolicyArns.Count >= 20)
                throw new AwsException("LimitExceeded", "Cannot exceed quota for PoliciesPerRole: 20", 409);
            role.AttachedPolicyArns.Add(p.Arn);
        }
        Trail(r, "AttachRolePolicy");
        return null;
    }

    private XElement? DetachRolePolicy(AwsRequest r)
    {
        var role = Role(r);
        var arn = r.ReqP("PolicyArn");
        if (!role.AttachedPolicyArns.Remove(arn)) throw NoSuchEntity($"Policy {arn} was not found.");
        Trail(r, "DetachRolePolicy");
        return null;
    }

    private static XElement AttachedXml(AccountState account, string arn) =>
        Member(E("PolicyName", arn[(arn.LastIndexOf('/') + 1)..]), E("PolicyArn", arn));

    private XElement? ListAttachedRolePolicies(AwsRequest r)
    {
        var role = Role(r);
        var (items, tail) = Paged(r, role.AttachedPolicyArns);
        return Result([List("AttachedPolicies", items.Select(a => AttachedXml(r.Account, a))), .. tail]);
    }

    private XElement? PutRolePermissionsBoundary(AwsRequest r)
    {
        var role = Role(r);
        role.PermissionsBoundaryArn = FindPolicy(r.Account, r.ReqP("PermissionsBoundary")).Arn;
        Trail(r, "PutRolePermissionsBoundary");
        return null;
    }

    private XElement? DeleteRolePermissionsBoundary(AwsRequest r)
    {
        Role(r).PermissionsBoundaryArn = null;
        Trail(r, "DeleteRolePermissionsBoundary");
        return null;
    }

    // ---- users and groups (what the takeover analysis reads through GetAccountAuthorizationDetails) ----

    /// <summary>A user or group by its UserName/GroupName parameter.</summary>
    private static T Identity<T>(AwsRequest r, string kind, SortedDictionary<string, T> all) where T : IamIdentity
    {
        var name = r.ReqP(kind + "Name");
        return all.TryGetValue(name, out var found) ? found : throw NoSuchEntity($"The {kind.ToLowerInvariant()} with name {name} cannot be found.");
    }

    private static XElement? CreateIdentity<T>(AwsRequest r, string kind, SortedDictionary<string, T> all, Func<string, string, string, string, T> create, string idPrefix) where T : IamIdentity
    {
        var name = r.ReqP(kind + "Name");
        if (all.ContainsKey(name)) throw new AwsException("EntityAlreadyExists", $"{kind} with name {name} already exists.", 409);
        var path = r.P("Path") ?? "/";
        var identity = create(name, $"arn:aws:iam::{r.AccountId}:{kind.ToLowerInvariant()}{path}{name}", Ids.IamId(idPrefix), path);
        all[name] = identity;
        Trail(r, "Create" + kind);
        return Result(S(kind, E("Path", path), E(kind + "Name", name), E(kind + "Id", identity.Id), E("Arn", identity.Arn), E("CreateDate", identity.CreateDate)));
    }

    private XElement? AddUserToGroup(AwsRequest r)
    {
        var group = Identity(r, "Group", r.Account.Groups);
        var user = Identity(r, "User", r.Account.Users);
        if (!user.Groups.Contains(group.Name, StringComparer.OrdinalIgnoreCase)) user.Groups.Add(group.Name);
        Trail(r, "AddUserToGroup");
        return null;
    }

    private static XElement? PutIdentityPolicy(AwsRequest r, IamIdentity identity, string eventName)
    {
        identity.InlinePolicies[r.ReqP("PolicyName")] = ValidDocument(r.P("PolicyDocument"));
        Trail(r, eventName);
        return null;
    }

    private static XElement? AttachIdentityPolicy(AwsRequest r, IamIdentity identity, string eventName, string quota)
    {
        var p = FindPolicy(r.Account, r.ReqP("PolicyArn"));
        if (!identity.AttachedPolicyArns.Contains(p.Arn))
        {
            if (identity.AttachedPolicyArns.Count >= 20) throw new AwsException("LimitExceeded", $"Cannot exceed quota for {quota}: 20", 409);
            identity.AttachedPolicyArns.Add(p.Arn);
        }
        Trail(r, eventName);
        return null;
    }

    private XElement? PutUserPermissionsBoundary(AwsRequest r)
    {
        var user = Identity(r, "User", r.Account.Users);
        user.PermissionsBoundaryArn = FindPolicy(r.Account, r.ReqP("PermissionsBoundary")).Arn;
        Trail(r, "PutUserPermissionsBoundary");
        return null;
    }

    // ---- authorization details ----------------------------------------------------------------

    private XElement? GetAccountAuthorizationDetails(AwsRequest r)
    {
        var filter = r.ListP("Filter");
        bool Want(string kind) => filter.Count == 0 || filter.Contains(kind);
        var account = r.Account;
        var entries = new List<(string Kind, object Item)>();
        if (Want("User")) entries.AddRange(account.Users.Values.Select(x => ("User", (object)x)));
        if (Want("Group")) entries.AddRange(account.Groups.Values.Select(x => ("Group", (object)x)));
        if (Want("Role")) entries.AddRange(account.Roles.Values.Select(x => ("Role", (object)x)));
        var policies = new List<ManagedPolicy>();
        if (Want("LocalManagedPolicy")) policies.AddRange(account.Policies.Values);
        if (Want("AWSManagedPolicy"))
        {
            // AWS returns the AWS managed policies attached to any user, group or role (or used as a boundary).
            policies.AddRange(account.Roles.Values.SelectMany(x => x.AttachedPolicyArns.Append(x.PermissionsBoundaryArn ?? ""))
                .Concat(account.Users.Values.SelectMany(x => x.AttachedPolicyArns.Append(x.PermissionsBoundaryArn ?? "")))
                .Concat(account.Groups.Values.SelectMany(x => x.AttachedPolicyArns))
                .Where(a => a.StartsWith("arn:aws:iam::aws:", StringComparison.Ordinal)).Distinct(StringComparer.Ordinal)
                .Select(a => AwsManagedPolicies.Find(a)).OfType<ManagedPolicy>());
        }
        entries.AddRange(policies.Select(p => ("Policy", (object)p)));
        var (items, tail) = Paged(r, entries);
        var users = items.Where(i => i.Kind == "User").Select(i => (IamUser)i.Item);
        var groups = items.Where(i => i.Kind == "Group").Select(i => (IamGroup)i.Item);
        var roles = items.Where(i => i.Kind == "Role").Select(i => (IamRole)i.Item);
        var pols = items.Where(i => i.Kind == "Policy").Select(i => (ManagedPolicy)i.Item);
        object?[] IdentityMembers(IamIdentity x, string kind) =>
        [
            E("Path", x.Path), E(kind + "Name", x.Name), E(kind + "Id", x.Id), E("Arn", x.Arn), E("CreateDate", x.CreateDate),
            List(kind + "PolicyList", x.InlinePolicies.Select(p => Member(E("PolicyName", p.Key), E("PolicyDocument", PolicyDoc(p.Value))))),
            List("AttachedManagedPolicies", x.AttachedPolicyArns.Select(a => AttachedXml(account, a))),
        ];
        return Result([
            List("UserDetailList", users.Select(u => Member([
                .. IdentityMembers(u, "User"),
                List("GroupList", u.Groups),
                u.PermissionsBoundaryArn is { } b ? S("PermissionsBoundary", E("PermissionsBoundaryType", "Policy"), E("PermissionsBoundaryArn", b)) : null]))),
            List("GroupDetailList", groups.Select(g => Member(IdentityMembers(g, "Group")))),
            List("RoleDetailList", roles.Select(role => Member([
                .. RoleIdentity(role),
                List("InstanceProfileList", []),
                List("RolePolicyList", role.InlinePolicies.Select(p => Member(E("PolicyName", p.Key), E("PolicyDocument", PolicyDoc(p.Value))))),
                List("AttachedManagedPolicies", role.AttachedPolicyArns.Select(a => AttachedXml(account, a))),
                Boundary(role),
                List("Tags", role.Tags.Select(t => Member(E("Key", t.Key), E("Value", t.Value)))),
                S("RoleLastUsed")]))),
            List("Policies", pols.Select(p => PolicyXml(p, account, "member",
                List("PolicyVersionList", p.Versions.Select(v => VersionXml(v, p, true, "member")))))),
            .. tail]);
    }

    // ---- service last accessed ----------------------------------------------------------------

    private XElement? GenerateServiceLastAccessedDetails(AwsRequest r)
    {
        var arn = r.ReqP("Arn");
        var role = r.Account.Roles.Values.FirstOrDefault(x => x.Arn == arn)
            ?? throw NoSuchEntity($"The role with arn {arn} cannot be found.");
        var services = ServiceNamespaces(r.Account, role);
        var jobId = Ids.Uuid();
        var now = DateTimeOffset.UtcNow;
        var list = new JsonArray(services.Select(ns => (JsonNode)new JsonObject
        {
            ["ServiceName"] = ns,
            ["ServiceNamespace"] = ns,
            ["LastAuthenticated"] = role.LastAccessed.TryGetValue(ns, out var when) ? Xml.Time(when) : null,
            ["LastAuthenticatedEntity"] = role.LastAccessed.ContainsKey(ns) ? role.Arn : null,
            ["TotalAuthenticatedEntities"] = role.LastAccessed.ContainsKey(ns) ? 1 : 0,
        }).ToArray());
        r.Account.LastAccessedJobs[jobId] = new JsonObject { ["Created"] = Xml.Time(now), ["Services"] = list };
        return Result(E("JobId", jobId));
    }

    /// <summary>Service prefixes named by the actions of the role's inline and attached policies.</summary>
    private static SortedSet<string> ServiceNamespaces(AccountState account, IamRole role)
    {
        var docs = role.InlinePolicies.Values.ToList();
        foreach (var arn in role.AttachedPolicyArns)
        {
            var p = account.Policies.GetValueOrDefault(arn) ?? AwsManagedPolicies.Find(arn);
            if (p is not null) docs.Add(p.Default.Document);
        }
        var result = new SortedSet<string>(StringComparer.Ordinal);
        foreach (var doc in docs)
        {
            try
            {
                var statements = JsonNode.Parse(doc)?["Statement"];
                foreach (var s in statements is JsonArray a ? a : new JsonArray(statements?.DeepClone()))
                {
                    var action = s?["Action"];
                    foreach (var act in action is JsonArray aa ? aa.Select(x => x?.ToString()) : [action?.ToString()])
                        if (act is not null && act.Contains(':')) result.Add(act[..act.IndexOf(':')].ToLowerInvariant());
                }
            }
            catch (JsonException)
            {
                // documents are validated on write; ignore anything unreadable
            }
        }
        return result;
    }

    private XElement? GetServiceLastAccessedDetails(AwsRequest r)
    {
        var id = r.ReqP("JobId");
        if (!r.Account.LastAccessedJobs.TryGetValue(id, out var job))
            throw new AwsException("NoSuchEntity", $"No job found with id {id}.", 404);
        var created = job["Created"]!.GetValue<string>();
        return Result(
            E("JobStatus", "COMPLETED"),
            E("JobType", "SERVICE_LEVEL"),
            E("JobCreationDate", created),
            List("ServicesLastAccessed", job["Services"]!.AsArray().Select(s => Member(
                E("ServiceName", s!["ServiceName"]!.GetValue<string>()),
                E("LastAuthenticated", s["LastAuthenticated"]?.GetValue<string>()),
                E("ServiceNamespace", s["ServiceNamespace"]!.GetValue<string>()),
                E("LastAuthenticatedEntity", s["LastAuthenticatedEntity"]?.GetValue<string>()),
                E("TotalAuthenticatedEntities", s["TotalAuthenticatedEntities"]!.GetValue<int>())))),
            E("JobCompletionDate", created),
            E("IsTruncated", false));
    }
}
