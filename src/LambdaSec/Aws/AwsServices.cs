using System.Collections.Generic;
using LambdaSec.Aws.Protocols;

namespace LambdaSec.Aws;

/// <summary>The services LambdaSec calls; names, versions and target prefixes are botocore's (service-2.json metadata).</summary>
public static class AwsServices
{
    public static readonly AwsService Lambda = new("lambda", "lambda", "LAMBDA", RestJsonProtocol.Instance);
    public static readonly AwsService ApiGateway = new("apigateway", "apigateway", "API_GATEWAY", RestJsonProtocol.Instance);
    public static readonly AwsService ApiGatewayV2 = new("apigateway", "apigateway", "APIGATEWAYV2", RestJsonProtocol.Instance);
    public static readonly AwsService CloudTrail = new("cloudtrail", "cloudtrail", "CLOUDTRAIL", JsonRpcProtocol.Instance, targetPrefix: "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101");
    public static readonly AwsService WafV2 = new("wafv2", "wafv2", "WAFV2", JsonRpcProtocol.Instance, targetPrefix: "AWSWAF_20190729");
    public static readonly AwsService Organizations = new("organizations", "organizations", "ORGANIZATIONS", JsonRpcProtocol.Instance, targetPrefix: "AWSOrganizationsV20161128", globalRegion: "us-east-1");
    public static readonly AwsService Iam = new("iam", "iam", "IAM", QueryProtocol.Instance, apiVersion: "2010-05-08", globalRegion: "us-east-1");
    public static readonly AwsService ElbV2 = new("elasticloadbalancing", "elasticloadbalancing", "ELASTIC_LOAD_BALANCING_V2", QueryProtocol.Instance, apiVersion: "2015-12-01");
    public static readonly AwsService SecurityHub = new("securityhub", "securityhub", "SECURITYHUB", RestJsonProtocol.Instance);
    public static readonly AwsService Sts = new("sts", "sts", "STS", QueryProtocol.Instance, apiVersion: "2011-06-15");
    public static readonly AwsService Ec2 = new("ec2", "ec2", "EC2", QueryProtocol.Ec2, apiVersion: "2016-11-15");
    public static readonly AwsService Logs = new("logs", "logs", "CLOUDWATCH_LOGS", JsonRpcProtocol.Instance, targetPrefix: "Logs_20140328");
    public static readonly AwsService Inspector2 = new("inspector2", "inspector2", "INSPECTOR2", RestJsonProtocol.Instance);
    public static readonly AwsService GuardDuty = new("guardduty", "guardduty", "GUARDDUTY", RestJsonProtocol.Instance);

    /// <summary>Every service above (declared last, so they are all initialised).</summary>
    public static readonly IReadOnlyList<AwsService> All = [Lambda, ApiGateway, ApiGatewayV2, CloudTrail, WafV2, Organizations, Iam, ElbV2, Sts, Logs, Ec2, Inspector2, GuardDuty];
}
