using System;
using System.Text.Json.Serialization;

namespace LambdaSec.Remediation;

/// <summary>
/// One line of a remediation backup file (JSON lines): what was there before a change, written and flushed to
/// disk before the change is made. Kind Permission holds a policy statement; kind FunctionUrl holds a URL's AuthType.
/// </summary>
public sealed class BackupEntry
{
    public const string PermissionKind = "Permission";
    public const string FunctionUrlKind = "FunctionUrl";

    public string Kind { get; set; } = PermissionKind;

    public DateTimeOffset Timestamp { get; set; }

    public string? AccountId { get; set; }

    public string? Region { get; set; }

    public string FunctionName { get; set; } = string.Empty;

    public string? FunctionArn { get; set; }

    public string? Qualifier { get; set; }

    /// <summary>Permission: the statement's Sid.</summary>
    public string? StatementId { get; set; }

    /// <summary>Permission: the statement exactly as the policy held it (JSON).</summary>
    public string? Statement { get; set; }

    /// <summary>Permission: the policy revision the statement was read from.</summary>
    public string? RevisionId { get; set; }

    /// <summary>FunctionUrl: the AuthType before the change.</summary>
    public string? AuthType { get; set; }

    /// <summary>FunctionUrl: the URL whose AuthType changed.</summary>
    public string? Url { get; set; }

    /// <summary>"function" or "function:qualifier", for messages.</summary>
    [JsonIgnore]
    public string Target => Qualifier is null ? FunctionName : $"{FunctionName}:{Qualifier}";
}
