namespace LambdaSec.Analysis.Policy;

/// <summary>Account ids and ARNs. An account is exactly 12 digits, wherever it appears (DESIGN.md §3).</summary>
public static class AwsIdentifiers
{
    public static bool IsAccountId(string? value)
    {
        if (value is null || value.Length != 12)
        {
            return false;
        }

        foreach (var c in value)
        {
            if (c is < '0' or > '9')
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The account field of an ARN (arn:partition:service:region:account:resource), or null when it is not an ARN.</summary>
    public static string? ArnAccountField(string value)
    {
        if (!value.StartsWith("arn:", System.StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var parts = value.Split([':'], 6);
        return parts.Length >= 6 ? parts[4] : null;
    }

    /// <summary>The 12-digit account of a Lambda function ARN, or null.</summary>
    public static string? AccountOfArn(string? arn)
    {
        var field = arn is null ? null : ArnAccountField(arn);
        return IsAccountId(field) ? field : null;
    }
}
