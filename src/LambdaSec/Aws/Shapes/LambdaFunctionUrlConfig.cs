using System;
using System.Collections.Generic;

namespace LambdaSec.Aws.Shapes;

/// <summary>A function URL (GetFunctionUrlConfig, ListFunctionUrlConfigs): its auth type and CORS settings.</summary>
public sealed class LambdaFunctionUrlConfig
{
    public string FunctionUrl { get; init; } = string.Empty;
    public string FunctionArn { get; init; } = string.Empty;
    public string AuthType { get; init; } = string.Empty;
    public string? InvokeMode { get; init; }
    public IReadOnlyList<string> AllowOrigins { get; init; } = Array.Empty<string>();
    public IReadOnlyList<string> AllowMethods { get; init; } = Array.Empty<string>();
    public bool? AllowCredentials { get; init; }
    public bool HasCors { get; init; }

    public static LambdaFunctionUrlConfig From(AwsNode node)
    {
        var cors = node.Get("Cors");
        return new LambdaFunctionUrlConfig
        {
            FunctionUrl = node.GetString("FunctionUrl") ?? string.Empty,
            FunctionArn = node.GetString("FunctionArn") ?? string.Empty,
            AuthType = node.GetString("AuthType") ?? string.Empty,
            InvokeMode = node.GetString("InvokeMode"),
            HasCors = cors is not null,
            AllowOrigins = cors?.GetStrings("AllowOrigins") ?? Array.Empty<string>(),
            AllowMethods = cors?.GetStrings("AllowMethods") ?? Array.Empty<string>(),
            AllowCredentials = cors?.GetBool("AllowCredentials"),
        };
    }
}
