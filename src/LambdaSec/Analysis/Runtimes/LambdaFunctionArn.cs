using System;

namespace LambdaSec.Analysis.Runtimes;

/// <summary>The parts of a Lambda function ARN (arn:partition:lambda:region:account:function:name[:qualifier]).</summary>
public sealed class LambdaFunctionArn
{
    private LambdaFunctionArn(string arn, string region, string accountId, string functionName)
    {
        Arn = arn;
        Region = region;
        AccountId = accountId;
        FunctionName = functionName;
    }

    public string Arn { get; }

    public string Region { get; }

    public string AccountId { get; }

    public string FunctionName { get; }

    /// <summary>The ARN's parts, or null when the text is a plain function name or not a Lambda function ARN.</summary>
    public static LambdaFunctionArn? TryParse(string? text)
    {
        if (text is null || !text.StartsWith("arn:", StringComparison.Ordinal))
        {
            return null;
        }

        var parts = text.Split(':');
        return parts.Length is 7 or 8 && parts[2] == "lambda" && parts[5] == "function" && parts[4].Length == 12 && parts[6].Length > 0
            ? new LambdaFunctionArn(text, parts[3], parts[4], parts[6])
            : null;
    }
}
