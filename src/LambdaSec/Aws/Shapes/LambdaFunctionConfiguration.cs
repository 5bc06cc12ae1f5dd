using System;
using System.Collections.Generic;
using System.Linq;

namespace LambdaSec.Aws.Shapes;

/// <summary>The fields of Lambda's FunctionConfiguration that LambdaSec uses (ListFunctions, GetFunction, GetFunctionConfiguration).</summary>
public sealed class LambdaFunctionConfiguration
{
    public string FunctionName { get; init; } = string.Empty;
    public string FunctionArn { get; init; } = string.Empty;
    public string? Runtime { get; init; }
    public string PackageType { get; init; } = "Zip";
    public string? Role { get; init; }
    public string? Handler { get; init; }
    public int? MemorySize { get; init; }
    public int? Timeout { get; init; }
    public IReadOnlyList<string> Architectures { get; init; } = Array.Empty<string>();
    public string? VpcId { get; init; }
    public IReadOnlyList<string> SubnetIds { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> SecurityGroupIds { get; init; } = Array.Empty<string>();
    /// <summary>Names only: values may hold secrets and LambdaSec never needs them.</summary>
    public IReadOnlyList<string> EnvironmentVariableNames { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> Layers { get; init; } = Array.Empty<string>();
    public string? KmsKeyArn { get; init; }
    public string? TracingMode { get; init; }
    /// <summary>DeadLetterConfig.TargetArn; empty when the function has no dead-letter queue.</summary>
    public string DeadLetterTargetArn { get; init; } = string.Empty;
    /// <summary>LoggingConfig.LogGroup: where the function's logs go; null when the answer has none (then /aws/lambda/&lt;name&gt;).</summary>
    public string? LogGroup { get; init; }
    public string? LastModified { get; init; }
    public string? Version { get; init; }
    public string? RevisionId { get; init; }
    public string? State { get; init; }

    public static LambdaFunctionConfiguration From(AwsNode node)
    {
        var vpc = node.Get("VpcConfig");
        return new LambdaFunctionConfiguration
        {
            FunctionName = node.GetString("FunctionName") ?? string.Empty,
            FunctionArn = node.GetString("FunctionArn") ?? string.Empty,
            Runtime = node.GetString("Runtime"),
            PackageType = node.GetString("PackageType") ?? "Zip",
            Role = node.GetString("Role"),
            Handler = node.GetString("Handler"),
            MemorySize = node.GetInt("MemorySize"),
            Timeout = node.GetInt("Timeout"),
            Architectures = node.GetStrings("Architectures"),
            VpcId = string.IsNullOrEmpty(vpc?.GetString("VpcId")) ? null : vpc!.GetString("VpcId"),
            SubnetIds = vpc?.GetStrings("SubnetIds") ?? Array.Empty<string>(),
            SecurityGroupIds = vpc?.GetStrings("SecurityGroupIds") ?? Array.Empty<string>(),
            EnvironmentVariableNames = node.Get("Environment")?.Get("Variables")?.MemberNames() ?? Array.Empty<string>(),
            Layers = node.GetList("Layers").Select(l => l.GetString("Arn")).Where(a => a is not null).Select(a => a!).ToList(),
            KmsKeyArn = node.GetString("KMSKeyArn"),
            TracingMode = node.Get("TracingConfig")?.GetString("Mode"),
            DeadLetterTargetArn = node.Get("DeadLetterConfig")?.GetString("TargetArn") ?? string.Empty,
            LogGroup = node.Get("LoggingConfig")?.GetString("LogGroup"),
            LastModified = node.GetString("LastModified"),
            Version = node.GetString("Version"),
            RevisionId = node.GetString("RevisionId"),
            State = node.GetString("State"),
        };
    }
}
