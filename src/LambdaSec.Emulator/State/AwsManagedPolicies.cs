namespace LambdaSec.Emulator.State;

/// <summary>A few AWS managed policies (default versions, abbreviated where AWS's are long) so that
/// attach-role-policy with arn:aws:iam::aws:policy/... works as in a real account.</summary>
public static class AwsManagedPolicies
{
    private static readonly Dictionary<string, (string Path, string Document)> Known = new(StringComparer.Ordinal)
    {
        ["AdministratorAccess"] = ("/", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"*","Resource":"*"}]}"""),
        ["PowerUserAccess"] = ("/", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","NotAction":["iam:*","organizations:*","account:*"],"Resource":"*"},{"Effect":"Allow","Action":["iam:CreateServiceLinkedRole","iam:DeleteServiceLinkedRole","iam:ListRoles","organizations:DescribeOrganization","account:ListRegions","account:GetAccountInformation"],"Resource":"*"}]}"""),
        ["ReadOnlyAccess"] = ("/", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["lambda:Get*","lambda:List*","s3:Get*","s3:List*","iam:Get*","iam:List*","ec2:Describe*","dynamodb:Describe*","dynamodb:List*","cloudwatch:Get*","logs:Get*","logs:Describe*"],"Resource":"*"}]}"""),
        ["IAMFullAccess"] = ("/", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["iam:*","organizations:DescribeAccount","organizations:DescribeOrganization","organizations:DescribeOrganizationalUnit","organizations:DescribePolicy","organizations:ListChildren","organizations:ListParents","organizations:ListPoliciesForTarget","organizations:ListRoots","organizations:ListPolicies","organizations:ListTargetsForPolicy"],"Resource":"*"}]}"""),
        ["AmazonS3FullAccess"] = ("/", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:*","s3-object-lambda:*"],"Resource":"*"}]}"""),
        ["AmazonS3ReadOnlyAccess"] = ("/", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["s3:Get*","s3:List*","s3:Describe*","s3-object-lambda:Get*","s3-object-lambda:List*"],"Resource":"*"}]}"""),
        ["AmazonDynamoDBFullAccess"] = ("/", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["dynamodb:*","dax:*","application-autoscaling:*","cloudwatch:*","iam:PassRole"],"Resource":"*"}]}"""),
        ["AWSLambda_FullAccess"] = ("/", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["cloudformation:DescribeStacks","cloudwatch:ListMetrics","cloudwatch:GetMetricData","ec2:DescribeSecurityGroups","ec2:DescribeSubnets","ec2:DescribeVpcs","iam:GetRole","iam:ListRoles","lambda:*","logs:DescribeLogGroups","s3:ListAllMyBuckets"],"Resource":"*"},{"Effect":"Allow","Action":"iam:PassRole","Resource":"*","Condition":{"StringEquals":{"iam:PassedToService":"lambda.amazonaws.com"}}}]}"""),
        ["AWSLambdaBasicExecutionRole"] = ("/service-role/", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents"],"Resource":"*"}]}"""),
        ["AWSLambdaVPCAccessExecutionRole"] = ("/service-role/", """{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":["logs:CreateLogGroup","logs:CreateLogStream","logs:PutLogEvents","ec2:CreateNetworkInterface","ec2:DescribeNetworkInterfaces","ec2:DescribeSubnets","ec2:DeleteNetworkInterface","ec2:AssignPrivateIpAddresses","ec2:UnassignPrivateIpAddresses"],"Resource":"*"}]}"""),
    };

    private static readonly DateTimeOffset Created = new(2015, 2, 6, 18, 39, 46, TimeSpan.Zero);

    /// <summary>The AWS managed policy for an ARN arn:aws:iam::aws:policy[/path]/Name, or null.</summary>
    public static ManagedPolicy? Find(string arn)
    {
        const string prefix = "arn:aws:iam::aws:policy";
        if (!arn.StartsWith(prefix, StringComparison.Ordinal)) return null;
        var name = arn[(arn.LastIndexOf('/') + 1)..];
        if (!Known.TryGetValue(name, out var p)) return null;
        if (arn != $"{prefix}{p.Path}{name}") return null;
        var policy = new ManagedPolicy
        {
            Name = name,
            Arn = arn,
            PolicyId = "ANPA" + Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(name)))[..17],
            Path = p.Path,
            CreateDate = Created,
            UpdateDate = Created,
        };
        policy.Versions.Add(new PolicyVersion("v1", p.Document, Created));
        return policy;
    }

    public static IEnumerable<string> Arns => Known.Select(k => $"arn:aws:iam::aws:policy{k.Value.Path}{k.Key}");
}
